// Operator actions, audit log and drift end to end: the real service over HTTP against real PostgreSQL, Redis and
// BullMQ 5/6 queues and workers. Every assertion about Redis is made through BullMQ (isPaused, getJobCounts,
// getJobState), not through our own readers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Queue, Worker, type Job } from 'bullmq';
import * as bullmq5 from 'bullmq5';
import { Redis } from 'ioredis';
import pg from 'pg';
import { quoteIdent } from '../src/db/sql.ts';
import {
  deletePrefix,
  randomPrefix,
  waitFor,
  bearer,
  dropSchema,
  randomSchema,
  testConfig,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  TOKENS,
} from './helpers.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import type { AuditEvent } from '@penguinmails/sysmon-contract';

interface CallOptions {
  token?: string;
  user?: string;
  body?: unknown;
  requestId?: string;
}

interface ErrorBody {
  error: { code: string; message: string };
}

describe('operator actions, audit and drift (real service, Redis, PostgreSQL, BullMQ)', () => {
  const schema = randomSchema();
  const prefix = randomPrefix('act');
  const url = new URL(TEST_REDIS_URL);
  const connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
  const ledger = `${quoteIdent(schema)}.job_ledger`;
  let server: RunningServer;
  let redis: Redis;
  let db: pg.Client;
  const queues: Array<{ close(): Promise<void> }> = [];
  const workers: Array<{ close(force?: boolean): Promise<void> }> = [];
  let requestCounter = 0;

  /** A BullMQ 6 queue under the test prefix (closed after the file). */
  function queue6(name: string): Queue {
    const queue = new Queue(name, { connection, prefix });
    queues.push(queue);
    return queue;
  }

  async function call<T = unknown>(method: string, path: string, options: CallOptions = {}) {
    const requestId = options.requestId ?? `act-test-${++requestCounter}`;
    const headers: Record<string, string> = {
      ...bearer(options.token ?? TOKENS.operator),
      'X-Request-ID': requestId,
      ...(options.user !== undefined ? { 'X-Grafana-User': options.user } : {}),
      ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    };
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    return { status: res.status, body: (await res.json()) as T, requestId };
  }

  async function auditEvents(): Promise<AuditEvent[]> {
    const { body } = await call<{ events: AuditEvent[] }>('GET', '/api/audit?limit=500', { token: TOKENS.api });
    return body.events;
  }

  async function eventsFor(requestId: string): Promise<AuditEvent[]> {
    return (await auditEvents()).filter((event) => event.requestId === requestId);
  }

  /** Fails every job it gets; returns once `count` jobs failed. */
  async function failJobs(queue: Queue, count: number) {
    const worker = new Worker(
      queue.name,
      async () => {
        throw new Error('smtp 550 mailbox unavailable');
      },
      { connection, prefix, concurrency: 50 }
    );
    workers.push(worker);
    await waitFor(
      `${count} failed jobs`,
      async () => ((await queue.getJobCounts('failed')).failed ?? 0) >= count,
      30_000
    );
    await worker.close();
  }

  before(async () => {
    const tiers = "  tiers: { 'pause-me': high, 'nightly-batch': low }\n";
    // Suffix-tiered queues exist before the service starts, so its (cached) discovery knows them; a tier action
    // never waits for a fresh SCAN (see the tier test).
    await Promise.all(['digest-low', 'reports-low', 'alerts-high'].map((name) => queue6(name).add('x', {})));
    server = await startServer(testConfig(schema, {}, `  prefixes: ['${prefix}']\n${tiers}`), { migrate: true });
    redis = new Redis(TEST_REDIS_URL);
    db = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
  });

  after(async () => {
    await Promise.allSettled(workers.map((worker) => worker.close(true)));
    await Promise.allSettled(queues.map((queue) => queue.close()));
    await server?.close();
    await db?.end();
    await deletePrefix(redis, prefix);
    await redis.quit();
    await dropSchema(schema);
  });

  describe('pause and resume', () => {
    it('pauses and resumes a queue as BullMQ sees it, the next poll shows it, and meta.version is untouched', async () => {
      const queue = queue6('pause-me');
      await queue.add('send', { n: 1 });
      const versionBefore = await redis.hget(`${prefix}:pause-me:meta`, 'version');
      assert.ok(versionBefore?.startsWith('bullmq:'));
      // Prime the 2 s snapshot cache, so a stale read would show paused: false.
      const before = await call<{ paused: boolean }>('GET', '/api/queues/pause-me', { token: TOKENS.api });
      assert.equal(before.status, 200);
      assert.equal(before.body.paused, false);

      const paused = await call('POST', '/api/queues/pause-me/pause', { user: 'alice' });
      assert.equal(paused.status, 200);
      assert.deepEqual(paused.body, { queue: 'pause-me', paused: true });
      assert.equal(await queue.isPaused(), true);
      const after = await call<{ paused: boolean }>('GET', '/api/queues/pause-me', { token: TOKENS.api });
      assert.equal(after.body.paused, true, 'the snapshot cache was invalidated by the action');

      const resumed = await call('POST', '/api/queues/pause-me/resume', { user: 'alice' });
      assert.deepEqual(resumed.body, { queue: 'pause-me', paused: false });
      assert.equal(await queue.isPaused(), false);
      assert.equal(await redis.hget(`${prefix}:pause-me:meta`, 'version'), versionBefore);
    });

    it('resumes a queue paused by BullMQ 5 (v5 `paused` list) without losing a job', async () => {
      const v5 = new bullmq5.Queue('legacy-v5', { connection, prefix });
      queues.push(v5);
      await v5.addBulk(Array.from({ length: 3 }, (_, i) => ({ name: 'old', data: { i } })));
      await v5.pause();
      await v5.addBulk(Array.from({ length: 2 }, (_, i) => ({ name: 'while-paused', data: { i } })));
      assert.equal(await redis.llen(`${prefix}:legacy-v5:paused`), 5, 'v5 layout: every waiting id in `paused`');
      assert.equal(await redis.exists(`${prefix}:legacy-v5:wait`), 0);

      const resumed = await call('POST', '/api/queues/legacy-v5/resume');
      assert.deepEqual(resumed.body, { queue: 'legacy-v5', paused: false });
      const v6 = queue6('legacy-v5');
      assert.equal(await v6.isPaused(), false);
      assert.equal(await v5.isPaused(), false);
      assert.equal(await redis.llen(`${prefix}:legacy-v5:paused`), 0);
      assert.equal((await v6.getJobCounts('waiting')).waiting, 5);

      // And every one of them is processed by a (v5) worker.
      const worker = new bullmq5.Worker('legacy-v5', async () => 'ok', { connection, prefix });
      workers.push(worker);
      await waitFor('5 completed', async () => (await v6.getJobCounts('completed')).completed === 5);
      await worker.close();
    });

    it('pauses then resumes every queue of a tier and leaves other tiers alone', async () => {
      const a = queue6('digest-low');
      const b = queue6('reports-low');
      const high = queue6('alerts-high');
      // Prime the cached discovery, then create a queue configured for the tier (config.queues.tiers) after it.
      assert.equal((await call('GET', '/api/queues', { token: TOKENS.api })).status, 200);
      const configured = queue6('nightly-batch');
      await configured.add('x', {});
      const paused = await call<{ tier: string; queues: string[]; paused: boolean }>('POST', '/api/tiers/low/pause');
      assert.equal(paused.status, 200);
      assert.equal(paused.body.tier, 'low');
      assert.deepEqual([...paused.body.queues].sort(), ['digest-low', 'nightly-batch', 'reports-low']);
      assert.equal(await a.isPaused(), true);
      assert.equal(await b.isPaused(), true);
      assert.equal(await configured.isPaused(), true);
      assert.equal(await high.isPaused(), false);

      const resumed = await call<{ paused: boolean }>('POST', '/api/tiers/low/resume');
      assert.equal(resumed.body.paused, false);
      assert.equal(await a.isPaused(), false);
      assert.equal(await b.isPaused(), false);
      assert.equal(await configured.isPaused(), false);

      const bad = await call<ErrorBody>('POST', '/api/tiers/urgent/pause');
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /tier/);
    });

    it('404 for an unknown queue', async () => {
      const res = await call<ErrorBody>('POST', '/api/queues/no-such-queue/pause');
      assert.equal(res.status, 404);
      assert.equal(res.body.error.code, 'queue_not_found');
    });
  });

  describe('one job', () => {
    it('retries a failed job, 409 for a job not in failed, 404 for an unknown one', async () => {
      const queue = queue6('single');
      await queue.add('bounce', { to: 'a@example.test' }, { jobId: 'job-a' });
      await failJobs(queue, 1);
      await queue.add('later', {}, { jobId: 'job-b' });
      assert.equal(await queue.getJobState('job-a'), 'failed');

      const retried = await call('POST', '/api/queues/single/jobs/job-a/retry');
      assert.equal(retried.status, 200);
      assert.deepEqual(retried.body, { queue: 'single', id: 'job-a', state: 'waiting' });
      assert.equal(await queue.getJobState('job-a'), 'waiting');

      const notFailed = await call<ErrorBody>('POST', '/api/queues/single/jobs/job-b/retry');
      assert.equal(notFailed.status, 409);
      assert.equal(notFailed.body.error.code, 'job_not_failed');
      const missing = await call<ErrorBody>('POST', '/api/queues/single/jobs/nope/retry');
      assert.equal(missing.status, 404);
      assert.equal(missing.body.error.code, 'job_not_found');
    });

    it('removes a waiting job; 409 for an active (locked) job', async () => {
      const queue = queue6('removals');
      await queue.add('gone', {}, { jobId: 'rm-1' });
      const removed = await call('DELETE', '/api/queues/removals/jobs/rm-1');
      assert.equal(removed.status, 200);
      assert.deepEqual(removed.body, { queue: 'removals', id: 'rm-1', removed: true });
      assert.equal(await queue.getJobState('rm-1'), 'unknown');
      assert.equal(await queue.getJob('rm-1'), undefined);

      await queue.add('busy', {}, { jobId: 'rm-2' });
      let release: () => void = () => undefined;
      const worker = new Worker('removals', () => new Promise<void>((resolve) => (release = resolve)), {
        connection,
        prefix,
      });
      workers.push(worker);
      await waitFor('rm-2 active', async () => (await queue.getJobState('rm-2')) === 'active');
      const refused = await call<ErrorBody>('DELETE', '/api/queues/removals/jobs/rm-2');
      assert.equal(refused.status, 409);
      assert.equal(refused.body.error.code, 'job_active');
      assert.equal(await queue.getJobState('rm-2'), 'active');
      release();
      await waitFor('rm-2 completed', async () => (await queue.getJobState('rm-2')) === 'completed');
      await worker.close();
    });
  });

  describe('bulk actions (bounded)', () => {
    it('retry-failed retries exactly `count` of 1,000 failed jobs, oldest first', async () => {
      const queue = queue6('bulk');
      await queue.addBulk(Array.from({ length: 1_000 }, (_, i) => ({ name: 'send', data: { i } })));
      await failJobs(queue, 1_000);
      const oldest = await redis.zrange(`${prefix}:bulk:failed`, 0, 249);

      const first = await call('POST', '/api/queues/bulk/retry-failed', { body: { count: 250 } });
      assert.equal(first.status, 200);
      assert.deepEqual(first.body, { queue: 'bulk', retried: 250 });
      let counts = await queue.getJobCounts('failed', 'waiting');
      assert.deepEqual(counts, { failed: 750, waiting: 250 });
      const states = await Promise.all(oldest.slice(0, 20).map((id) => queue.getJobState(id)));
      assert.ok(
        states.every((state) => state === 'waiting'),
        'the oldest failed jobs were the ones retried'
      );

      // More than one batch of 500.
      const second = await call('POST', '/api/queues/bulk/retry-failed', { body: { count: 600 } });
      assert.deepEqual(second.body, { queue: 'bulk', retried: 600 });
      counts = await queue.getJobCounts('failed', 'waiting');
      assert.deepEqual(counts, { failed: 150, waiting: 850 });

      // Asking for more than there is retries what there is.
      const third = await call('POST', '/api/queues/bulk/retry-failed', { body: { count: 100_000 } });
      assert.deepEqual(third.body, { queue: 'bulk', retried: 150 });
      assert.deepEqual(await queue.getJobCounts('failed', 'waiting'), { failed: 0, waiting: 1_000 });
    });

    it('promote-delayed promotes the first N delayed jobs, keeping the rest delayed', async () => {
      const queue = queue6('scheduled');
      await queue.addBulk(
        Array.from({ length: 30 }, (_, i) => ({
          name: 'later',
          data: { i },
          opts: { jobId: `d-${i}`, delay: 3_600_000 + i * 1_000 },
        }))
      );
      const res = await call('POST', '/api/queues/scheduled/promote-delayed', { body: { count: 10 } });
      assert.deepEqual(res.body, { queue: 'scheduled', promoted: 10 });
      assert.deepEqual(await queue.getJobCounts('delayed', 'waiting'), { delayed: 20, waiting: 10 });
      assert.equal(await queue.getJobState('d-0'), 'waiting', 'due soonest is promoted first');
      assert.equal(await queue.getJobState('d-29'), 'delayed');
    });

    it('clean removes at most `limit` completed jobs older than olderThanMs', async () => {
      const queue = queue6('cleanup');
      await queue.addBulk(Array.from({ length: 20 }, (_, i) => ({ name: 'done', data: { i } })));
      const worker = new Worker('cleanup', async () => 'ok', { connection, prefix, concurrency: 10 });
      workers.push(worker);
      await waitFor('20 completed', async () => (await queue.getJobCounts('completed')).completed === 20);
      await worker.close();

      const young = await call('POST', '/api/queues/cleanup/clean', {
        body: { state: 'completed', olderThanMs: 3_600_000, limit: 100 },
      });
      assert.deepEqual(young.body, { queue: 'cleanup', removed: 0 }, 'nothing finished more than an hour ago');
      const res = await call('POST', '/api/queues/cleanup/clean', {
        body: { state: 'completed', olderThanMs: 0, limit: 5 },
      });
      assert.deepEqual(res.body, { queue: 'cleanup', removed: 5 });
      assert.equal((await queue.getJobCounts('completed')).completed, 15);
    });

    it('400 naming the field for bad bodies', async () => {
      const cases: Array<[string, unknown, RegExp]> = [
        ['/api/queues/bulk/retry-failed', { count: 0 }, /count/],
        ['/api/queues/bulk/retry-failed', { count: 100_001 }, /count/],
        ['/api/queues/bulk/retry-failed', { count: 'ten' }, /count/],
        ['/api/queues/bulk/retry-failed', {}, /count/],
        ['/api/queues/bulk/promote-delayed', { count: 5, all: true }, /all: unknown field/],
        ['/api/queues/bulk/clean', { state: 'active', olderThanMs: 0, limit: 1 }, /state/],
        ['/api/queues/bulk/clean', { state: 'failed', olderThanMs: -1, limit: 1 }, /olderThanMs/],
        ['/api/queues/bulk/clean', { state: 'failed', olderThanMs: 0 }, /limit/],
        ['/api/drift/recover', { limit: 10_001 }, /limit/],
      ];
      for (const [path, body, field] of cases) {
        const res = await call<ErrorBody>('POST', path, { body });
        assert.equal(res.status, 400, `${path} ${JSON.stringify(body)}`);
        assert.equal(res.body.error.code, 'invalid_parameter');
        assert.match(res.body.error.message, field);
      }
    });
  });

  describe('scope and audit', () => {
    const mutating: Array<[string, string, unknown?]> = [
      ['POST', '/api/queues/pause-me/pause'],
      ['POST', '/api/queues/pause-me/resume'],
      ['POST', '/api/tiers/low/pause'],
      ['POST', '/api/tiers/low/resume'],
      ['POST', '/api/queues/single/jobs/job-a/retry'],
      ['DELETE', '/api/queues/single/jobs/job-a'],
      ['POST', '/api/queues/bulk/retry-failed', { count: 1 }],
      ['POST', '/api/queues/bulk/promote-delayed', { count: 1 }],
      ['POST', '/api/queues/bulk/clean', { state: 'completed', olderThanMs: 0, limit: 1 }],
      ['POST', '/api/drift/recover', { limit: 1 }],
    ];

    it('the read token gets 403 on every mutating route and changes nothing', async () => {
      const queue = queue6('pause-me');
      for (const [method, path, body] of mutating) {
        const res = await call<ErrorBody>(method, path, { token: TOKENS.api, body, user: 'viewer' });
        assert.equal(res.status, 403, `${method} ${path}`);
        assert.equal(res.body.error.code, 'forbidden');
      }
      const res = await call<ErrorBody>('POST', '/api/queues/pause-me/pause', { token: TOKENS.ingest });
      assert.equal(res.status, 403);
      assert.equal(await queue.isPaused(), false);
    });

    it('writes exactly one event per action with actor, target, params and outcome', async () => {
      const ok = await call('POST', '/api/queues/bulk/promote-delayed', { body: { count: 3 }, user: 'alice' });
      assert.equal(ok.status, 200);
      const [event, ...more] = await eventsFor(ok.requestId);
      assert.equal(more.length, 0);
      assert.deepEqual(
        { ...event, at: undefined, finishedAt: undefined },
        {
          at: undefined,
          finishedAt: undefined,
          actor: 'alice',
          action: 'queue.promote_delayed',
          target: 'queue:bulk',
          // What was asked for, and (from the completion) what was done.
          params: { count: 3, result: ok.body },
          outcome: 'ok',
          requestId: ok.requestId,
          token: 'operator',
        }
      );
      assert.ok(Date.now() - Date.parse(event!.at) < 60_000);
      assert.ok(Date.parse(event!.finishedAt!) >= Date.parse(event!.at));

      const anonymous = await call('POST', '/api/queues/pause-me/pause');
      const [anonymousEvent] = await eventsFor(anonymous.requestId);
      assert.equal(anonymousEvent?.actor, 'unknown');
      assert.equal(anonymousEvent?.action, 'queue.pause');
      await call('POST', '/api/queues/pause-me/resume', { user: 'alice' });
    });

    it('records failures with their message: 409, 404, 400 (also an unparsable body)', async () => {
      const conflict = await call('POST', '/api/queues/single/jobs/job-b/retry', { user: 'bob' });
      assert.equal(conflict.status, 409);
      const [conflictEvent] = await eventsFor(conflict.requestId);
      assert.equal(conflictEvent?.actor, 'bob');
      assert.equal(conflictEvent?.target, 'queue:single job:job-b');
      assert.match(conflictEvent!.outcome, /^error: job "job-b" is waiting, only failed jobs can be retried$/);

      const missing = await call('POST', '/api/queues/ghost/pause', { user: 'bob' });
      assert.equal(missing.status, 404);
      assert.match((await eventsFor(missing.requestId))[0]!.outcome, /^error: no queue named "ghost"/);

      const invalid = await call('POST', '/api/queues/bulk/retry-failed', { body: { count: -5 }, user: 'bob' });
      assert.equal(invalid.status, 400);
      const invalidEvents = await eventsFor(invalid.requestId);
      assert.equal(invalidEvents.length, 1);
      assert.match(invalidEvents[0]!.outcome, /^error: invalid parameter count/);
      assert.deepEqual(invalidEvents[0]!.params, { count: -5 });

      const res = await fetch(`${server.url}/api/queues/bulk/clean`, {
        method: 'POST',
        headers: { ...bearer(TOKENS.operator), 'Content-Type': 'application/json', 'X-Request-ID': 'act-bad-json' },
        body: '{"state":',
      });
      assert.equal(res.status, 400);
      const [badJson] = await eventsFor('act-bad-json');
      assert.equal(badJson?.outcome, 'error: request body is not valid JSON');
    });

    it('denied (403) calls are not actions and write no event; reads write none either', async () => {
      const denied = await call('POST', '/api/queues/pause-me/pause', { token: TOKENS.api });
      assert.equal(denied.status, 403);
      assert.equal((await eventsFor(denied.requestId)).length, 0);
      const read = await call('GET', '/api/drift', { token: TOKENS.api });
      assert.equal((await eventsFor(read.requestId)).length, 0);
    });

    it('GET /api/audit: newest first, limit validated', async () => {
      const events = await auditEvents();
      assert.ok(events.length >= 10);
      const times = events.map((event) => Date.parse(event.at));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => b - a)
      );
      const two = await call<{ events: unknown[] }>('GET', '/api/audit?limit=2', { token: TOKENS.api });
      assert.equal(two.body.events.length, 2);
      const bad = await call<ErrorBody>('GET', '/api/audit?limit=0', { token: TOKENS.api });
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /limit/);
    });
  });

  describe('drift', () => {
    interface DriftBody {
      checkedAt: string;
      kinds: Array<{
        kind: string;
        count: number;
        oldestAgeMs: number | null;
        lowerBound: boolean;
        examples: Array<{ queue: string; id: string; status?: string; state?: string; ageMs?: number }>;
      }>;
    }
    const kind = (body: DriftBody, name: string) => body.kinds.find((entry) => entry.kind === name)!;
    const HOUR = 3_600_000;

    async function insertLedger(rows: Array<{ id: string; status: string; name?: string; priority?: number }>) {
      for (const row of rows) {
        await db.query(
          `INSERT INTO ${ledger} (id, queue, name, priority, status, payload, request_id, created_at, updated_at)
           VALUES ($1, 'drifty', $2, $3, $4, $5, $6, now() - interval '1 hour', now() - interval '1 hour')`,
          [row.id, row.name ?? 'send', row.priority ?? 0, row.status, { to: `${row.id}@example.test` }, `req-${row.id}`]
        );
      }
    }

    it('detects each kind of drift made on purpose, and recovery re-enqueues the lost job with the same id', async () => {
      const queue = queue6('drifty');
      // terminal_not_in_ledger: completed in Redis an hour ago, ledger still says active.
      await insertLedger([{ id: 'done-1', status: 'active' }]);
      await queue.add('send', {}, { jobId: 'done-1' });
      // active_past_lock: taken by a worker that then vanished (its lock key gone).
      await insertLedger([{ id: 'stuck-1', status: 'active' }]);
      await queue.add('send', {}, { jobId: 'stuck-1', priority: 1 });
      // Manual fetches: no processor, no lock renewal, no stalled checker.
      const manual = new Worker('drifty', null, { connection, prefix, autorun: false });
      workers.push(manual);
      const taken = [(await manual.getNextJob('tok-1')) as Job, (await manual.getNextJob('tok-2')) as Job];
      const done = taken.find((job) => job.id === 'done-1')!;
      assert.deepEqual(taken.map((job) => job.id).sort(), ['done-1', 'stuck-1']);
      await done.moveToCompleted('ok', done.token!, false);
      await redis.zadd(`${prefix}:drifty:completed`, 'XX', Date.now() - HOUR, 'done-1');
      await redis.del(`${prefix}:drifty:stuck-1:lock`);

      // Healthy: ledger row + live job.
      await insertLedger([{ id: 'ok-1', status: 'queued' }]);
      await queue.add('send', {}, { jobId: 'ok-1' });
      // ledger_without_job: queued row, job lost from Redis.
      await insertLedger([{ id: 'lost-1', status: 'queued', name: 'campaign', priority: 5 }]);
      // Not drift: a terminal row whose job was removed by retention.
      await insertLedger([{ id: 'retained-away', status: 'completed' }]);
      // job_without_ledger: a live job no producer recorded (created an hour ago) ...
      await queue.add('stray', {}, { jobId: 'stray-1', timestamp: Date.now() - HOUR });
      // ... but not one added just now (its ledger row may still be on its way).
      await queue.add('fresh', {}, { jobId: 'fresh-1' });

      const res = await call<DriftBody>('GET', '/api/drift?queue=drifty', { token: TOKENS.api });
      assert.equal(res.status, 200);
      const lost = kind(res.body, 'ledger_without_job');
      assert.equal(lost.count, 1);
      assert.deepEqual(
        lost.examples.map((e) => [e.id, e.status]),
        [['lost-1', 'queued']]
      );
      assert.ok(lost.oldestAgeMs! >= HOUR - 60_000);
      assert.equal(lost.lowerBound, false);
      const stray = kind(res.body, 'job_without_ledger');
      assert.deepEqual(
        stray.examples.map((e) => [e.id, e.state]),
        [['stray-1', 'waiting']]
      );
      assert.ok(stray.oldestAgeMs! >= HOUR - 60_000);
      const terminal = kind(res.body, 'terminal_not_in_ledger');
      assert.deepEqual(
        terminal.examples.map((e) => [e.id, e.state, e.status]),
        [['done-1', 'completed', 'active']]
      );
      const stuck = kind(res.body, 'active_past_lock');
      assert.deepEqual(
        stuck.examples.map((e) => [e.id, e.state]),
        [['stuck-1', 'active']]
      );

      // The drift query type: one table row per kind.
      const query = await call<{ results: Record<string, { frames: Array<{ data: { values: unknown[][] } }> }> }>(
        'POST',
        '/api/query',
        { token: TOKENS.api, body: { queries: [{ refId: 'D', queryType: 'drift', queue: 'drifty' }] } }
      );
      const [kinds, counts] = query.body.results.D!.frames[0]!.data.values;
      assert.deepEqual(kinds, [
        'ledger_without_job',
        'started_without_job',
        'job_without_ledger',
        'terminal_not_in_ledger',
        'active_past_lock',
      ]);
      assert.deepEqual(counts, [1, 0, 1, 1, 1]);

      // Recovery: the lost row comes back as a BullMQ job with the same id, name, payload and priority.
      const recovered = await call<{ recovered: number; skipped: number }>('POST', '/api/drift/recover', {
        body: { queue: 'drifty', limit: 100 },
        user: 'carol',
      });
      assert.equal(recovered.status, 200);
      assert.equal(recovered.body.recovered, 1);
      assert.equal(recovered.body.skipped, 0);
      const job = await queue.getJob('lost-1');
      assert.ok(job);
      assert.equal(job.name, 'campaign');
      assert.equal(job.priority, 5);
      assert.deepEqual(job.data, { requestId: 'req-lost-1', payload: { to: 'lost-1@example.test' } });
      assert.equal(await queue.getJobState('lost-1'), 'prioritized');
      const row = await db.query(`SELECT status FROM ${ledger} WHERE id = 'lost-1'`);
      assert.equal(row.rows[0].status, 'queued');
      const [recoverEvent] = await eventsFor(recovered.requestId);
      assert.equal(recoverEvent?.action, 'drift.recover');
      assert.equal(recoverEvent?.actor, 'carol');
      assert.equal(recoverEvent?.target, 'queue:drifty');
      // Which rows and in which mode, from the completion of the intent.
      const result = recoverEvent?.params.result as { mode: string; recoveredRows: unknown[] };
      assert.equal(recoverEvent?.params.includeStarted, false);
      assert.equal(result.mode, 'not_started');
      assert.deepEqual(result.recoveredRows, [{ queue: 'drifty', id: 'lost-1', status: 'queued' }]);

      // Gone from the report; a second recovery finds nothing to do (no duplicate job).
      const afterRecovery = await call<DriftBody>('GET', '/api/drift?queue=drifty', { token: TOKENS.api });
      assert.equal(kind(afterRecovery.body, 'ledger_without_job').count, 0);
      await db.query(`UPDATE ${ledger} SET updated_at = now() - interval '1 hour' WHERE id = 'lost-1'`);
      const again = await call<{ recovered: number }>('POST', '/api/drift/recover', { body: { limit: 100 } });
      assert.equal(again.body.recovered, 0);
      assert.equal((await queue.getJobCounts('prioritized')).prioritized, 1);
    });

    it('404 for an unknown queue', async () => {
      const res = await call<ErrorBody>('GET', '/api/drift?queue=nowhere', { token: TOKENS.api });
      assert.equal(res.status, 404);
      const recover = await call<ErrorBody>('POST', '/api/drift/recover', { body: { queue: 'nowhere', limit: 1 } });
      assert.equal(recover.status, 404);
    });
  });
});

