// The DNSBL checker against a real rbldnsd (Debian package) serving test zones: listed, clean and multi-code
// entries with TXT reasons, error codes that are never listings (a custom zone's, Spamhaus ZEN's 127.255.255.x
// served under the catalog's own name, DNSWL's 127.0.0.255), IPv6 nibble queries, zones that cannot be trusted (no
// 127.0.0.2 test entry, a wildcard, a resolver answering outside 127.0.0.0/8, a zone rbldnsd does not serve:
// REFUSED), a resolver that never answers and one that answers SERVFAIL; the answer cache (a second pass sends no
// queries), the per-zone rate limit, and the Spamhaus DQS key never leaving the query name.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import type { ReputationEntry } from '@penguinmails/sysmon-contract';
import { createReputationChecker } from '../src/reputation/checker.ts';
import { reputationSchema } from '../src/reputation/config.ts';
import { startFakeDnsServer, startRbldnsd, type RbldnsdDataset, type RunningDnsServer } from './support/rbldnsd.ts';

const DQS_KEY = 'sekr3tdqskey0123456789';

/** Spamhaus ZEN as Spamhaus answers: SBL, XBL and PBL datasets in one zone, the public-resolver error code, IPv6. */
function zenDatasets(zone: string): RbldnsdDataset[] {
  return [
    {
      zone,
      type: 'ip4set',
      lines: [
        '127.0.0.2 :127.0.0.2:https://check.spamhaus.org/query/ip/127.0.0.2',
        '192.0.2.10 :127.0.0.2:https://check.spamhaus.org/query/ip/$',
        '192.0.2.13 :127.255.255.254:https://www.spamhaus.org/returnc/pub/',
        `192.0.2.14 :127.0.0.2:asked through ${zone}`,
      ],
    },
    {
      zone,
      type: 'ip4set',
      lines: ['127.0.0.2 :127.0.0.4:', '192.0.2.11 :127.0.0.4:https://check.spamhaus.org/query/ip/$'],
    },
    { zone, type: 'ip4set', lines: ['127.0.0.2 :127.0.0.10:', '192.0.2.11 :127.0.0.10:'] },
    { zone, type: 'ip6trie', lines: ['::ffff:7f00:2 :127.0.0.2:', '2001:db8::25 :127.0.0.3:CSS listing for $'] },
  ];
}

const DATASETS: RbldnsdDataset[] = [
  {
    zone: 'bl.test',
    type: 'ip4set',
    lines: [
      ':127.0.0.2:Listed on bl.test, see https://bl.test/lookup?ip=$',
      '127.0.0.2',
      '192.0.2.10',
      '192.0.2.11 :127.0.0.2:Spam source $',
      '192.0.2.13 :127.0.0.250:',
    ],
  },
  // A second dataset of the same zone: 192.0.2.11 answers two codes.
  { zone: 'bl.test', type: 'ip4set', lines: ['192.0.2.11 :127.0.0.3:Open proxy $'] },
  { zone: 'bl2.test', type: 'ip4set', lines: ['127.0.0.2'] },
  ...zenDatasets('zen.spamhaus.org'),
  ...zenDatasets(`${DQS_KEY}.zen.dq.spamhaus.net`),
  {
    zone: 'list.dnswl.org',
    type: 'ip4set',
    lines: [
      '127.0.0.2 :127.0.10.0:',
      '192.0.2.12 :127.0.3.2:https://www.dnswl.org/s/?s=42',
      '192.0.2.13 :127.0.0.255:',
    ],
  },
  // No 127.0.0.2 test entry: a retired or broken list.
  { zone: 'notest.test', type: 'ip4set', lines: ['192.0.2.10 :127.0.0.2:Listed'] },
  // Lists everything, 127.0.0.1 included.
  { zone: 'wild.test', type: 'ip4trie', lines: ['0.0.0.0/0 :127.0.0.2:Everything is listed'] },
  // Answers outside 127.0.0.0/8, as a resolver rewriting NXDOMAIN to an ad server does.
  { zone: 'hijack.test', type: 'ip4trie', lines: ['0.0.0.0/0 :192.0.2.99:'] },
];

const BL_TEST = {
  zone: 'bl.test',
  label: 'Test BL',
  codes: { '127.0.0.2': 'spam source', '127.0.0.3': 'open proxy' },
  errorCodes: { '127.0.0.250': 'rate limited' },
  delistUrl: 'https://bl.test/remove',
};

