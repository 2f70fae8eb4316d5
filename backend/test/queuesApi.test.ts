// The read-scope queue API end to end: startServer with real tokens, real PostgreSQL (ledger in a random schema),
// real Redis (random prefix) and queues written by real BullMQ 6 and BullMQ 5 workers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Queue, Worker, type Job } from 'bullmq';
import { Queue as Queue5, Worker as Worker5, type Job as Job5 } from 'bullmq5';
import { Redis } from 'ioredis';
import pg from 'pg';
import type {
  JobDetail,
  JobListResponse,
  JobSearchResponse,
  QueueSnapshot,
  QueuesResponse,
} from '@penguinmails/sysmon-contract';
import { quoteIdent } from '../src/db/sql.ts';
import {
  deletePrefix,
  randomPrefix,
  waitFor,
  bearer,
  dropSchema,
  randomSchema,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  testConfig,
  TOKENS,
} from './helpers.ts';
import { queuesUnit } from '../src/units/queues/index.ts';
import { serviceUnit } from '../src/units/service.ts';
import { startServer, type RunningServer } from '../src/server.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('queue read API (real Redis, PostgreSQL, BullMQ 5 and 6)', () => {
  const schema = randomSchema();
  const prefix = randomPrefix('api');
  const ledger = quoteIdent(`${schema}.job_ledger`);
  const url = new URL(TEST_REDIS_URL);
  const connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
  let server: RunningServer;
  let redis: Redis;
  let db: pg.Client;
  const queues: Array<{ close(): Promise<void> }> = [];
  const workers: Array<{ close(force?: boolean): Promise<void> }> = [];

  const get = async <T>(path: string, token = TOKENS.api): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${server.url}${path}`, { headers: bearer(token) });
    return { status: res.status, body: (await res.json()) as T };
  };
  const ok = async <T>(path: string): Promise<T> => {
    const { status, body } = await get<T>(path);
    assert.equal(status, 200, `${path}: ${JSON.stringify(body)}`);
    return body;
  };
  const queueSnapshot = async (name: string) => ok<QueueSnapshot>(`/api/queues/${name}`);

  function v6Queue(name: string) {
    const queue = new Queue(name, { connection, prefix });
    queues.push(queue);
    return queue;
  }

  before(async () => {
    db = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    redis = new Redis(TEST_REDIS_URL);
    const config = testConfig(schema, {}, `  prefixes: [${prefix}]\n  tiers: { email-sending: high }\n`);
    // The sampler would read the overview too (filling its cache and rate baselines at its own times): give it
    // an empty source so these tests control every read.
    server = await startServer(config, {
      migrate: true,
      units: [serviceUnit, queuesUnit({ readSnapshots: async () => [] })],
    });
  });

  after(async () => {
    await Promise.allSettled(workers.map((worker) => worker.close(true)));
    await Promise.allSettled(queues.map((queue) => queue.close()));
    await server?.close();
    await deletePrefix(redis, prefix);
    await redis.quit();
    await db.end();
    await dropSchema(schema);
  });

  it('overview: counts, tier, workers and rates from metrics counters move while a worker drains', async () => {
    const queue = v6Queue('email-sending');
    let seen = 0;
    const worker = new Worker(
      'email-sending',
      async (job: Job) => {
        seen += 1;
        await sleep(5);
        if (job.data.fail) {
          throw new Error('SMTP 421 try later');
        }
        return { ok: true };
      },
      { connection, prefix, metrics: { maxDataPoints: 60 }, concurrency: 2 }
    );
    workers.push(worker);
    // First finish creates the counters (BullMQ writes no data point for it).
    await queue.add('send', { warmup: true });
    await waitFor('the warm-up job', async () => seen >= 1 && (await queue.getCompletedCount()) === 1);
    await waitFor('the worker in CLIENT LIST', async () => (await queue.getWorkers()).length === 1);

    const baseline = await queueSnapshot('email-sending');
    assert.equal(baseline.tier, 'high');
    assert.equal(baseline.counts.completed, 1, JSON.stringify(baseline));
    assert.equal(baseline.throughputPerMin, null, 'no baseline sample yet');

    await queue.addBulk(Array.from({ length: 50 }, (_, i) => ({ name: 'send', data: { i, fail: i % 5 === 0 } })));
    await waitFor('50 more finishes', async () => seen >= 51 && (await queue.getFailedCount()) === 10, 20_000);
    await waitFor('completed count', async () => (await queue.getCompletedCount()) === 41);
    await sleep(Math.max(0, 5_200 - (Date.now() - Date.parse(baseline.sampledAt))));

    const later = await queueSnapshot('email-sending');
    const elapsedMs = Date.parse(later.sampledAt) - Date.parse(baseline.sampledAt);
    assert.ok(elapsedMs >= 5_000, `elapsed ${elapsedMs}: ${baseline.sampledAt} → ${later.sampledAt}`);
    assert.deepEqual(later.counts, {
      waiting: 0,
      prioritized: 0,
      active: 0,
      delayed: 0,
      waitingChildren: 0,
      failed: 10,
      completed: 41,
    });
    assert.equal(later.depth, 0);
    assert.equal(later.drainEtaSeconds, 0);
    assert.equal(later.workers, 1);
    assert.equal(later.throughputPerMin, (40 * 60_000) / elapsedMs);
    assert.equal(later.failuresPerMin, (10 * 60_000) / elapsedMs);
    assert.equal(later.arrivalsPerMin, (50 * 60_000) / elapsedMs);
    assert.ok(Math.abs(later.failureRate! - 0.2) < 1e-9);

    const all = await ok<QueuesResponse>('/api/queues');
    assert.ok(all.queues.some((q) => q.name === 'email-sending'));
    assert.deepEqual(
      (await ok<QueuesResponse>('/api/queues?tier=high')).queues.map((q) => q.name),
      ['email-sending']
    );
  });

  it('overview: a queue whose workers record no metrics takes its rates from ledger finish times', async () => {
    const queue = v6Queue('plain-low');
    const ids = Array.from({ length: 12 }, (_, i) => `plain-${i}`);
    await db.query(
      `INSERT INTO ${ledger} (id, queue, name, status) SELECT id, 'plain-low', 'crunch', 'queued' FROM unnest($1::text[]) AS id`,
      [ids]
    );
    await queue.addBulk(ids.map((id, i) => ({ name: 'crunch', data: { i }, opts: { jobId: id } })));
    const worker = new Worker(
      'plain-low',
      async (job: Job) => {
        if (job.data.i < 3) {
          throw new Error('timeout');
        }
      },
      { connection, prefix }
    );
    worker.on('completed', (job) => {
      void db.query(`UPDATE ${ledger} SET status = 'completed', finished_at = now() WHERE id = $1`, [job.id]);
    });
    worker.on('failed', (job) => {
      void db.query(`UPDATE ${ledger} SET status = 'failed', finished_at = now() WHERE id = $1`, [job!.id]);
    });
    workers.push(worker);
    const snapshot = await waitFor(
      'ledger-based rates',
      async () => {
        const current = await queueSnapshot('plain-low');
        return current.throughputPerMin === 9 && current.failuresPerMin === 3 ? current : undefined;
      },
      15_000
    );
    assert.equal(snapshot.tier, 'low');
    assert.equal(snapshot.failureRate, 0.25);
    assert.equal(snapshot.counts.completed, 9);
  });

  it('50 concurrent GET /api/queues cost one snapshot read of each queue', async () => {
    const monitorBase = new Redis(TEST_REDIS_URL);
    const monitor = await monitorBase.monitor();
    const scripts: string[][] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      const command = args[0]?.toLowerCase();
      // The snapshot script: EVALSHA sha numkeys + 12 queue keys + 3 arguments (workers' scripts differ).
      const ours =
        args.length === 18 &&
        args.includes(`${prefix}:email-sending:meta`) &&
        args.includes(`${prefix}:email-sending:metrics:failed`);
      if ((command === 'evalsha' || command === 'eval') && ours) {
        scripts.push(args);
      }
    });
    try {
      await sleep(2_100); // let the cached snapshot expire
      const responses = await Promise.all(Array.from({ length: 50 }, () => get<QueuesResponse>('/api/queues')));
      assert.ok(responses.every((response) => response.status === 200));
      assert.equal(new Set(responses.map((response) => response.body.generatedAt)).size, 1);
      await sleep(200);
      assert.equal(scripts.length, 1, 'one snapshot script call for email-sending');
    } finally {
      monitor.disconnect();
      monitorBase.disconnect();
    }
  });

  describe('jobs (BullMQ 6)', () => {
    const failedIds: string[] = [];

    before(async () => {
      const queue = v6Queue('bulk-failures');
      await queue.addBulk(Array.from({ length: 1_000 }, (_, i) => ({ name: 'bulk', data: { i } })));
      const worker = new Worker(
        'bulk-failures',
        async () => {
          throw new Error('boom');
        },
        { connection, prefix, concurrency: 100 }
      );
      workers.push(worker);
      await waitFor('1000 failed jobs', async () => (await queue.getFailedCount()) === 1_000, 60_000);
      await worker.close();
      failedIds.push(...(await redis.zrange(`${prefix}:bulk-failures:failed`, 0, -1)));
    });

    it('walks a 1,000-job failed set page by page, newest first, never more than count', async () => {
      const seen: string[] = [];
      let lastFinished = Infinity;
      for (let start = 0; start < 1_050; start += 100) {
        const page = await ok<JobListResponse>(`/api/queues/bulk-failures/jobs?state=failed&start=${start}&count=100`);
        assert.equal(page.total, 1_000);
        assert.equal(page.count, 100);
        assert.ok(page.jobs.length <= 100);
        assert.equal(page.jobs.length, Math.max(0, Math.min(100, 1_000 - start)));
        for (const job of page.jobs) {
          assert.equal(job.state, 'failed');
          assert.equal(job.failedReason, 'boom');
          assert.ok(job.finishedOn! <= lastFinished, 'newest first');
          lastFinished = job.finishedOn!;
          seen.push(job.id);
        }
      }
      assert.equal(new Set(seen).size, 1_000);
      assert.deepEqual([...seen].sort(), [...failedIds].sort());
    });

    it('lists waiting (next to run first), prioritized and delayed with summaries but no payload', async () => {
      const queue = v6Queue('browse');
      await queue.add('a', { requestId: 'r-a', body: 'x'.repeat(1_000) }, { jobId: 'a' });
      await queue.add('b', { n: 2 }, { jobId: 'b' });
      await queue.add('c', { n: 3 }, { jobId: 'c' });
      await queue.add('p5', {}, { jobId: 'p5', priority: 5 });
      await queue.add('p1', {}, { jobId: 'p1', priority: 1 });
      await queue.add('later', {}, { jobId: 'later', delay: 3_600_000 });

      const waiting = await ok<JobListResponse>('/api/queues/browse/jobs?state=waiting&start=0&count=2');
      assert.equal(waiting.total, 3);
      assert.deepEqual(
        waiting.jobs.map((job) => job.id),
        ['a', 'b']
      );
      assert.equal(waiting.jobs[0]!.dataBytes, JSON.stringify({ requestId: 'r-a', body: 'x'.repeat(1_000) }).length);
      assert.ok(!('data' in waiting.jobs[0]!));
      const next = await ok<JobListResponse>('/api/queues/browse/jobs?state=waiting&start=2&count=2');
      assert.deepEqual(
        next.jobs.map((job) => job.id),
        ['c']
      );
      const prioritized = await ok<JobListResponse>('/api/queues/browse/jobs?state=prioritized');
      assert.deepEqual(
        prioritized.jobs.map((job) => [job.id, job.priority]),
        [
          ['p1', 1],
          ['p5', 5],
        ]
      );
      const delayed = await ok<JobListResponse>('/api/queues/browse/jobs?state=delayed');
      assert.equal(delayed.jobs[0]!.id, 'later');
      assert.ok(Math.abs(delayed.jobs[0]!.delayUntil! - (delayed.jobs[0]!.timestamp + 3_600_000)) <= 1);
      const detail = await ok<JobDetail>('/api/queues/browse/jobs/a');
      assert.equal(detail.state, 'waiting');
      assert.equal(detail.requestId, 'r-a', 'from the job data');
      assert.equal((await ok<JobDetail>('/api/queues/browse/jobs/p5')).state, 'prioritized');
    });

    it('job detail of a failed job: stack trace, logs, ledger row; large data is truncated', async () => {
      const queue = v6Queue('detail-v6');
      await db.query(
        `INSERT INTO ${ledger} (id, queue, name, status, request_id, payload) VALUES ('d-1', 'detail-v6', 'send', 'queued', 'req-d1', '{"to":"a@b.c"}')`
      );
      await queue.add('send', { to: 'a@b.c' }, { jobId: 'd-1' });
      await queue.add('big', { blob: 'y'.repeat(300 * 1024) }, { jobId: 'big-1' });
      const worker = new Worker(
        'detail-v6',
        async (job: Job) => {
          await job.log('connecting to smtp');
          await job.log('got 550');
          throw new Error('SMTP 550 mailbox unavailable');
        },
        { connection, prefix }
      );
      workers.push(worker);
      await waitFor('both failed', async () => (await queue.getFailedCount()) === 2);

      const detail = await ok<JobDetail>('/api/queues/detail-v6/jobs/d-1');
      assert.equal(detail.state, 'failed');
      assert.equal(detail.queue, 'detail-v6');
      assert.deepEqual(detail.data, { to: 'a@b.c' });
      assert.equal(detail.failedReason, 'SMTP 550 mailbox unavailable');
      assert.ok(detail.stacktrace.length >= 1);
      assert.match(detail.stacktrace[0]!, /SMTP 550 mailbox unavailable/);
      assert.deepEqual(detail.logs, ['connecting to smtp', 'got 550']);
      assert.equal(detail.attemptsMade, 1);
      assert.equal(detail.ledger?.id, 'd-1');
      assert.equal(detail.ledger?.requestId, 'req-d1');
      assert.equal(detail.requestId, 'req-d1', 'from the ledger row when the data has none');
      assert.equal(typeof detail.opts, 'object');

      const list = await ok<JobListResponse>('/api/queues/detail-v6/jobs?state=failed');
      assert.equal(list.jobs.find((job) => job.id === 'd-1')?.requestId, 'req-d1');

      const big = await ok<JobDetail>('/api/queues/detail-v6/jobs/big-1');
      assert.equal(big.dataTruncated, true);
      assert.equal(big.data, null);
      assert.equal(big.dataPreview!.length, 4_096);
      assert.ok(big.dataBytes > 300 * 1024);
    });

    it('404 for an unknown queue or job, 400 naming the parameter', async () => {
      const unknownQueue = await get<{ error: { code: string } }>('/api/queues/nope/jobs');
      assert.equal(unknownQueue.status, 404);
      assert.equal(unknownQueue.body.error.code, 'queue_not_found');
      assert.equal((await get<{ error: { code: string } }>('/api/queues/nope')).body.error.code, 'queue_not_found');
      const unknownJob = await get<{ error: { code: string } }>('/api/queues/browse/jobs/missing');
      assert.equal(unknownJob.status, 404);
      assert.equal(unknownJob.body.error.code, 'job_not_found');
      assert.equal((await get('/api/queues/browse/jobs/meta')).status, 404, 'a queue key is not a job');

      for (const [path, parameter] of [
        ['/api/queues/browse/jobs?state=bogus', 'state'],
        ['/api/queues/browse/jobs?count=101', 'count'],
        ['/api/queues/browse/jobs?start=-1', 'start'],
        ['/api/queues?tier=urgent', 'tier'],
        ['/api/jobs/search?q=status:sent', 'q'],
        ['/api/jobs/search?q=%22open', 'q'],
        ['/api/jobs/search?limit=500', 'limit'],
        ['/api/jobs/search?cursor=garbage', 'cursor'],
        ['/api/jobs/search?from=yesterday', 'from'],
        ['/api/jobs/search?status=sent', 'status'],
      ] as const) {
        const { status, body } = await get<{ error: { code: string; message: string } }>(path);
        assert.equal(status, 400, path);
        assert.equal(body.error.code, 'invalid_parameter');
        assert.match(body.error.message, new RegExp(`\\b${parameter}\\b`), `${path}: ${body.error.message}`);
      }
      assert.equal((await get('/api/queues', 'not-a-known-token-at-all')).status, 401);
    });
  });

  describe('jobs (BullMQ 5)', () => {
    it('lists and details jobs written by v5, including a v5 paused queue', async () => {
      const queue = new Queue5('legacy-v5', { connection, prefix });
      queues.push(queue);
      await db.query(
        `INSERT INTO ${ledger} (id, queue, name, status, request_id) VALUES ('v5-1', 'legacy-v5', 'send', 'queued', 'req-v5')`
      );
      await queue.add('send', { request_id: 'req-v5-data' }, { jobId: 'v5-1' });
      await queue.add('send', { ok: true }, { jobId: 'v5-2' });
      const worker = new Worker5(
        'legacy-v5',
        async (job: Job5) => {
          await job.log(`v5 processing ${job.id}`);
          if (job.id === 'v5-1') {
            throw new Error('v5 failure');
          }
          return 'done';
        },
        { connection, prefix }
      );
      workers.push(worker);
      await waitFor(
        'v5 jobs finished',
        async () => (await queue.getFailedCount()) === 1 && (await queue.getCompletedCount()) === 1
      );
      await worker.close();

      const failed = await ok<JobListResponse>('/api/queues/legacy-v5/jobs?state=failed');
      assert.deepEqual(
        failed.jobs.map((job) => [job.id, job.failedReason, job.attemptsMade, job.requestId]),
        [['v5-1', 'v5 failure', 1, 'req-v5']]
      );
      const detail = await ok<JobDetail>('/api/queues/legacy-v5/jobs/v5-1');
      assert.equal(detail.state, 'failed');
      assert.match(detail.stacktrace[0]!, /v5 failure/);
      assert.deepEqual(detail.logs, ['v5 processing v5-1']);
      assert.equal(detail.requestId, 'req-v5-data', 'data wins over the ledger');
      assert.equal(detail.ledger?.requestId, 'req-v5');
      const completed = await ok<JobDetail>('/api/queues/legacy-v5/jobs/v5-2');
      assert.equal(completed.state, 'completed');
      assert.equal(completed.returnValue, 'done');

      // v5 pause renames wait → paused; jobs added while paused go there too.
      await queue.pause();
      await queue.add('send', {}, { jobId: 'v5-p1' });
      await queue.add('send', {}, { jobId: 'v5-p2' });
      assert.equal(await redis.llen(`${prefix}:legacy-v5:paused`), 2);
      const waiting = await ok<JobListResponse>('/api/queues/legacy-v5/jobs?state=waiting');
      assert.equal(waiting.total, 2);
      assert.deepEqual(
        waiting.jobs.map((job) => job.id),
        ['v5-p1', 'v5-p2']
      );
      assert.equal((await ok<JobDetail>('/api/queues/legacy-v5/jobs/v5-p2')).state, 'waiting');
      const snapshot = await waitFor('paused v5 queue in the overview', async () => {
        const current = await queueSnapshot('legacy-v5');
        return current.counts.waiting === 2 ? current : undefined;
      });
      assert.equal(snapshot.paused, true);
      assert.equal(snapshot.depth, 2);
    });
  });

  describe('ledger search', () => {
    // Within the last 24 h: a search without `from` covers only that window.
    const base = Math.floor(Date.now() / 1_000) * 1_000 - 60 * 60 * 1_000;
    const rows = Array.from({ length: 130 }, (_, i) => ({
      id: `s-${String(i).padStart(3, '0')}`,
      queue: i % 2 === 0 ? 'search-a' : 'search-b',
      name: i % 3 === 0 ? 'send email' : 'warmup',
      status: i % 4 === 0 ? 'failed' : 'completed',
      request_id: `req-${i}`,
      payload: { to: `user${i}@example.com`, note: i % 10 === 0 ? 'greylisted 421' : 'ok' },
      last_error: i % 4 === 0 ? 'SMTP 550 mailbox unavailable' : null,
      // Groups of three rows share one created_at (second + 123 µs), to exercise the id tie-breaker.
      second: Math.floor(i / 3),
      created_at: new Date(base + Math.floor(i / 3) * 1_000).toISOString().replace('Z', '123Z'),
    }));
    // Expected order: created_at desc, then the job identity (queue, id) desc.
    const key = (row: (typeof rows)[number]) => [row.created_at, row.queue, row.id];
    const ordered = [...rows].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      const at = x.findIndex((part, index) => part !== y[index]);
      return at === -1 ? 0 : x[at]! < y[at]! ? 1 : -1;
    });

    before(async () => {
      await db.query(
        `INSERT INTO ${ledger} (id, queue, name, status, request_id, payload, last_error, created_at, updated_at)
         SELECT r.id, r.queue, r.name, r.status, r.request_id, r.payload, r.last_error, r.created_at::timestamptz, r.created_at::timestamptz
         FROM jsonb_to_recordset($1::jsonb) AS r(id text, queue text, name text, status text, request_id text,
              payload jsonb, last_error text, created_at text)`,
        [JSON.stringify(rows)]
      );
      await db.query(
        `INSERT INTO ${ledger} (id, queue, name, status, payload, created_at) VALUES ('huge', 'search-huge', 'x', 'queued', $1, $2)`,
        [JSON.stringify({ blob: 'z'.repeat(40 * 1024) }), new Date(base).toISOString()]
      );
      await db.query(
        `INSERT INTO ${ledger} (id, queue, name, status, payload, created_at) VALUES ('s-old', 'search-old', 'x', 'completed', '{}', $1)`,
        [new Date(base - 2 * 24 * 60 * 60 * 1_000).toISOString()]
      );
    });

    async function walk(params: string, limit: number): Promise<string[]> {
      const ids: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: JobSearchResponse = await ok<JobSearchResponse>(
          `/api/jobs/search?${params}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
        );
        assert.ok(page.rows.length <= limit);
        ids.push(...page.rows.map((row) => row.id));
        cursor = page.nextCursor;
        pages += 1;
        assert.ok(pages < 100);
      } while (cursor);
      return ids;
    }

    it('pages through every match with a cursor, newest first, ties broken by queue and id', async () => {
      const q = encodeURIComponent('queue:search-a queue:search-b');
      assert.deepEqual(
        await walk(`q=${q}`, 25),
        ordered.map((row) => row.id)
      );
      assert.deepEqual(
        await walk('queue=search-b&status=failed', 7),
        ordered.filter((row) => row.queue === 'search-b' && row.status === 'failed').map((row) => row.id)
      );
    });

    it('finds by request_id, id, name, text in payload and last_error, negation and time range', async () => {
      const ids = async (q: string, extra = '') =>
        (await ok<JobSearchResponse>(`/api/jobs/search?q=${encodeURIComponent(q)}&limit=200${extra}`)).rows.map(
          (row) => row.id
        );
      assert.deepEqual(await ids('request_id:req-7'), ['s-007']);
      assert.deepEqual(await ids('id:s-042'), ['s-042']);
      const expect = (keep: (row: (typeof rows)[number]) => boolean) => ordered.filter(keep).map((row) => row.id);
      assert.deepEqual(
        await ids('greylisted'),
        expect((row) => row.payload.note === 'greylisted 421')
      );
      assert.deepEqual(
        await ids('"mailbox unavailable"'),
        expect((row) => row.last_error !== null)
      );
      assert.deepEqual(
        await ids('"mailbox unavailable" -greylisted name:"send email"'),
        expect((row) => row.last_error !== null && row.payload.note === 'ok' && row.name === 'send email')
      );
      assert.deepEqual(
        await ids('status:failed', '&queue=search-a'),
        expect((row) => row.status === 'failed' && row.queue === 'search-a')
      );
      assert.deepEqual(await ids('user1%'), [], 'LIKE wildcards match literally');
      const from = new Date(base + 40_000).toISOString();
      const to = new Date(base + 42_000).toISOString();
      assert.deepEqual(
        await ids('queue:search-a queue:search-b', `&from=${from}&to=${to}`),
        // second 42 is 42.000123 s: after `to`.
        expect((row) => row.second >= 40 && row.second <= 41)
      );
      const [full] = (await ok<JobSearchResponse>('/api/jobs/search?q=id:s-007')).rows;
      assert.deepEqual(full!.payload, { to: 'user7@example.com', note: 'ok' });
      assert.equal(full!.requestId, 'req-7');
      assert.equal(full!.createdAt, new Date(base + 2_000).toISOString());
    });

    it('searches the last 24 h unless from is given, and returns the range searched', async () => {
      const recent = await ok<JobSearchResponse>('/api/jobs/search?q=queue:search-old');
      assert.deepEqual(recent.rows, []);
      assert.ok(recent.range && recent.range.to === null);
      const windowStart = Date.parse(recent.range.from);
      assert.ok(Math.abs(Date.now() - 24 * 60 * 60 * 1_000 - windowStart) < 60_000, recent.range.from);

      const from = new Date(base - 3 * 24 * 60 * 60 * 1_000).toISOString();
      const older = await ok<JobSearchResponse>(`/api/jobs/search?q=queue:search-old&from=${from}`);
      assert.deepEqual(
        older.rows.map((row) => row.id),
        ['s-old']
      );
      assert.deepEqual(older.range, { from, to: null });
    });

    it('guards large payloads in search rows', async () => {
      const [row] = (await ok<JobSearchResponse>('/api/jobs/search?q=id:huge')).rows;
      assert.equal(row!.payloadTruncated, true);
      assert.equal(typeof row!.payload, 'string');
      assert.equal((row!.payload as string).length, 4_096);
    });
  });

  describe('POST /api/query', () => {
    const query = async (queries: unknown[]) => {
      const res = await fetch(`${server.url}/api/query`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...bearer(TOKENS.api) },
        body: JSON.stringify({ queries }),
      });
      assert.equal(res.status, 200);
      return ((await res.json()) as { results: Record<string, any> }).results;
    };
    const column = (frame: any, name: string) =>
      frame.data.values[frame.schema.fields.findIndex((field: { name: string }) => field.name === name)];

    it('queues, variable and jobs frames', async () => {
      const results = await query([
        { refId: 'Q', queryType: 'queues', tier: 'high' },
        { refId: 'V', queryType: 'variable', variable: 'queue', tier: 'low' },
        { refId: 'T', queryType: 'variable', variable: 'tier' },
        { refId: 'J', queryType: 'jobs', queue: 'bulk-failures', state: 'failed', limit: 150 },
        { refId: 'S', queryType: 'jobs', search: 'request_id:req-7' },
        { refId: 'E', queryType: 'jobs', search: 'status:nope' },
        { refId: 'N', queryType: 'jobs' },
      ]);
      const queuesFrame = results.Q.frames[0];
      assert.equal(queuesFrame.schema.name, 'queues');
      assert.deepEqual(
        queuesFrame.schema.fields.map((field: { name: string }) => field.name),
        [
          'queue',
          'tier',
          'paused',
          'waiting',
          'prioritized',
          'active',
          'delayed',
          'waiting_children',
          'failed',
          'completed',
          'depth',
          'oldest_wait_ms',
          'workers',
          'throughput_per_min',
          'failures_per_min',
          'failure_rate',
          'drain_eta_s',
          'error',
        ]
      );
      assert.deepEqual(column(queuesFrame, 'queue'), ['email-sending']);
      assert.equal(
        queuesFrame.schema.fields.find((field: { name: string }) => field.name === 'failure_rate').config.unit,
        'percentunit'
      );
      assert.deepEqual(column(results.V.frames[0], 'value'), ['plain-low']);
      assert.deepEqual(column(results.T.frames[0], 'text'), ['high', 'normal', 'low']);
      assert.equal(column(results.J.frames[0], 'id').length, 150);
      assert.deepEqual(column(results.S.frames[0], 'id'), ['s-007']);
      assert.equal(results.E.status, 400);
      assert.match(results.E.error, /unknown status "nope"/);
      assert.equal(results.N.status, 400);
      assert.match(results.N.error, /queue: required/);
    });
  });
});
