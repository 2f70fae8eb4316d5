// The fault suite (issue 12): the real service (every unit) against a PostgreSQL cluster and a redis-server of the
// test's own on spare ports (test/faults.ts), the demo (its SMTP sink, platform API, producers and workers) as what
// the probes watch, and rbldnsd behind a DNS forwarder the test can silence, as the DNSBL resolver. While pollers
// (/api/queues, /api/infrastructure, POST /api/query with most query types), log searches, ledger searches, log
// ingest in all three formats and operator actions run, one dependency at a time fails:
//   - Redis stops (the process ends; its data survives, as a production Redis restarting);
//   - PostgreSQL stops for a few seconds and starts again (fast shutdown: every connection gets 57P01);
//   - the SMTP server goes down (its listening socket closes: connections refused);
//   - DNS times out (the forwarder drops every query and answer);
//   - the log store refuses writes: the cluster is made read-only (`ALTER SYSTEM SET default_transaction_read_only`
//     and a reload, which every open session applies before its next statement). That is what PostgreSQL does
//     when a primary is demoted or an operator freezes a database whose disk is filling, it needs no mount or
//     disk of the test's own (a full tablespace would need a small filesystem, i.e. root and mount), and it is
//     undone exactly. Revoking INSERT was not chosen: the service owns its tables (and tests connect as superuser).
// Each time: the service keeps answering and nothing ends up unhandled; queries naming the dependency fail for
// their refId (never zeros); /api/infrastructure and its findings show the dependency Down or Unknown; everything
// recovers within 5 s of the dependency answering again; ingest answers 503 with Retry-After while the store is
// out, and every line it acknowledged is in the store once (0 lost, 0 duplicated).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Finding, InfrastructureResponse, QueryResponse, ServiceState } from '@penguinmails/sysmon-contract';
import { createPool, type Pool } from '../src/db/pool.ts';
import { startDemo, type RunningDemo } from '../src/demo/demo.ts';
import { createLogger } from '../src/logger.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import {
  freePort,
  startOwnedPostgres,
  startOwnedRedis,
  watchCrashes,
  type OwnedPostgres,
  type OwnedRedis,
} from './faults.ts';
import { bearer, randomSchema, testConfig, TOKENS, waitFor } from './helpers.ts';
import {
  controlCluster,
  INGEST_FORMATS,
  IngestShipper,
  loadLoops,
  startDnsForwarder,
  type ClusterControl,
  type DnsForwarder,
} from './support/faultStack.ts';
import { startRbldnsd, type RunningDnsServer } from './support/rbldnsd.ts';

/** The promise: everything works again within this long after the dependency answers again. */
const RECOVERY_MS = 5_000;
const DEMO_QUEUES = ['email-sending', 'warmup-processing', 'analytics-aggregation'];
const SERVICES = ['smtp', 'api', 'postgres', 'redis', 'workers'];
const LISTED_IP = '192.0.2.10';
const CLEAN_IP = '192.0.2.20';
const ACTOR = 'fault-suite';