describe('DNSBL checks against a real rbldnsd', () => {
  let rbldnsd: RunningDnsServer;

  before(async () => {
    rbldnsd = await startRbldnsd(DATASETS, { ttl: 3_600 });
  });

  after(async () => {
    await rbldnsd?.stop();
  });

  const config = (overrides: Record<string, unknown>) =>
    reputationSchema.parse({ resolver: { servers: [rbldnsd.address], timeoutMs: 1_000, tries: 1 }, ...overrides });

  const byIp = (entries: ReputationEntry[], zone: string) =>
    new Map(entries.filter((entry) => entry.zone === zone).map((entry) => [entry.ip, entry]));

  it('decodes listings, multi-code answers and TXT reasons; an error code is unknown, never listed', async () => {
    const checker = createReputationChecker({
      config: config({
        sendingIps: ['192.0.2.10', '192.0.2.11', '192.0.2.12', '192.0.2.13', '2001:db8::25'],
        zones: [BL_TEST],
      }),
      now: () => new Date('2026-03-01T10:00:00Z'),
    });
    const entries = await checker.checkAll();
    // An IPv4-only zone is not asked about the IPv6 address: no row.
    assert.deepEqual(
      entries.map((entry) => [entry.ip, entry.state]),
      [
        ['192.0.2.10', 'listed'],
        ['192.0.2.11', 'listed'],
        ['192.0.2.12', 'clean'],
        ['192.0.2.13', 'unknown'],
      ]
    );
    const rows = byIp(entries, 'bl.test');
    assert.deepEqual(rows.get('192.0.2.10'), {
      ip: '192.0.2.10',
      zone: 'bl.test',
      zoneLabel: 'Test BL',
      zoneKind: 'block',
      state: 'listed',
      codes: ['127.0.0.2'],
      meanings: ['spam source'],
      reason: 'Listed on bl.test, see https://bl.test/lookup?ip=192.0.2.10',
      error: null,
      checkedAt: '2026-03-01T10:00:00.000Z',
      since: null,
      delistUrl: 'https://bl.test/remove',
    });
    const multi = rows.get('192.0.2.11')!;
    assert.deepEqual(multi.codes, ['127.0.0.2', '127.0.0.3']);
    assert.deepEqual(multi.meanings, ['spam source', 'open proxy']);
    assert.match(multi.reason!, /Spam source 192\.0\.2\.11/);
    assert.match(multi.reason!, /Open proxy 192\.0\.2\.11/);
    assert.equal(rows.get('192.0.2.12')!.reason, null);
    assert.deepEqual(rows.get('192.0.2.12')!.codes, []);
    const refused = rows.get('192.0.2.13')!;
    assert.deepEqual(refused.codes, []);
    assert.equal(refused.error, 'Test BL refused the query: rate limited (127.0.0.250)');
  });

  it('Spamhaus ZEN: SBL/XBL/PBL meanings, 127.255.255.254 is a refused query, IPv6 asked by nibbles', async () => {
    const checker = createReputationChecker({
      config: config({
        sendingIps: ['192.0.2.10', '192.0.2.11', '192.0.2.12', '192.0.2.13', '2001:DB8::25', '2001:db8::26'],
        zones: ['zen.spamhaus.org'],
      }),
    });
    const rows = byIp(await checker.checkAll(), 'zen.spamhaus.org');
    assert.equal(rows.size, 6);
    const sbl = rows.get('192.0.2.10')!;
    assert.equal(sbl.state, 'listed');
    assert.equal(sbl.zoneLabel, 'Spamhaus ZEN');
    assert.deepEqual(sbl.codes, ['127.0.0.2']);
    assert.match(sbl.meanings[0]!, /^SBL/);
    assert.equal(sbl.reason, 'https://check.spamhaus.org/query/ip/192.0.2.10');
    assert.equal(sbl.delistUrl, 'https://check.spamhaus.org/');
    const xblPbl = rows.get('192.0.2.11')!;
    assert.deepEqual(xblPbl.codes, ['127.0.0.4', '127.0.0.10']);
    assert.match(xblPbl.meanings[0]!, /^XBL/);
    assert.match(xblPbl.meanings[1]!, /^PBL/);
    // A TXT record for one of the codes only: the reason is that one.
    assert.equal(xblPbl.reason, 'https://check.spamhaus.org/query/ip/192.0.2.11');
    assert.equal(rows.get('192.0.2.12')!.state, 'clean');
    const refused = rows.get('192.0.2.13')!;
    assert.equal(refused.state, 'unknown');
    assert.equal(refused.error, 'Spamhaus refused the query: public/open resolver (127.255.255.254)');
    assert.deepEqual(refused.codes, []);
    // IPv6: canonical spelling, 32 reversed nibbles, the zone's IPv6 test entries.
    const css = rows.get('2001:db8::25')!;
    assert.equal(css.state, 'listed');
    assert.deepEqual(css.codes, ['127.0.0.3']);
    assert.match(css.meanings[0]!, /^SBL CSS/);
    assert.equal(css.reason, 'CSS listing for 2001:db8::25');
    assert.equal(rows.get('2001:db8::26')!.state, 'clean');
  });

  it('DNSWL is an allowlist: 127.0.<category>.<trust> decoded, 127.0.0.255 is a refused query', async () => {
    const checker = createReputationChecker({
      config: config({ sendingIps: ['192.0.2.10', '192.0.2.12', '192.0.2.13'], zones: ['list.dnswl.org'] }),
    });
    const rows = byIp(await checker.checkAll(), 'list.dnswl.org');
    const listed = rows.get('192.0.2.12')!;
    assert.equal(listed.zoneKind, 'allow');
    assert.equal(listed.state, 'listed');
    assert.deepEqual(listed.meanings, ['allowlisted: email service providers, trust medium']);
    assert.equal(listed.reason, 'https://www.dnswl.org/s/?s=42');
    assert.equal(rows.get('192.0.2.10')!.state, 'clean');
    assert.equal(rows.get('192.0.2.13')!.state, 'unknown');
    assert.match(rows.get('192.0.2.13')!.error!, /^DNSWL refused the query: .* \(127\.0\.0\.255\)$/);
  });

  it('a zone is trusted only when its test entries answer as they should; otherwise every row is unknown', async () => {
    const cases: Array<[string, RegExp, number]> = [
      // zone, reason, questions sent (the test entries only: the IPs are never asked)
      ['notest.test', /does not answer for its test entry 127\.0\.0\.2/, 1],
      ['wild.test', /answers for 127\.0\.0\.1, which no list may list/, 2],
      ['hijack.test', /answered 192\.0\.2\.99, outside 127\.0\.0\.0\/8/, 1],
      ['unserved.test', new RegExp(`^REFUSED by ${rbldnsd.address.replaceAll('.', '\\.')}`), 1],
    ];
    for (const [zone, reason, questions] of cases) {
      const checker = createReputationChecker({
        config: config({ sendingIps: ['192.0.2.10', '192.0.2.12', '192.0.2.77'], zones: [zone] }),
      });
      const entries = await checker.checkAll();
      assert.equal(entries.length, 3, zone);
      for (const entry of entries) {
        assert.equal(entry.state, 'unknown', `${zone} ${entry.ip}`);
        assert.match(entry.error!, reason, zone);
      }
      assert.equal(checker.queriesSent(), questions, zone);
    }
  });

  it('a resolver that never answers gives unknown within the configured budget, never clean', async () => {
    const silent = await startFakeDnsServer('silent');
    try {
      const checker = createReputationChecker({
        config: reputationSchema.parse({
          sendingIps: ['192.0.2.10', '192.0.2.12', '2001:db8::25'],
          zones: ['zen.spamhaus.org', 'bl.spamcop.net'],
          resolver: { servers: [silent.address], timeoutMs: 300, tries: 2 },
        }),
        dqsKey: DQS_KEY,
      });
      const started = performance.now();
      const entries = await checker.checkAll();
      const elapsed = performance.now() - started;
      assert.equal(entries.length, 5);
      for (const entry of entries) {
        assert.equal(entry.state, 'unknown');
        assert.equal(entry.error, `the resolver (${silent.address}) did not answer within 0.6 s`);
      }
      // Both zones' test entries (IPv4; IPv6 for ZEN) timed out in parallel: one budget, not one per row.
      assert.ok(elapsed < 1_500, `took ${Math.round(elapsed)} ms`);
      assert.ok((await silent.queries()) >= 3, 'the questions reached the silent server');
      assert.ok(!JSON.stringify(entries).includes(DQS_KEY));
      // Worth asking again soon (reputation/job.ts retries such a pass within seconds).
      assert.ok(checker.unanswered() >= 3, `${checker.unanswered()} questions unanswered`);
    } finally {
      await silent.stop();
    }
  });

  it('SERVFAIL is unknown, named with the server that answered it', async () => {
    const servfail = await startFakeDnsServer('servfail');
    try {
      const checker = createReputationChecker({
        config: reputationSchema.parse({
          sendingIps: ['192.0.2.10'],
          zones: ['bl.spamcop.net'],
          resolver: { servers: [servfail.address], timeoutMs: 1_000, tries: 1 },
        }),
      });
      const [entry] = await checker.checkAll();
      assert.equal(entry!.state, 'unknown');
      assert.equal(entry!.error, `SERVFAIL from ${servfail.address}`);
      assert.equal(checker.unanswered(), 1, 'the test entry went unanswered; the IP was not asked');
    } finally {
      await servfail.stop();
    }
  });

  it('caches answers: a second pass sends no query; "not listed" expires after negativeCacheSeconds', async () => {
    let clock = Date.parse('2026-03-01T10:00:00Z');
    const checker = createReputationChecker({
      config: config({
        sendingIps: ['192.0.2.10', '192.0.2.11', '192.0.2.12', '2001:db8::25'],
        zones: [BL_TEST, 'zen.spamhaus.org', 'list.dnswl.org'],
        negativeCacheSeconds: 300,
      }),
      now: () => new Date(clock),
    });
    const server0 = await rbldnsd.queries();
    const first = await checker.checkAll();
    const sent1 = checker.queriesSent();
    assert.ok(sent1 > 0);
    assert.equal((await rbldnsd.queries()) - server0, sent1, 'rbldnsd saw every question the checker counted');
    assert.ok(first.every((entry) => entry.state !== 'unknown'));

    clock += 60_000;
    const second = await checker.checkAll();
    assert.equal(checker.queriesSent(), sent1, 'the second pass sent no query');
    assert.equal((await rbldnsd.queries()) - server0, sent1);
    assert.deepEqual(
      second.map((entry) => ({ ...entry, checkedAt: null })),
      first.map((entry) => ({ ...entry, checkedAt: null }))
    );
    assert.equal(second[0]!.checkedAt, '2026-03-01T10:01:00.000Z');

    // Past the negative TTL, below the listings' TTL (3600 s): only the "not listed" names are asked again — every
    // clean row and each zone's unlisted test entries (127.0.0.1 on all three; ::FFFF:7F00:1 on the IPv6 zones ZEN
    // and DNSWL).
    clock += 300_000;
    await checker.checkAll();
    const clean = first.filter((entry) => entry.state === 'clean').length;
    assert.equal(clean, 5);
    assert.equal(checker.queriesSent() - sent1, clean + 3 + 2);

    // Past the listings' TTL: everything is asked again.
    clock += 3_600_000;
    await checker.checkAll();
    assert.equal(checker.queriesSent() - sent1 * 2, clean + 3 + 2);
  });

  it('spaces the queries to one zone at queriesPerSecond; zones are limited separately', async () => {
    const ips = Array.from({ length: 10 }, (_, index) => `198.51.100.${index + 1}`);
    const timed = async (zones: unknown[], queriesPerSecond: number) => {
      const checker = createReputationChecker({ config: config({ sendingIps: ips, zones, queriesPerSecond }) });
      const started = performance.now();
      const entries = await checker.checkAll();
      assert.ok(entries.every((entry) => entry.state === 'clean'));
      return { ms: performance.now() - started, sent: checker.queriesSent() };
    };
    // 12 questions per zone (2 test entries + 10 IPs): 11 gaps of 100 ms.
    const one = await timed(['bl2.test'], 10);
    assert.equal(one.sent, 12);
    assert.ok(one.ms >= 1_050, `one zone at 10/s took ${Math.round(one.ms)} ms`);
    const two = await timed(['bl2.test', BL_TEST], 10);
    assert.equal(two.sent, 24);
    assert.ok(two.ms >= 1_050 && two.ms < 1_900, `two zones at 10/s took ${Math.round(two.ms)} ms`);
    const fast = await timed(['bl2.test'], 1_000);
    assert.ok(fast.ms < 500, `one zone at 1000/s took ${Math.round(fast.ms)} ms`);
  });

  it('asks Spamhaus through DQS with the key, and the key appears in no entry, reason or error', async () => {
    const checker = createReputationChecker({
      config: config({ sendingIps: ['192.0.2.10', '192.0.2.13', '192.0.2.14', '2001:db8::25'] }),
      dqsKey: DQS_KEY,
    });
    const entries = await checker.checkAll();
    const zen = byIp(entries, 'zen.spamhaus.org');
    assert.equal(zen.get('192.0.2.10')!.state, 'listed');
    assert.equal(zen.get('2001:db8::25')!.state, 'listed');
    assert.equal(zen.get('192.0.2.13')!.error, 'Spamhaus refused the query: public/open resolver (127.255.255.254)');
    // The DQS zone's TXT names the zone asked (with the key): redacted.
    assert.equal(zen.get('192.0.2.14')!.reason, 'asked through <dqs-key>.zen.dq.spamhaus.net');
    // Barracuda, SpamCop, PSBL and Mailspike are not served by this rbldnsd: REFUSED, unknown, and no key either.
    const refused = entries.filter((entry) => !['zen.spamhaus.org', 'list.dnswl.org'].includes(entry.zone));
    assert.equal(refused.length, 4 * 3);
    assert.ok(refused.every((entry) => entry.state === 'unknown' && entry.error!.startsWith('REFUSED by')));
    assert.ok(!JSON.stringify(entries).includes(DQS_KEY));
    assert.ok(entries.every((entry) => !entry.zone.includes('dq.spamhaus.net')));
  });
});