describe('one queue name under two prefixes (real service, Redis, BullMQ)', () => {
  const schema = randomSchema();
  // Configured in reverse order: every request path must still pick the first prefix sorted, as the overview does.
  const first = randomPrefix('twin-a');
  const second = randomPrefix('twin-b');
  const url = new URL(TEST_REDIS_URL);
  const connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
  let server: RunningServer;
  let redis: Redis;
  const queues: Queue[] = [];

  const call = async <T>(method: string, path: string, token: string) => {
    const res = await fetch(`${server.url}${path}`, { method, headers: bearer(token) });
    return { status: res.status, body: (await res.json()) as T };
  };

  before(async () => {
    redis = new Redis(TEST_REDIS_URL);
    for (const prefix of [first, second]) {
      const queue = new Queue('twin', { connection, prefix });
      queues.push(queue);
      await queue.add('x', {}, { jobId: `in-${prefix}` });
    }
    server = await startServer(testConfig(schema, {}, `  prefixes: ['${second}', '${first}']\n`), { migrate: true });
  });

  after(async () => {
    await Promise.allSettled(queues.map((queue) => queue.close()));
    await server?.close();
    await deletePrefix(redis, first);
    await deletePrefix(redis, second);
    await redis.quit();
    await dropSchema(schema);
  });

  it('the overview, job list, job detail and pause all resolve the same prefix', async () => {
    const [inFirst, inSecond] = queues as [Queue, Queue];
    const snapshot = await call<{ prefix: string }>('GET', '/api/queues/twin', TOKENS.api);
    assert.equal(snapshot.body.prefix, first);

    const list = await call<{ jobs: Array<{ id: string }> }>('GET', '/api/queues/twin/jobs?state=waiting', TOKENS.api);
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.jobs.map((job) => job.id),
      [`in-${first}`]
    );
    assert.equal((await call('GET', `/api/queues/twin/jobs/in-${first}`, TOKENS.api)).status, 200);
    assert.equal((await call('GET', `/api/queues/twin/jobs/in-${second}`, TOKENS.api)).status, 404);

    const paused = await call('POST', '/api/queues/twin/pause', TOKENS.operator);
    assert.equal(paused.status, 200);
    assert.equal(await inFirst.isPaused(), true);
    assert.equal(await inSecond.isPaused(), false);

    // `prefix` picks the other one on every path.
    const other = await call<{ jobs: Array<{ id: string }> }>(
      'GET',
      `/api/queues/twin/jobs?state=waiting&prefix=${second}`,
      TOKENS.api
    );
    assert.deepEqual(
      other.body.jobs.map((job) => job.id),
      [`in-${second}`]
    );
    assert.equal((await call('GET', `/api/queues/twin/jobs/in-${second}?prefix=${second}`, TOKENS.api)).status, 200);
    await call('POST', `/api/queues/twin/resume?prefix=${first}`, TOKENS.operator);
    assert.equal(await inFirst.isPaused(), false);
  });
});
