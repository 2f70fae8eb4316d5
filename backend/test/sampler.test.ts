// Queue history end to end on real PostgreSQL, Redis and BullMQ: the partitioned queue_samples table, partition
// retention, the sampler writing what the real read path sees, history bucketing and tier grouping, and the
// history endpoint / queue_metrics query over HTTP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { QUEUE_METRICS_FRAME, QUEUES_FRAME, type QueueSnapshot, queueTier } from '@penguinmails/sysmon-contract';
import { quoteIdent } from '../src/db/sql.ts';
import { TimeoutError } from '../src/errors.ts';
import { createLockPool, createPool, type Pool } from '../src/db/pool.ts';
import { discoverQueues, readQueueSnapshots, type QueueSnapshot as RedisSnapshot } from '../src/queues/bullmq/index.ts';
import { queryQueueHistory } from '../src/queues/history.ts';
import { startPeriodicJobs } from '../src/periodic/periodicJob.ts';
import { queueSamplingJobs, sampleOnce, SAMPLES_TABLE, writeSamples, type SampleRow } from '../src/queues/sampler.ts';
import {
  dayPartition,
  ensurePartitions,
  listPartitions,
  maintainPartitions,
  partitionsAround,
} from '../src/db/partitions.ts';
import {
  deletePrefix,
  randomPrefix,
  waitFor,
  bearer,
  dropSchema,
  randomSchema,
  testEnv,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  TOKENS,
} from './helpers.ts';
import { toApiSnapshot, type Rates } from '../src/queues/overview.ts';
import { migrate, startServer, type RunningServer } from '../src/server.ts';
import { loadConfig } from '../src/config.ts';

const DAY_MS = 86_400_000;
const TIERS = { 'email-sending': 'high', 'reports-low': 'low' } as const;

const NO_RATES: Rates = { throughputPerMin: null, failuresPerMin: null, failureRate: null, arrivalsPerMin: null };

/** The Redis read path's snapshot as the API snapshot the sampler consumes (no rates or workers in these tests). */
function apiSnapshot(snapshot: RedisSnapshot): QueueSnapshot {
  return toApiSnapshot(snapshot, queueTier(snapshot.queue, TIERS), null, NO_RATES);
}