describe('fault suite: the service under load while its dependencies fail', () => {
  const schema = randomSchema();
  const watch = watchCrashes();
  let postgres: OwnedPostgres;
  let redis: OwnedRedis & { destroy(): Promise<void> };
  let rbldnsd: RunningDnsServer;
  let dns: DnsForwarder;
  let cluster: ClusterControl;
  let server: RunningServer;
  let demoPool: Pool;
  let demo: RunningDemo;
  let shipper: IngestShipper;
  let load: ReturnType<typeof loadLoops>;

  const call = (path: string, init: RequestInit = {}, token = TOKENS.operator) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: { ...bearer(token), 'Content-Type': 'application/json', 'X-Grafana-User': ACTOR, ...init.headers },
    });
  const query = async (queries: Array<Record<string, unknown>>) => {
    const res = await call('/api/query', {
      method: 'POST',
      body: JSON.stringify({
        queries,
        range: { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date().toISOString() },
      }),
    });
    assert.equal(res.status, 200, 'the query envelope is answered');
    return ((await res.json()) as QueryResponse).results;
  };
  const infrastructure = async () => (await (await call('/api/infrastructure')).json()) as InfrastructureResponse;
  const stateOf = (view: InfrastructureResponse, service: string): ServiceState | undefined =>
    view.services.find((s) => s.service === service)?.state;
  const findingsOf = (view: InfrastructureResponse, service: string): Finding[] =>
    view.findings.filter((finding) => finding.service === service);

  /** Every query type that reads a dependency, one refId each. */
  const ALL_QUERIES = [
    { refId: 'queues', queryType: 'queues' },
    { refId: 'queue_metrics', queryType: 'queue_metrics', field: 'depth' },
    { refId: 'jobs', queryType: 'jobs', search: 'status:failed' },
    { refId: 'drift', queryType: 'drift' },
    { refId: 'logs', queryType: 'logs', search: 'service:fault-suite "fault-suite"', limit: 20 },
    { refId: 'log_volume', queryType: 'log_volume' },
    { refId: 'services', queryType: 'services' },
    { refId: 'service_metrics', queryType: 'service_metrics' },
    { refId: 'findings', queryType: 'findings' },
    { refId: 'ip_reputation', queryType: 'ip_reputation' },
    { refId: 'health', queryType: 'health' },
    { refId: 'events', queryType: 'events' },
  ];

  /** What is not (yet) as it should be when nothing is broken; empty when everything is fine. */
  const problems = async (): Promise<string[]> => {
    const found: string[] = [];
    const view = await infrastructure();
    for (const service of SERVICES) {
      if (stateOf(view, service) !== 'operational') {
        found.push(`${service} is ${stateOf(view, service)}`);
      }
    }
    const reputation = await (await call('/api/reputation')).json();
    const entries = (reputation as { entries: Array<{ ip: string; state: string }> }).entries;
    const stateOfIp = (ip: string) => entries.find((entry) => entry.ip === ip)?.state;
    if (stateOfIp(LISTED_IP) !== 'listed' || stateOfIp(CLEAN_IP) !== 'clean') {
      found.push(`reputation ${LISTED_IP} ${stateOfIp(LISTED_IP)}, ${CLEAN_IP} ${stateOfIp(CLEAN_IP)}`);
    }
    const queues = await call('/api/queues');
    if (queues.status !== 200) {
      found.push(`GET /api/queues ${queues.status}`);
    } else {
      const body = (await queues.json()) as { queues: Array<{ name: string; error?: string }> };
      for (const name of DEMO_QUEUES) {
        const queue = body.queues.find((q) => q.name === name);
        if (!queue || queue.error) {
          found.push(`queue ${name}: ${queue?.error ?? 'missing'}`);
        }
      }
    }
    for (const [refId, result] of Object.entries(await query(ALL_QUERIES))) {
      if (result.error) {
        found.push(`query ${refId}: ${result.status} ${result.error}`);
      }
    }
    return found;
  };

  /** Polls until everything is fine, at most `timeoutMs` from now; fails listing what still was not. */
  const recovered = async (what: string, timeoutMs: number) => {
    let last: string[] = [];
    try {
      await waitFor(
        what,
        async () => {
          last = await problems();
          return last.length === 0;
        },
        timeoutMs
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; still: ${last.join('; ')}`);
    }
  };

  before(async () => {
    // One at a time, so that after() stops whichever started when another fails.
    postgres = await startOwnedPostgres();
    redis = await startOwnedRedis();
    rbldnsd = await startRbldnsd(
      [
        {
          zone: 'bl.fault.test',
          type: 'ip4set',
          lines: ['127.0.0.2', `${LISTED_IP} :127.0.0.2:Listed by the fault suite`],
        },
      ],
      // Answers live a second in the checker's cache: every reputation pass asks the resolver again.
      { ttl: 1 }
    );
    dns = await startDnsForwarder(rbldnsd.port);
    cluster = await controlCluster(postgres.url);
    const [smtpPort, apiPort] = [await freePort(), await freePort()];
    const probe = 'intervalMs: 1000, timeoutMs: 900';
    const yaml = `sampler:
  intervalMs: 1000
probes:
  - { name: smtp, label: SMTP, kind: smtp, host: 127.0.0.1, port: ${smtpPort}, starttls: off, ${probe}, logService: smtp-sink }
  - { name: api, label: API, kind: http, url: 'http://127.0.0.1:${apiPort}/healthz', ${probe}, logService: platform-api }
  - { name: postgres, label: PostgreSQL, kind: postgres, ${probe}, thresholds: { latencyMs: 800 } }
  - { name: redis, label: Redis, kind: redis, ${probe}, thresholds: { latencyMs: 800 } }
  - { name: workers, label: Workers, kind: workers, ${probe} }
reputation:
  sendingIps: [${LISTED_IP}, ${CLEAN_IP}]
  zones: [{ zone: bl.fault.test, label: Fault BL, kind: block, codes: { 127.0.0.2: spam source } }]
  resolver: { servers: ['${dns.address}'], timeoutMs: 300, tries: 1 }
  intervalMs: 10000
  negativeCacheSeconds: 0
`;
    const config = testConfig(schema, { DATABASE_URL: postgres.url, REDIS_URL: redis.url }, yaml);
    const logger = createLogger(process.env.FAULT_SUITE_LOG_LEVEL ?? 'silent');
    server = await startServer(config, { migrate: true, logger });
    demoPool = createPool(postgres.url, { max: 4, applicationName: 'fault-suite-demo' });
    demo = await startDemo({
      redisUrl: redis.url,
      pool: demoPool,
      ledgerTable: config.queues.ledgerTable,
      prefix: 'bull',
      rates: { email: 2, warmup: 1, analytics: 1 },
      simulation: { latencyScale: 0.1 },
      smtp: { port: smtpPort, tempFailRate: 0 },
      api: { port: apiPort },
      control: false,
      logSink: { write: () => undefined },
    });

    shipper = new IngestShipper(server.url, TOKENS.ingest, 'fault-suite');
    const post = (body: unknown) => () => call('/api/query', { method: 'POST', body: JSON.stringify(body) });
    let paused = false;
    load = loadLoops([
      { what: 'GET /api/queues', call: () => call('/api/queues', {}, TOKENS.api), pauseMs: 200 },
      { what: 'GET /api/infrastructure', call: () => call('/api/infrastructure', {}, TOKENS.api), pauseMs: 200 },
      { what: 'POST /api/query', call: post({ queries: ALL_QUERIES }), pauseMs: 300 },
      {
        what: 'log search',
        call: post({
          queries: [{ refId: 'L', queryType: 'logs', search: 'level:>=info -nothing "fault-suite ndjson"', limit: 50 }],
        }),
        pauseMs: 300,
      },
      { what: 'ledger search', call: () => call('/api/jobs/search?q=status:completed%20email'), pauseMs: 300 },
      ...INGEST_FORMATS.map((format) => ({
        what: `ingest ${format}`,
        call: async () => new Response(null, { status: await shipper.ship(format) }),
        pauseMs: 100,
      })),
      {
        what: 'pause/resume',
        call: () => {
          paused = !paused;
          return call(`/api/queues/analytics-aggregation/${paused ? 'pause' : 'resume'}`, { method: 'POST' });
        },
        pauseMs: 500,
      },
      {
        what: 'retry-failed',
        call: () => call('/api/queues/email-sending/retry-failed', { method: 'POST', body: '{"count":5}' }),
        pauseMs: 700,
      },
    ]);
  });

  after(async () => {
    await load?.stop();
    await demo?.stop();
    await server?.close();
    await demoPool?.end();
    await Promise.allSettled([dns?.stop(), rbldnsd?.stop(), redis?.destroy()]);
    postgres?.destroy();
    watch.stop();
  });

  it('comes up with every service operational, the sending IPs known and every query answering', async () => {
    await recovered('everything fine at start', 60_000);
  });

  it('Redis stops: queue reads fail naming Redis, Redis is Down, workers Unknown; back within 5 s', async () => {
    await redis.stop();
    try {
      await waitFor(
        'Redis down and the workers unknown',
        async () => {
          const view = await infrastructure();
          return stateOf(view, 'redis') === 'down' && stateOf(view, 'workers') === 'unknown';
        },
        15_000
      );
      const view = await infrastructure();
      assert.ok(
        findingsOf(view, 'redis').some((f) => f.severity === 'critical'),
        'a critical finding for Redis'
      );
      assert.ok(findingsOf(view, 'workers').length > 0, 'a finding for the workers');
      const overview = await call('/api/queues');
      assert.equal(overview.status, 503);
      assert.match(await overview.text(), /Redis is unreachable/);
      const results = await query(ALL_QUERIES);
      assert.equal(results.queues?.status, 503);
      assert.match(results.queues?.error ?? '', /Redis/);
      assert.deepEqual(results.queues?.frames, [], 'no frame of zeros');
      assert.equal(results.logs?.error, undefined, 'queries of other dependencies still answer');
      const pause = await call('/api/tiers/low/pause', { method: 'POST' });
      assert.equal(pause.status, 503);
    } finally {
      await redis.start();
    }
    await recovered('everything back after Redis returned', RECOVERY_MS);
  });

  it('PostgreSQL stops and starts: reads fail naming PostgreSQL, ingest 503 + Retry-After, PostgreSQL Down', async () => {
    const shippedBefore = shipper.refusals.length;
    await cluster.stop();
    try {
      await waitFor('PostgreSQL down', async () => stateOf(await infrastructure(), 'postgres') === 'down', 15_000);
      assert.ok(findingsOf(await infrastructure(), 'postgres').some((f) => f.severity === 'critical'));
      const results = await query(ALL_QUERIES);
      for (const refId of ['queue_metrics', 'jobs', 'logs', 'log_volume', 'service_metrics']) {
        assert.equal(results[refId]?.status, 503, `${refId}: ${results[refId]?.error}`);
        assert.match(results[refId]?.error ?? '', /PostgreSQL/, refId);
        assert.deepEqual(results[refId]?.frames, [], `${refId}: no frame of zeros`);
      }
      assert.equal(results.services?.error, undefined, 'the service states are served from memory');
      const refused = await waitFor(
        'an ingest batch refused',
        async () => shipper.refusals.slice(shippedBefore).find((r) => r.status === 503),
        5_000
      );
      assert.ok(Number(refused.retryAfter) > 0, `Retry-After: ${refused.retryAfter}`);
      const pause = await call('/api/tiers/low/pause', { method: 'POST' });
      assert.equal(pause.status, 503, 'no action without its audit row');
    } finally {
      await cluster.start();
    }
    await recovered('everything back after PostgreSQL returned', RECOVERY_MS);
  });

  it('the SMTP server goes down: SMTP is Down with a critical finding; back within 5 s', async () => {
    await demo.smtp.setMode('down');
    try {
      await waitFor('SMTP down', async () => stateOf(await infrastructure(), 'smtp') === 'down', 15_000);
      const findings = findingsOf(await infrastructure(), 'smtp');
      assert.ok(
        findings.some((f) => f.severity === 'critical' && /refused/i.test(f.cause)),
        JSON.stringify(findings)
      );
    } finally {
      await demo.smtp.setMode('normal');
    }
    await recovered('everything back after SMTP returned', RECOVERY_MS);
  });

  it('DNS times out: the sending IPs are unknown (never clean or listed), with a finding; back within 5 s', async () => {
    dns.silence();
    try {
      await waitFor('the reputation unknown', async () => (await infrastructure()).reputation.unknown === 2, 30_000);
      const view = await infrastructure();
      assert.ok(view.findings.some((f) => f.code === 'reputation_unknown' && /did not answer/.test(f.cause)));
      const rows = (await query([{ refId: 'R', queryType: 'ip_reputation' }])).R!;
      assert.equal(rows.error, undefined);
    } finally {
      dns.resume();
    }
    await recovered('everything back after DNS returned', RECOVERY_MS);
  });

  it('the log store refuses writes (read-only): ingest 503 + Retry-After, PostgreSQL Down; back within 5 s', async () => {
    const shippedBefore = shipper.refusals.length;
    await cluster.setReadOnly(true);
    try {
      const refused = await waitFor(
        'an ingest batch refused',
        async () => shipper.refusals.slice(shippedBefore).find((r) => r.status === 503),
        5_000
      );
      assert.ok(Number(refused.retryAfter) > 0, `Retry-After: ${refused.retryAfter}`);
      assert.match(refused.message, /read-only/);
      await waitFor('PostgreSQL down', async () => stateOf(await infrastructure(), 'postgres') === 'down', 15_000);
      assert.ok(findingsOf(await infrastructure(), 'postgres').some((f) => /read-only/.test(f.cause)));
      const pause = await call('/api/tiers/low/pause', { method: 'POST' });
      assert.equal(pause.status, 503, 'no action without its audit row');
    } finally {
      await cluster.setReadOnly(false);
    }
    await recovered('everything back after the store took writes again', RECOVERY_MS);
  });

  it('kept every acknowledged line exactly once, answered no 500 and recorded no unhandled error', async () => {
    await load.stop();
    const admin = createPool(postgres.url, { max: 1 });
    try {
      const { rows } = await admin.query<{ message: string; n: number }>(
        `SELECT message, count(*)::int AS n FROM ${schema}.logs WHERE service = 'fault-suite' GROUP BY message`
      );
      const stored = new Map(rows.map((row) => [row.message, row.n]));
      const lost = [...shipper.acknowledged].filter((marker) => !stored.has(marker));
      const duplicated = rows.filter((row) => row.n > 1).map((row) => row.message);
      const unknown = rows.filter((row) => !shipper.sent.has(row.message)).map((row) => row.message);
      assert.ok(shipper.acknowledged.size > 100, `${shipper.acknowledged.size} lines acknowledged`);
      assert.deepEqual({ lost, duplicated, unknown }, { lost: [], duplicated: [], unknown: [] });
      console.log(
        `fault suite: ${load.calls()} calls; ${shipper.acknowledged.size} lines acknowledged, all stored once; ` +
          `${shipper.refusals.length} batches refused (${[...new Set(shipper.refusals.map((r) => r.status))].join(', ')})`
      );
    } finally {
      await admin.end();
    }
    if (process.env.FAULT_SUITE_DUMP) {
      const seen = new Map<string, number>();
      for (const f of load.failures) {
        const key = `${f.what} ${f.status} ${f.message.replace(/[0-9a-f-]{36}|\d+/g, 'N').slice(0, 160)}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
      console.log([...seen].map(([k, n]) => `${n}x ${k}`).join('\n'));
    }
    const unnamed = load.failures.filter(
      (f) => f.status === 503 && !f.what.startsWith('ingest') && !/Redis|PostgreSQL|audit log/.test(f.message)
    );
    assert.deepEqual(unnamed, [], 'every 503 names the dependency');
    const unnamedIngest = shipper.refusals.filter((r) => !/log store \(PostgreSQL\)/.test(r.message));
    assert.deepEqual(unnamedIngest, [], 'every refused batch names the log store');
    const serverErrors = load.failures.filter((f) => f.status >= 500 && f.status !== 503);
    assert.deepEqual(serverErrors, [], 'only 503s (dependency unavailable), never a 500');
    const refusedIngest = shipper.refusals.filter((r) => r.status !== 503 || !(Number(r.retryAfter) > 0));
    assert.deepEqual(refusedIngest, [], 'ingest refused only with 503 and Retry-After');
    assert.deepEqual(watch.crashes, [], 'no unhandled error or rejection');
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200, 'the service still answers');
  });
});
