// /metrics end to end (issue 10): two replicas of the real service with every unit on one schema, over queues
// written by real BullMQ (a worker with metrics completing and failing jobs, a paused queue, delayed and
// prioritized jobs, a queue that cannot be read), an HTTP probe, two sending IPs on a real DNSBL (rbldnsd) and
// ingested log lines. Every METRICS definition is exposed with its help and type; the values are the read path's
// snapshot; exactly one replica publishes the queue gauges and one the service gauges, and the other takes over when
// the leader stops; a queue that cannot be read is absent; with Redis unreachable only sysmon_queues_readable 0 is
// left; /metrics needs its token. Every family /metrics exposes has a definition (the glossary's), and every
// definition is exposed (one marked with its `presence` at least registered).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import {
  JOB_STATES,
  METRICS,
  metricDefinitionOf,
  SERVICE_STATE_CODES,
  type MetricDefinition,
  type DriftReport,
  type InfrastructureResponse,
  type QueuesResponse,
} from '@penguinmails/sysmon-contract';
import { quoteIdent } from '../src/db/sql.ts';
import { parseExposition, samplesOf, valueOf, type Exposition } from '../src/metrics/exposition.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import { queuesUnit } from '../src/units/queues/index.ts';
import { serviceUnit } from '../src/units/service.ts';
import {
  bearer,
  deletePrefix,
  dropSchema,
  randomPrefix,
  randomSchema,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  testConfig,
  TOKENS,
  waitFor,
} from './helpers.ts';
import { startRbldnsd, type RunningDnsServer } from './support/rbldnsd.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function scrape(server: RunningServer): Promise<Exposition> {
  const response = await fetch(`${server.url}/metrics`, { headers: bearer(TOKENS.metrics) });
  assert.equal(response.status, 200);
  return parseExposition(await response.text());
}

/** The definitions of the families the service builds (prom-client's defaults are checked by their prefixes). */
const BUILT: MetricDefinition[] = Object.values(METRICS).filter((definition: MetricDefinition) => !definition.prefixes);

/** The series names a family's samples carry (a histogram's are _bucket, _sum and _count). */
const seriesNames = (definition: { name: string; type: string }) =>
  definition.type === 'histogram'
    ? [`${definition.name}_bucket`, `${definition.name}_sum`, `${definition.name}_count`]
    : [definition.name];

const COUNT_FIELD = {
  waiting: 'waiting',
  prioritized: 'prioritized',
  active: 'active',
  delayed: 'delayed',
  'waiting-children': 'waitingChildren',
  failed: 'failed',
  completed: 'completed',
} as const;