describe('queue samples (real PostgreSQL + Redis + BullMQ)', () => {
  const schema = randomSchema();
  const prefix = randomPrefix('sampler');
  const url = new URL(TEST_REDIS_URL);
  const connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
  let pool: Pool;
  let redis: Redis;
  const queues: Queue[] = [];

  const readSnapshots = async () => {
    const refs = await discoverQueues(redis, [prefix]);
    return (await readQueueSnapshots(redis, refs, Date.now())).map(apiSnapshot);
  };
  const table = `"${schema}".queue_samples`;
  const samples = { schema, table: SAMPLES_TABLE };

  before(async () => {
    pool = createPool(TEST_DATABASE_URL, { max: 4 });
    redis = new Redis(TEST_REDIS_URL);
    await migrate(pool, { schema, ledgerTable: `${schema}.job_ledger` });
  });
  after(async () => {
    await Promise.all(queues.map((queue) => queue.close()));
    await deletePrefix(redis, prefix);
    await redis.quit();
    await pool.end();
    await dropSchema(schema);
  });

  describe('migrations 005 and 007', () => {
    it('creates queue_samples partitioned by range of sampled_at, with (queue, sampled_at) and BRIN (sampled_at) indexes', async () => {
      const parent = await pool.query<{ strategy: string; key: string }>(
        `SELECT pt.partstrat AS strategy, pg_get_partkeydef(c.oid) AS key
           FROM pg_partitioned_table pt JOIN pg_class c ON c.oid = pt.partrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = 'queue_samples'`,
        [schema]
      );
      assert.deepEqual(parent.rows, [{ strategy: 'r', key: 'RANGE (sampled_at)' }]);

      const columns = await pool.query<{ column_name: string; data_type: string }>(
        `SELECT column_name, data_type FROM information_schema.columns
          WHERE table_schema = $1 AND table_name = 'queue_samples' ORDER BY ordinal_position`,
        [schema]
      );
      assert.deepEqual(
        columns.rows.map((row) => `${row.column_name}:${row.data_type}`),
        [
          'sampled_at:timestamp with time zone',
          'prefix:text',
          'queue:text',
          'tier:text',
          'paused:boolean',
          'waiting:integer',
          'prioritized:integer',
          'active:integer',
          'delayed:integer',
          'waiting_children:integer',
          'failed:integer',
          'completed:integer',
          'depth:integer',
          'oldest_wait_ms:bigint',
          'workers:integer',
          'throughput_per_min:double precision',
          'failures_per_min:double precision',
        ]
      );
      const indexes = await pool.query<{ indexdef: string }>(
        `SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = 'queue_samples'`,
        [schema]
      );
      assert.deepEqual(indexes.rows.map((row) => row.indexdef.replace(/^.* USING /, '')).sort(), [
        'brin (sampled_at)',
        'btree (queue, sampled_at)',
      ]);
      // Indexes on the partitioned parent: every partition has both.
      const today = dayPartition(SAMPLES_TABLE, Date.now()).name;
      const partitionIndexes = await pool.query<{ indexdef: string }>(
        `SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = $2`,
        [schema, today]
      );
      assert.deepEqual(partitionIndexes.rows.map((row) => row.indexdef.replace(/^.* USING /, '')).sort(), [
        'brin (sampled_at)',
        'btree (queue, sampled_at)',
      ]);
    });

    it('a time range over all queues can use the BRIN index', async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // Too few rows for the planner to choose by cost: forbid the sequential scan and set the (queue, sampled_at)
        // btree aside (dropped inside this rolled-back transaction) to see that the range can use the BRIN index.
        await client.query('SET LOCAL enable_seqscan = off');
        await client.query(`DROP INDEX ${quoteIdent(schema)}.queue_samples_queue_sampled_at_idx`);
        const plan = await client.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN SELECT count(*) FROM ${table} WHERE sampled_at >= now() - interval '1 hour' AND sampled_at <= now()`
        );
        const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
        assert.match(text, /Bitmap Index Scan on queue_samples_p\d{8}_sampled_at_idx/, text);
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    });

    it('creates the daily partitions for yesterday .. today + 2 (UTC), each bounded to its day', async () => {
      const expected = partitionsAround(SAMPLES_TABLE, Date.now());
      assert.deepEqual(
        await listPartitions(pool, samples),
        expected.map((partition) => partition.name)
      );
      const today = dayPartition(SAMPLES_TABLE, Date.now());
      const bounds = await pool.query<{ bound: string }>(
        `SELECT pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relname = $2`,
        [schema, today.name]
      );
      await pool.query(`SET TIME ZONE 'UTC'`);
      const day = today.from.toISOString().slice(0, 10);
      const next = today.to.toISOString().slice(0, 10);
      assert.match(
        bounds.rows[0]!.bound,
        new RegExp(`FROM \\('${day} 00:00:00\\+00'\\) TO \\('${next} 00:00:00\\+00'\\)`)
      );
    });
  });

  describe('partition retention', () => {
    it('drops a partition older than the retention whole and keeps the recent ones and their rows', async () => {
      const now = Date.now();
      const old = dayPartition(SAMPLES_TABLE, now - 100 * DAY_MS);
      const recent = dayPartition(SAMPLES_TABLE, now - 89 * DAY_MS);
      assert.deepEqual(await ensurePartitions(pool, samples, [old, recent]), [old.name, recent.name]);
      const row = (at: number): SampleRow => ({
        sampled_at: new Date(at),
        prefix: 'bull',
        queue: 'retention-probe',
        tier: 'normal',
        paused: false,
        waiting: 1,
        prioritized: 0,
        active: 0,
        delayed: 0,
        waiting_children: 0,
        failed: 0,
        completed: 0,
        depth: 1,
        oldest_wait_ms: null,
        workers: null,
        throughput_per_min: null,
        failures_per_min: null,
      });
      await writeSamples(pool, schema, [row(now - 100 * DAY_MS), row(now - 89 * DAY_MS), row(now)]);

      const result = await maintainPartitions(pool, samples, { retentionDays: 90, now });
      assert.deepEqual(result, { created: [], dropped: [old.name] });
      const names = await listPartitions(pool, samples);
      assert.ok(!names.includes(old.name));
      assert.ok(names.includes(recent.name));
      const left = await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${table} WHERE queue = 'retention-probe'`
      );
      assert.equal(left.rows[0]!.n, 2, 'only the rows of the dropped partition are gone');
      await pool.query(`DELETE FROM ${table} WHERE queue = 'retention-probe'`);
      await pool.query(`DROP TABLE "${schema}".${recent.name}`);
    });

    it('creates a missing day partition when it runs at start', async () => {
      const ahead = partitionsAround(SAMPLES_TABLE, Date.now()).at(-1)!;
      await pool.query(`DROP TABLE "${schema}".${ahead.name}`);
      const sampling = startPeriodicJobs(
        queueSamplingJobs({ pool, schema, sampler: { intervalMs: 60_000, retentionDays: 90 } }),
        { pool }
      );
      try {
        await waitFor('the retention job to recreate the partition', async () =>
          (await listPartitions(pool, samples)).includes(ahead.name)
        );
      } finally {
        await sampling.stop();
      }
    });
  });

  describe('sampler', () => {
    before(async () => {
      const email = new Queue('email-sending', { connection, prefix });
      const reports = new Queue('reports-low', { connection, prefix });
      queues.push(email, reports);
      await email.addBulk(Array.from({ length: 5 }, (_, i) => ({ name: 'send', data: { i } })));
      await email.add('send', { vip: true }, { priority: 3 });
      await email.add('send', { vip: true }, { priority: 3 });
      await email.add('send', { later: true }, { delay: 3_600_000 });
      await reports.add('build', {}, { attempts: 1 });
      const worker = new Worker(
        'reports-low',
        async () => {
          throw new Error('report generation failed');
        },
        { connection, prefix }
      );
      await waitFor('the report job to fail', async () => (await reports.getJobCounts('failed')).failed === 1);
      await worker.close();
      await reports.pause();
      // A key of the wrong type under the prefix: the snapshot of "broken" carries an error and must be skipped.
      await redis.set(`${prefix}:broken:meta`, 'not a hash');
    });

    it('writes one row per readable queue, matching what the read path sees', async () => {
      const snapshots = await readSnapshots();
      assert.deepEqual(
        snapshots.map((s) => [s.name, Boolean(s.error)]),
        [
          ['broken', true],
          ['email-sending', false],
          ['reports-low', false],
        ]
      );
      const written = await sampleOnce(pool, schema, async () => snapshots);
      assert.equal(written, 2);
      const { rows } = await pool.query(
        `SELECT sampled_at, prefix, queue, tier, paused, waiting, prioritized, active, delayed, waiting_children,
                failed, completed, depth, oldest_wait_ms, workers, throughput_per_min, failures_per_min
           FROM ${table} WHERE prefix = $1 ORDER BY queue`,
        [prefix]
      );
      assert.equal(rows.length, 2);
      const [email, reports] = rows;
      assert.equal(email.queue, 'email-sending');
      assert.equal(email.tier, 'high');
      assert.equal(email.paused, false);
      assert.deepEqual(
        [email.waiting, email.prioritized, email.active, email.delayed, email.failed, email.completed, email.depth],
        [5, 2, 0, 1, 0, 0, 7]
      );
      const emailSnapshot = snapshots.find((s) => s.name === 'email-sending')!;
      assert.equal(email.sampled_at.toISOString(), emailSnapshot.sampledAt);
      assert.equal(Number(email.oldest_wait_ms), emailSnapshot.oldestWaitingAgeMs);
      assert.equal(email.workers, null);

      assert.equal(reports.queue, 'reports-low');
      assert.equal(reports.tier, 'low');
      assert.equal(reports.paused, true);
      assert.deepEqual([reports.waiting, reports.failed, reports.depth], [0, 1, 0]);
    });

    it('samples every interval on the replica that holds the lock', async () => {
      await pool.query(`DELETE FROM ${table} WHERE prefix = $1`, [prefix]);
      // As in server.ts: the lock sessions come from a small pool of their own.
      const jobs = queueSamplingJobs({ pool, schema, sampler: { intervalMs: 150, retentionDays: 90 }, readSnapshots });
      const lockPool = createLockPool(TEST_DATABASE_URL, jobs.length);
      const sampling = startPeriodicJobs(jobs, { pool: lockPool });
      try {
        await waitFor(
          'three sampler ticks',
          async () => {
            const { rows } = await pool.query<{ ticks: number }>(
              `SELECT count(DISTINCT sampled_at)::int AS ticks FROM ${table} WHERE prefix = $1`,
              [prefix]
            );
            return rows[0]!.ticks >= 3;
          },
          10_000
        );
        assert.deepEqual(
          sampling.jobs.map((job) => job.isLeader()),
          [true, true]
        );
        // Both leaders hold their lock client from the lock pool, not from the main pool.
        assert.equal(lockPool.totalCount, 2);
        assert.equal(lockPool.idleCount, 0);
      } finally {
        await sampling.stop();
        await lockPool.end();
      }
      const { rows } = await pool.query<{ queue: string; n: number }>(
        `SELECT queue, count(*)::int AS n FROM ${table} WHERE prefix = $1 GROUP BY queue ORDER BY queue`,
        [prefix]
      );
      assert.deepEqual(
        rows.map((row) => row.queue),
        ['email-sending', 'reports-low']
      );
      assert.equal(rows[0]!.n, rows[1]!.n, 'each tick writes both queues in one statement');
    });
  });

  describe('history', () => {
    // Known data: 10 minutes of samples every 10 s for a, b (high) and c (low), starting on a minute boundary.
    const base = Math.floor((Date.now() - 30 * 60_000) / 60_000) * 60_000;
    const historyPrefix = 'history-test';

    before(async () => {
      const rows: SampleRow[] = [];
      for (let i = 0; i < 60; i += 1) {
        const sample = (queue: string, tier: string, depth: number, oldest: number | null): SampleRow => ({
          sampled_at: new Date(base + i * 10_000),
          prefix: historyPrefix,
          queue,
          tier,
          paused: false,
          waiting: depth,
          prioritized: 0,
          active: 0,
          delayed: 0,
          waiting_children: 0,
          failed: 0,
          completed: 0,
          depth,
          oldest_wait_ms: oldest,
          workers: null,
          throughput_per_min: null,
          failures_per_min: null,
        });
        rows.push(
          sample('hist-a', 'high', i, i * 1000),
          sample('hist-b', 'high', 100 + i, 5),
          sample('hist-c', 'low', 1000, null)
        );
      }
      await writeSamples(pool, schema, rows);
    });

    const range = { from: new Date(base), to: new Date(base + 600_000 - 1) };
    /** Average of i over the 6 samples of minute k is 6k + 2.5. */
    const minuteAvg = (k: number) => 6 * k + 2.5;

    it('averages each queue per aligned bucket, at most maxPoints buckets', async () => {
      const history = await queryQueueHistory(pool, schema, {
        field: 'depth',
        ...range,
        groupBy: 'queue',
        maxPoints: 10,
      });
      assert.equal(history.field, 'depth');
      assert.deepEqual(
        history.series.map((s) => s.name),
        ['hist-a', 'hist-b', 'hist-c']
      );
      const [a, b, c] = history.series;
      assert.deepEqual(
        a!.points,
        Array.from({ length: 10 }, (_, k) => [base + k * 60_000, minuteAvg(k)])
      );
      assert.deepEqual(
        b!.points.map(([, value]) => value),
        Array.from({ length: 10 }, (_, k) => 100 + minuteAvg(k))
      );
      assert.deepEqual(new Set(c!.points.map(([, value]) => value)), new Set([1000]));

      // Unaligned range and a small maxPoints: never more points than asked for, buckets stay aligned.
      const coarse = await queryQueueHistory(pool, schema, {
        field: 'depth',
        from: new Date(base + 7_000),
        to: new Date(base + 593_000),
        groupBy: 'queue',
        queue: 'hist-a',
        maxPoints: 7,
      });
      assert.equal(coarse.series.length, 1);
      const points = coarse.series[0]!.points;
      assert.ok(points.length <= 7 && points.length >= 6, `${points.length} points`);
      const step = points[1]![0] - points[0]![0];
      assert.ok(
        points.every(([time]) => time % step === 0),
        'bucket starts are multiples of the bucket size'
      );
    });

    it('sums a tier over its queues per bucket (max for oldest_wait_ms) and filters by tier and queue', async () => {
      const byTier = await queryQueueHistory(pool, schema, {
        field: 'depth',
        ...range,
        groupBy: 'tier',
        maxPoints: 10,
      });
      assert.deepEqual(
        byTier.series.map((s) => s.name),
        ['high', 'low']
      );
      assert.deepEqual(
        byTier.series[0]!.points,
        Array.from({ length: 10 }, (_, k) => [base + k * 60_000, 2 * minuteAvg(k) + 100])
      );
      assert.deepEqual(
        byTier.series[1]!.points.map(([, value]) => value),
        Array(10).fill(1000)
      );

      const oldest = await queryQueueHistory(pool, schema, {
        field: 'oldest_wait_ms',
        ...range,
        groupBy: 'tier',
        tier: 'high',
        maxPoints: 10,
      });
      assert.deepEqual(
        oldest.series.map((s) => s.name),
        ['high']
      );
      assert.deepEqual(
        oldest.series[0]!.points.map(([, value]) => value),
        Array.from({ length: 10 }, (_, k) => minuteAvg(k) * 1000),
        'max over the queues, not the sum'
      );

      const oneQueue = await queryQueueHistory(pool, schema, {
        field: 'depth',
        ...range,
        groupBy: 'tier',
        queue: 'hist-b',
        maxPoints: 10,
      });
      assert.deepEqual(
        oneQueue.series[0]!.points.map(([, value]) => value),
        Array.from({ length: 10 }, (_, k) => 100 + minuteAvg(k))
      );
      const lowQueues = await queryQueueHistory(pool, schema, {
        field: 'depth',
        ...range,
        groupBy: 'queue',
        tier: 'low',
        maxPoints: 10,
      });
      assert.deepEqual(
        lowQueues.series.map((s) => s.name),
        ['hist-c']
      );
    });

    it('a query past its statement timeout is a 503 query_timeout', async () => {
      // Another session holds the table: the history query waits on the lock until statement_timeout ends it.
      const holder = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
        await assert.rejects(
          queryQueueHistory(
            pool,
            schema,
            { field: 'depth', ...range, groupBy: 'queue', maxPoints: 10 },
            { statementTimeoutMs: 100 }
          ),
          (error: unknown) =>
            error instanceof TimeoutError && error.code === 'query_timeout' && /shorter range/.test(error.message)
        );
      } finally {
        await holder.query('ROLLBACK');
        await holder.end();
      }
      // The rolled-back client went back to the pool: the next query runs normally.
      const after = await queryQueueHistory(pool, schema, {
        field: 'depth',
        ...range,
        groupBy: 'queue',
        maxPoints: 10,
      });
      assert.equal(after.series.length, 3);
    });

    describe('over HTTP', () => {
      let server: RunningServer;
      before(async () => {
        // The service as deployed: its own read path over the test prefix feeds the sampler every second.
        const config = loadConfig(
          testEnv(schema),
          `queues:\n  ledgerTable: ${schema}.job_ledger\n  prefixes: [${prefix}]\n  tiers: { email-sending: high }\n` +
            'sampler:\n  intervalMs: 1000\n'
        );
        server = await startServer(config, { migrate: true });
      });
      after(async () => {
        await server?.close();
      });

      const get = (query: string) =>
        fetch(`${server.url}/api/queues/history?${query}`, { headers: bearer(TOKENS.api) });

      it('the running service samples the queues its read path discovers', async () => {
        const since = new Date();
        const rows = await waitFor('a sample written by the service', async () => {
          const result = await pool.query<{ queue: string; tier: string; depth: number; paused: boolean }>(
            `SELECT queue, tier, depth, paused FROM ${table} WHERE prefix = $1 AND sampled_at >= $2 ORDER BY queue`,
            [prefix, since]
          );
          return result.rows.length >= 2 && result.rows;
        });
        assert.deepEqual(rows.slice(0, 2), [
          { queue: 'email-sending', tier: 'high', depth: 7, paused: false },
          { queue: 'reports-low', tier: 'low', depth: 0, paused: true },
        ]);
      });

      it('GET /api/queues/history returns the bucketed series', async () => {
        const res = await get(
          `field=depth&groupBy=tier&tier=high&from=${range.from.toISOString()}&to=${range.to.toISOString()}&maxPoints=10`
        );
        assert.equal(res.status, 200);
        const body = (await res.json()) as { field: string; series: Array<{ name: string; points: number[][] }> };
        assert.equal(body.field, 'depth');
        assert.deepEqual(
          body.series.map((s) => s.name),
          ['high']
        );
        assert.deepEqual(body.series[0]!.points[3], [base + 3 * 60_000, 2 * minuteAvg(3) + 100]);
      });

      it('400s name the bad parameter', async () => {
        const from = range.from.toISOString();
        const cases: Array<[string, string]> = [
          ['field=nope', 'field'],
          ['from=yesterday', 'from'],
          ['to=2026-13-45', 'to'],
          [`from=${range.to.toISOString()}&to=${from}`, 'from'],
          ['groupBy=host', 'groupBy'],
          ['tier=urgent', 'tier'],
          ['maxPoints=1', 'maxPoints'],
          ['maxPoints=abc', 'maxPoints'],
          ['queue=a:b', 'queue'],
          ['field=depth&field=active', 'field'],
          ['grouBy=tier', 'grouBy'],
          // Longer than sampler.retentionDays (90 by default).
          ['from=0', 'from'],
          [`from=${new Date(range.to.getTime() - 91 * DAY_MS).toISOString()}&to=${range.to.toISOString()}`, 'from'],
        ];
        for (const [query, parameter] of cases) {
          const res = await get(query);
          assert.equal(res.status, 400, query);
          const body = (await res.json()) as { error: { code: string; message: string } };
          assert.equal(body.error.code, 'invalid_parameter', query);
          assert.match(body.error.message, new RegExp(`^invalid parameter ${parameter}: `), query);
        }
      });

      it('queue_metrics answers one time-series frame per series, unit and meaning from the field', async () => {
        const res = await fetch(`${server.url}/api/query`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...bearer(TOKENS.api) },
          body: JSON.stringify({
            queries: [
              { refId: 'A', queryType: 'queue_metrics', field: 'oldest_wait_ms', groupBy: 'queue', tier: 'high' },
            ],
            range: { from: range.from.toISOString(), to: range.to.toISOString() },
            intervalMs: 1_000,
            maxDataPoints: 10,
          }),
        });
        assert.equal(res.status, 200);
        const body = (await res.json()) as {
          results: Record<
            string,
            {
              frames: Array<{
                schema: {
                  name: string;
                  refId: string;
                  fields: Array<{ name: string; type: string; config?: { unit?: string; description?: string } }>;
                };
                data: { values: number[][] };
              }>;
              error?: string;
            }
          >;
        };
        const result = body.results.A!;
        assert.equal(result.error, undefined);
        assert.deepEqual(
          result.frames.map((frame) => frame.schema.name),
          ['hist-a', 'hist-b']
        );
        const [a, b] = result.frames;
        assert.equal(a!.schema.refId, 'A');
        assert.deepEqual(a!.schema.fields, [
          { name: 'time', type: 'time', config: { description: QUEUE_METRICS_FRAME.fields.time.description } },
          {
            name: 'hist-a',
            type: 'number',
            config: { unit: 'ms', description: QUEUES_FRAME.fields.oldestWaitMs.description },
          },
        ]);
        assert.equal(a!.data.values[0]!.length, 10);
        assert.equal(a!.data.values[0]![2], base + 2 * 60_000);
        assert.equal(a!.data.values[1]![2], minuteAvg(2) * 1000);
        assert.deepEqual(new Set(b!.data.values[1]), new Set([5]));
      });
    });
  });
});
