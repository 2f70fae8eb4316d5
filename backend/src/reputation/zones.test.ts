import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reputationSchema } from './config.ts';
import { decodeCode, queryZone, ZONE_CATALOG, zoneFor } from './zones.ts';

describe('DNSBL zone catalog', () => {
  it('knows the default zones', () => {
    const defaults = reputationSchema.parse({}).zones;
    assert.deepEqual(
      defaults.map((entry) => zoneFor(entry).label),
      ['Spamhaus ZEN', 'Barracuda BRBL', 'SpamCop', 'PSBL', 'Mailspike BL', 'DNSWL']
    );
    for (const definition of ZONE_CATALOG.values()) {
      assert.ok(definition.delistUrl?.startsWith('https://'), definition.zone);
    }
    assert.equal(zoneFor('list.dnswl.org').kind, 'allow');
  });

  it('decodes Spamhaus codes; 127.255.255.x are query errors, never listings', () => {
    const zen = zoneFor('zen.spamhaus.org');
    assert.match(decodeCode(zen, '127.0.0.2').meaning, /^SBL:/);
    assert.match(decodeCode(zen, '127.0.0.3').meaning, /^SBL CSS/);
    for (const code of ['127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7']) {
      assert.match(decodeCode(zen, code).meaning, /^XBL/);
    }
    assert.match(decodeCode(zen, '127.0.0.9').meaning, /DROP/);
    assert.match(decodeCode(zen, '127.0.0.10').meaning, /^PBL/);
    assert.match(decodeCode(zen, '127.0.0.11').meaning, /^PBL/);
    assert.deepEqual(decodeCode(zen, '127.255.255.254'), { error: true, meaning: 'public/open resolver' });
    assert.equal(decodeCode(zen, '127.255.255.252').error, true);
    assert.equal(decodeCode(zen, '127.255.255.255').error, true);
    // The whole range is reserved for errors.
    assert.equal(decodeCode(zen, '127.255.255.250').error, true);
    assert.deepEqual(decodeCode(zen, '127.0.0.99'), { error: false, meaning: 'listed (127.0.0.99)' });
  });

  it('decodes DNSWL category and trust; 127.0.0.255 is an error', () => {
    const dnswl = zoneFor('list.dnswl.org');
    assert.deepEqual(decodeCode(dnswl, '127.0.15.3'), {
      error: false,
      meaning: 'allowlisted: email marketing providers, trust high',
    });
    assert.equal(decodeCode(dnswl, '127.0.10.0').meaning, 'allowlisted: special cases, trust none');
    assert.equal(decodeCode(dnswl, '127.0.0.255').error, true);
    assert.equal(decodeCode(dnswl, '127.0.3.9').meaning, 'allowlisted (127.0.3.9)');
  });

  it('decodes Mailspike reputation levels', () => {
    const mailspike = zoneFor('bl.mailspike.net');
    assert.match(decodeCode(mailspike, '127.0.0.10').meaning, /^L5/);
    assert.match(decodeCode(mailspike, '127.0.0.2').meaning, /^Z/);
  });

  it('asks Spamhaus through DQS only with a key; other zones never', () => {
    assert.equal(queryZone(zoneFor('zen.spamhaus.org')), 'zen.spamhaus.org');
    assert.equal(queryZone(zoneFor('zen.spamhaus.org'), 'abcdefabcdef0123'), 'abcdefabcdef0123.zen.dq.spamhaus.net');
    assert.equal(queryZone(zoneFor('bl.spamcop.net'), 'abcdefabcdef0123'), 'bl.spamcop.net');
  });

  it('merges a custom zone over the catalog, and reads an unknown name as a plain blocklist', () => {
    const { zones } = reputationSchema.parse({
      zones: [
        { zone: 'list.dnswl.org', delistUrl: 'https://example.test/dnswl', errorCodes: { '127.0.0.254': 'x' } },
        { zone: 'bl.example.org', label: 'Example', codes: { '127.0.0.2': 'spam' }, ipv6: true },
        'other.example.org',
      ],
    });
    const dnswl = zoneFor(zones[0]!);
    assert.equal(dnswl.kind, 'allow');
    assert.equal(dnswl.ipv6, true);
    assert.equal(dnswl.label, 'DNSWL');
    assert.equal(dnswl.delistUrl, 'https://example.test/dnswl');
    assert.equal(decodeCode(dnswl, '127.0.0.254').error, true);
    assert.equal(decodeCode(dnswl, '127.0.0.255').error, true);
    const custom = zoneFor(zones[1]!);
    assert.deepEqual([custom.kind, custom.ipv6, custom.label, custom.operator], ['block', true, 'Example', 'Example']);
    const plain = zoneFor(zones[2]!);
    assert.deepEqual(
      [plain.kind, plain.ipv6, plain.label, plain.delistUrl],
      ['block', false, 'other.example.org', null]
    );
    assert.equal(decodeCode(plain, '127.0.0.2').meaning, 'listed (127.0.0.2)');
  });
});