describe('/metrics (two replicas, every unit, real BullMQ, probe, DNSBL and ingest)', () => {
  const schema = randomSchema();
  const prefix = randomPrefix('metrics');
  const url = new URL(TEST_REDIS_URL);
  const connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
  const ledger = quoteIdent(`${schema}.job_ledger`);
  let replicas: RunningServer[] = [];
  let redis: Redis;
  let db: pg.Client;
  let http: Server;
  let rbldnsd: RunningDnsServer;
  const queues: Queue[] = [];
  let worker: Worker | undefined;
  const finished = { completed: 0, failed: 0 };

  const queue = (name: string) => {
    const created = new Queue(name, { connection, prefix });
    queues.push(created);
    return created;
  };
  /** The replica for which `has` holds, once exactly one does. */
  const theOne = async (what: string, has: (exposition: Exposition) => boolean) =>
    waitFor(
      what,
      async () => {
        const expositions = await Promise.all(replicas.map(scrape));
        const leaders = replicas.filter((_, index) => has(expositions[index]!));
        return leaders.length === 1 ? leaders[0] : undefined;
      },
      20_000
    );
  const publishesQueues = (m: Exposition) => samplesOf(m, 'sysmon_queues_readable').length > 0;
  const publishesServices = (m: Exposition) => samplesOf(m, 'sysmon_service_status').length > 0;

  before(async () => {
    redis = new Redis(TEST_REDIS_URL);
    db = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    rbldnsd = await startRbldnsd(
      [{ zone: 'bl.test', type: 'ip4set', lines: [':127.0.0.2:Listed on bl.test: $', '127.0.0.2', '192.0.2.10'] }],
      { ttl: 60 }
    );
    http = createServer((_request, response) => response.end('{"status":"ok"}'));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));

    // email-sending: a worker with BullMQ metrics completes 15 jobs and fails 5 for good.
    const email = queue('email-sending');
    worker = new Worker(
      'email-sending',
      async (job: Job) => {
        if (job.data.fail) {
          throw new Error('SMTP 421 4.7.0 try later');
        }
      },
      { connection, prefix, metrics: { maxDataPoints: 60 } }
    );
    worker.on('completed', () => (finished.completed += 1));
    worker.on('failed', () => (finished.failed += 1));
    await email.addBulk(Array.from({ length: 20 }, (_, i) => ({ name: 'send', data: { i, fail: i % 4 === 0 } })));
    await waitFor('20 finishes', async () => finished.completed + finished.failed === 20, 20_000);

    // warmup-processing: paused, with waiting, delayed and prioritized jobs.
    const warmup = queue('warmup-processing');
    await warmup.pause();
    await warmup.addBulk([
      ...Array.from({ length: 3 }, (_, i) => ({ name: 'warm', data: { i } })),
      ...Array.from({ length: 2 }, (_, i) => ({ name: 'later', data: { i }, opts: { delay: 3_600_000 } })),
      ...Array.from({ length: 2 }, (_, i) => ({ name: 'urgent', data: { i }, opts: { priority: 5 } })),
    ]);
    // analytics-aggregation: jobs waiting for two minutes (by their own timestamp), no workers.
    await queue('analytics-aggregation').addBulk(
      Array.from({ length: 4 }, (_, i) => ({
        name: 'aggregate',
        data: { i },
        opts: { timestamp: Date.now() - 120_000 },
      }))
    );
    // A queue whose keys are not BullMQ's: its read fails (WRONGTYPE).
    await redis.hset(`${prefix}:broken:meta`, 'version', 'bullmq:6.7.0');
    await redis.set(`${prefix}:broken:wait`, 'not a list');

    const yaml = `  prefixes: [${prefix}]
  tiers: { email-sending: high }
probes:
  - { name: api, label: API, kind: http, url: "http://127.0.0.1:${(http.address() as AddressInfo).port}/healthz", intervalMs: 1000, timeoutMs: 900 }
reputation:
  sendingIps: [192.0.2.10, 192.0.2.11]
  zones: [{ zone: bl.test, label: Test BL, kind: block }]
  resolver: { servers: ["${rbldnsd.address}"], timeoutMs: 1000, tries: 1 }
  intervalMs: 60000
`;
    const config = testConfig(schema, {}, yaml);
    replicas = [await startServer(config, { migrate: true })];
    replicas.push(await startServer(config));

    // A ledger row whose job never reached Redis (older than the drift grace period): drift.
    await db.query(
      `INSERT INTO ${ledger} (id, queue, name, status, created_at, updated_at)
       VALUES ('lost-1', 'email-sending', 'send', 'queued', now() - interval '1 hour', now() - interval '1 hour')`
    );
    // Log lines, counted by the replica that stores them.
    const ingest = await fetch(`${replicas[0]!.url}/api/logs/ingest`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.ingest), 'Content-Type': 'application/x-ndjson' },
      body: [
        ...['error', 'error', 'info'].map((level) =>
          JSON.stringify({ service: 'metrics-test', level, message: `a ${level} line` })
        ),
        '["not", "a", "line"]',
      ].join('\n'),
    });
    assert.equal(ingest.status, 200);
  });

  after(async () => {
    await worker?.close(true);
    await Promise.allSettled(queues.map((created) => created.close()));
    await Promise.allSettled(replicas.map((replica) => replica.close()));
    await deletePrefix(redis, prefix);
    await redis.quit();
    await db.end();
    await rbldnsd?.stop();
    http?.close();
    await dropSchema(schema);
  });

  it('exactly one replica publishes the queue gauges and exactly one the service gauges', async () => {
    await theOne('one replica publishing the queue gauges', publishesQueues);
    await theOne('one replica publishing the service gauges', publishesServices);
    // And it stays so (several scrapes over a few seconds: no replica joins in, none drops out).
    for (let round = 0; round < 5; round += 1) {
      const expositions = await Promise.all(replicas.map(scrape));
      assert.equal(expositions.filter(publishesQueues).length, 1, `round ${round}: queue gauges`);
      assert.equal(expositions.filter(publishesServices).length, 1, `round ${round}: service gauges`);
      const depthPublishers = expositions.filter((m) => samplesOf(m, 'sysmon_queue_depth').length > 0);
      assert.equal(depthPublishers.length, 1);
      await sleep(600);
    }
  });

  it('every METRICS definition is exposed, with its help and type', async () => {
    // A definition with `presence` may lack samples on a healthy service; these fixtures make every one appear.
    const expositions = await waitFor(
      'a sample of every family on some replica',
      async () => {
        const all = await Promise.all(replicas.map(scrape));
        const missing = BUILT.filter(
          (definition) => !all.some((m) => seriesNames(definition).every((name) => samplesOf(m, name).length > 0))
        );
        return missing.length === 0 ? all : undefined;
      },
      30_000
    );
    for (const m of expositions) {
      for (const definition of BUILT) {
        assert.deepEqual(
          m.families.get(definition.name),
          { help: definition.help, type: definition.type },
          `${definition.name} registered on every replica`
        );
        for (const name of seriesNames(definition)) {
          for (const sample of samplesOf(m, name)) {
            const labels = Object.keys(sample.labels).filter((label) => label !== 'le');
            assert.deepEqual(labels.sort(), [...definition.labels].sort(), `${name} labels`);
          }
        }
      }
      for (const prefix of METRICS.processDefaults.prefixes) {
        assert.ok(
          [...m.families.keys()].some((family) => family.startsWith(prefix)),
          `prom-client's ${prefix}* defaults are exposed`
        );
      }
    }
    const ingested = expositions.map((m) =>
      valueOf(m, 'sysmon_log_lines_ingested_total', { service: 'metrics-test', level: 'error' })
    );
    assert.deepEqual(ingested, [2, undefined], 'counted by the replica that stored them');
    const rejected = expositions.map((m) => samplesOf(m, 'sysmon_log_lines_rejected_total').length);
    assert.deepEqual(rejected, [1, 0], 'the rejected line, by the replica that refused it');
  });

  it('every family and series /metrics exposes has a definition, of its type', async () => {
    for (const m of await Promise.all(replicas.map(scrape))) {
      assert.ok(m.families.size > 20);
      for (const [family, { help, type }] of m.families) {
        const definition = metricDefinitionOf(family);
        assert.ok(definition, `${family} (${help}) has a definition in contract METRICS`);
        if (!definition.prefixes) {
          assert.equal(type, definition.type, `${family} type`);
        }
      }
      for (const sample of m.samples) {
        const family = [...m.families.keys()].find((name) =>
          m.families.get(name)!.type === 'histogram' || m.families.get(name)!.type === 'summary'
            ? sample.name === name || /^(.*)_(bucket|sum|count)$/.exec(sample.name)?.[1] === name
            : sample.name === name
        );
        assert.ok(family && metricDefinitionOf(family), `series ${sample.name} belongs to a defined family`);
      }
    }
  });

  it('queue values are the snapshot of the same read; a queue that cannot be read is absent', async () => {
    const leader = await theOne('the queue publisher', publishesQueues);
    // The scrape and /api/queues share the 2 s cache: retry until both come from the same read.
    const { m, snapshot } = await waitFor(
      'a scrape and /api/queues from one read',
      async () => {
        const exposition = await scrape(leader);
        const response = await fetch(`${leader.url}/api/queues`, { headers: bearer(TOKENS.api) });
        const body = (await response.json()) as QueuesResponse;
        const analytics = body.queues.find((entry) => entry.name === 'analytics-aggregation')!;
        const age = valueOf(exposition, 'sysmon_queue_oldest_wait_seconds', { queue: 'analytics-aggregation' });
        return age === analytics.oldestWaitingAgeMs! / 1000 ? { m: exposition, snapshot: body } : undefined;
      },
      20_000
    );
    assert.equal(valueOf(m, 'sysmon_queues_readable'), 1);
    const readable = snapshot.queues.filter((entry) => !entry.error);
    assert.deepEqual(readable.map((entry) => entry.name).sort(), [
      'analytics-aggregation',
      'email-sending',
      'warmup-processing',
    ]);
    for (const entry of readable) {
      const labels = { queue: entry.name, tier: entry.tier };
      assert.equal(valueOf(m, 'sysmon_queue_depth', labels), entry.depth, `${entry.name} depth`);
      for (const state of JOB_STATES) {
        assert.equal(
          valueOf(m, 'sysmon_queue_jobs', { ...labels, state }),
          entry.counts[COUNT_FIELD[state]],
          `${entry.name} ${state}`
        );
      }
      assert.equal(
        valueOf(m, 'sysmon_queue_oldest_wait_seconds', labels),
        (entry.oldestWaitingAgeMs ?? 0) / 1000,
        `${entry.name} oldest wait`
      );
      assert.equal(valueOf(m, 'sysmon_queue_workers', labels), entry.workers, `${entry.name} workers`);
      assert.equal(valueOf(m, 'sysmon_queue_paused', labels), entry.paused ? 1 : 0, `${entry.name} paused`);
    }
    // What the fixtures made, so the comparison above is not vacuous.
    const warmup = { queue: 'warmup-processing', tier: 'normal' };
    assert.equal(valueOf(m, 'sysmon_queue_paused', warmup), 1);
    assert.equal(valueOf(m, 'sysmon_queue_jobs', { ...warmup, state: 'delayed' }), 2);
    assert.equal(valueOf(m, 'sysmon_queue_jobs', { ...warmup, state: 'prioritized' }), 2);
    assert.equal(valueOf(m, 'sysmon_queue_depth', warmup), 5);
    assert.ok(valueOf(m, 'sysmon_queue_oldest_wait_seconds', { queue: 'analytics-aggregation' })! >= 120);
    assert.equal(valueOf(m, 'sysmon_queue_workers', { queue: 'email-sending', tier: 'high' }), 1);

    // BullMQ's own monotonic counters, as the worker recorded them.
    const email = { queue: 'email-sending', tier: 'high' };
    assert.deepEqual(finished, { completed: 15, failed: 5 });
    const count = async (kind: string) => Number(await redis.hget(`${prefix}:email-sending:metrics:${kind}`, 'count'));
    assert.equal(valueOf(m, 'sysmon_queue_completed_total', email), await count('completed'));
    assert.equal(valueOf(m, 'sysmon_queue_failed_total', email), await count('failed'));
    assert.equal(valueOf(m, 'sysmon_queue_completed_total', email), 15);
    assert.equal(valueOf(m, 'sysmon_queue_failed_total', email), 5);
    assert.equal(valueOf(m, 'sysmon_queue_completed_total', warmup), undefined, 'no worker with metrics: absent');

    assert.match(snapshot.queues.find((entry) => entry.name === 'broken')?.error ?? '', /WRONGTYPE/);
    assert.deepEqual(
      m.samples.filter((sample) => sample.labels.queue === 'broken'),
      [],
      'the queue that cannot be read is absent, not 0'
    );
  });

  it('drift, service status, probe checks and IP listings are what the pages show', async () => {
    const queueLeader = await theOne('the queue publisher', publishesQueues);
    const m = await waitFor('drift on /metrics', async () => {
      const exposition = await scrape(queueLeader);
      return samplesOf(exposition, 'sysmon_drift_jobs').length > 0 ? exposition : undefined;
    });
    // The same drift cache answers /api/drift (for 15 s after the check).
    const drift = (await (
      await fetch(`${queueLeader.url}/api/drift`, { headers: bearer(TOKENS.api) })
    ).json()) as DriftReport;
    assert.deepEqual(
      samplesOf(m, 'sysmon_drift_jobs').map((sample) => [sample.labels.kind, sample.value]),
      drift.kinds.map((kind) => [kind.kind, kind.count])
    );
    assert.ok(valueOf(m, 'sysmon_drift_jobs', { kind: 'ledger_without_job' })! >= 1);

    const prober = await theOne('the service publisher', publishesServices);
    const infra = await waitFor('both IPs checked', async () => {
      const body = (await (
        await fetch(`${prober.url}/api/infrastructure`, { headers: bearer(TOKENS.api) })
      ).json()) as InfrastructureResponse;
      return body.reputation.entries - body.reputation.unknown === 2 && body.services[0]?.state === 'operational'
        ? body
        : undefined;
    });
    const p = await waitFor('the IP gauges', async () => {
      const all = await Promise.all(replicas.map(scrape));
      return all.find((exposition) => samplesOf(exposition, 'sysmon_ip_listed').length === 2);
    });
    assert.equal(valueOf(p, 'sysmon_ip_listed', { ip: '192.0.2.10', zone: 'bl.test', list_kind: 'block' }), 1);
    assert.equal(valueOf(p, 'sysmon_ip_listed', { ip: '192.0.2.11', zone: 'bl.test', list_kind: 'block' }), 0);

    const s = await scrape(prober);
    assert.equal(
      valueOf(s, 'sysmon_service_status', { service: 'api' }),
      SERVICE_STATE_CODES[infra.services[0]!.state]
    );
    assert.ok(valueOf(s, 'sysmon_probe_checks_total', { service: 'api', outcome: 'ok' })! >= 1);
    assert.ok(valueOf(s, 'sysmon_probe_latency_seconds_count', { service: 'api' })! >= 1);
    const other = await scrape(replicas.find((replica) => replica !== prober)!);
    assert.equal(samplesOf(other, 'sysmon_probe_checks_total').length, 0, 'only the prober counts checks');
  });

  it('when the leading replica stops, the other takes the sampler over and publishes the queue gauges', async () => {
    const leader = await theOne('the queue publisher', publishesQueues);
    const other = replicas.find((replica) => replica !== leader)!;
    await leader.close();
    replicas = [other];
    const m = await waitFor(
      'the other replica publishing',
      async () => {
        const exposition = await scrape(other);
        return publishesQueues(exposition) ? exposition : undefined;
      },
      20_000
    );
    assert.equal(valueOf(m, 'sysmon_queues_readable'), 1);
    assert.equal(valueOf(m, 'sysmon_queue_depth', { queue: 'warmup-processing' }), 5);
  });

  it('/metrics needs the metrics token', async () => {
    const server = replicas[0]!;
    assert.equal((await fetch(`${server.url}/metrics`)).status, 401);
    assert.equal(
      (await fetch(`${server.url}/metrics`, { headers: bearer('not-a-token-0123456789abcdef') })).status,
      401
    );
    assert.equal((await fetch(`${server.url}/metrics`, { headers: bearer(TOKENS.api) })).status, 403);
    assert.equal((await fetch(`${server.url}/metrics`, { headers: bearer(TOKENS.metrics) })).status, 200);
  });
});

describe('/metrics with Redis unreachable', () => {
  const schema = randomSchema();
  let server: RunningServer | undefined;

  after(async () => {
    await server?.close();
    await dropSchema(schema);
  });

  it('publishes sysmon_queues_readable 0 and no queue series', async () => {
    // A port nothing listens on.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    server = await startServer(testConfig(schema, { REDIS_URL: `redis://127.0.0.1:${port}` }), {
      migrate: true,
      units: [serviceUnit, queuesUnit()],
    });
    const m = await waitFor('sysmon_queues_readable', async () => {
      const exposition = await scrape(server!);
      return valueOf(exposition, 'sysmon_queues_readable') !== undefined ? exposition : undefined;
    });
    assert.equal(valueOf(m, 'sysmon_queues_readable'), 0);
    const queueSeries = m.samples.filter(
      (sample) => sample.name.startsWith('sysmon_queue_') && !sample.name.startsWith('sysmon_queue_snapshot_read')
    );
    assert.deepEqual(queueSeries, [], 'unknown, not zero');
    assert.equal(samplesOf(m, 'sysmon_drift_jobs').length, 0);
  });
});
