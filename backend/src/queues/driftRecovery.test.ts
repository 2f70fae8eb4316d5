import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import {
  deletePrefix,
  dropSchema,
  randomPrefix,
  randomSchema,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
} from '../../test/helpers.ts';
import { migrate } from '../server.ts';
import { createPool, type Pool } from '../db/pool.ts';
import { createDriftCache, createDriftChecker } from './drift.ts';
import { createDriftRecovery, jobDataFromLedger, jobOptionsFromLedger, unrecoverableReason } from './driftRecovery.ts';
import { createQueueHandles } from './bullmq/index.ts';

describe('drift recovery rules', () => {
  it('re-enqueues with the producers envelope', () => {
    assert.deepEqual(jobDataFromLedger({ payload: { to: 'a@b' }, request_id: 'r1' }), {
      requestId: 'r1',
      payload: { to: 'a@b' },
    });
  });

  it('skips what BullMQ 6 would refuse', () => {
    const row = (id: string, priority: number | null, opts: Record<string, unknown> | null = null) => ({
      id,
      priority,
      opts,
    });
    assert.equal(unrecoverableReason(row('em-1', 5)), undefined);
    assert.equal(unrecoverableReason(row('em-1', null)), undefined);
    assert.match(unrecoverableReason(row('42', 0))!, /integer/);
    assert.match(unrecoverableReason(row('a:b', 0))!, /":"/);
    assert.match(unrecoverableReason(row('x', 2 ** 21))!, /priority/);
    assert.match(unrecoverableReason(row('x', -1))!, /priority/);
    assert.match(unrecoverableReason(row('x', 1, { priority: 2 ** 22 }))!, /priority/);
  });

  it('keeps the stored options and only what is left of a delay', () => {
    const created = new Date('2026-01-01T10:00:00Z');
    const now = created.getTime() + 60_000;
    const opts = {
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
      delay: 3_600_000,
      jobId: 'old',
      lifo: true,
    };
    assert.deepEqual(jobOptionsFromLedger({ id: 'j', priority: 3, opts, created_at: created }, now), {
      jobId: 'j',
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
      lifo: true,
      priority: 3,
      delay: 3_540_000,
    });
    assert.deepEqual(
      jobOptionsFromLedger({ id: 'j', priority: 0, opts: { delay: 1_000 }, created_at: created }, now),
      { jobId: 'j' },
      'a delay already past runs now'
    );
    assert.deepEqual(jobOptionsFromLedger({ id: 'j', priority: null, opts: null, created_at: created }, now), {
      jobId: 'j',
    });
  });
});

describe('drift recovery on real Redis and PostgreSQL', () => {
  const schema = randomSchema();
  const prefix = randomPrefix('recover');
  const ledgerTable = `${schema}.job_ledger`;
  const redis = new Redis(TEST_REDIS_URL);
  const handles = createQueueHandles(redis);
  let pool: Pool;
  const queues: Queue[] = [];
  const queue = (name: string) => {
    const made = new Queue(name, { connection: redis, prefix });
    queues.push(made);
    return made;
  };
  const lookup = (...names: string[]) => {
    const refs = names.map((name) => ({ prefix, name }));
    return {
      discovery: { get: async () => refs },
      byName: async (name: string) => refs.filter((ref) => ref.name === name),
    };
  };
  const insert = (rows: string) =>
    pool.query(`INSERT INTO ${ledgerTable} (id, queue, name, status, payload, opts, created_at) VALUES ${rows}`);

  before(async () => {
    pool = createPool(TEST_DATABASE_URL);
    await migrate(pool, { schema, ledgerTable });
  });
  after(async () => {
    await Promise.all(queues.map((q) => q.close()));
    await handles.close();
    await pool.end();
    await deletePrefix(redis, prefix);
    await redis.quit();
    await dropSchema(schema);
  });

  it('does not re-enqueue a row that turned completed between detection and recovery', async () => {
    const finishing = queue('finishing');
    await finishing.add('x', {}, { jobId: 'still-live' });
    await insert(`('lost-a', 'finishing', 'send', 'queued', '{"n":1}', '{}', now()),
                  ('lost-b', 'finishing', 'send', 'delayed', '{"n":2}', '{}', now())`);
    // The worker of lost-a finishes (and its job is removed) right after the drift was detected: just before
    // recovery reads the rows it is about to re-enqueue.
    const racingPool = {
      query: async (sql: string, values?: unknown[]) => {
        if (/SELECT id, queue, name, status, priority, payload/.test(sql)) {
          await pool.query(
            `UPDATE ${ledgerTable} SET status = 'completed' WHERE queue = 'finishing' AND id = 'lost-a'`
          );
        }
        return pool.query(sql, values);
      },
    } as unknown as Pool;
    const recovery = createDriftRecovery({
      redis,
      pool: racingPool,
      ledgerTable,
      handles,
      queues: lookup('finishing'),
      graceMs: 0,
    });
    const result = await recovery.recover({ queue: 'finishing', limit: 10, includeStarted: false });
    assert.equal(result?.recovered, 1);
    assert.equal(await finishing.getJob('lost-a'), undefined, 'the finished job was not re-enqueued');
    assert.equal(await finishing.getJobState('lost-b'), 'waiting');
    const { rows } = await pool.query<{ id: string; status: string }>(
      `SELECT id, status FROM ${ledgerTable} WHERE queue = 'finishing' ORDER BY id`
    );
    assert.deepEqual(rows, [
      { id: 'lost-a', status: 'completed' },
      { id: 'lost-b', status: 'queued' },
    ]);
  });

  it('recovers only rows that never started unless told to include started ones, and says which', async () => {
    const mailer = queue('mailer');
    await mailer.waitUntilReady();
    await insert(`('m-queued', 'mailer', 'send', 'queued', '{}', '{}', now() - interval '1 minute'),
                  ('m-active', 'mailer', 'send', 'active', '{}', '{}', now())`);
    const recovery = createDriftRecovery({ redis, pool, ledgerTable, handles, queues: lookup('mailer'), graceMs: 0 });
    const safe = await recovery.recover({ queue: 'mailer', limit: 10, includeStarted: false });
    assert.deepEqual(safe, {
      mode: 'not_started',
      recovered: 1,
      recoveredRows: [{ queue: 'mailer', id: 'm-queued', status: 'queued' }],
      skipped: 0,
      skippedExamples: [],
      needsDecision: 1,
    });
    assert.equal(await mailer.getJob('m-active'), undefined, 'a row last seen active is not run again by default');

    const decided = await recovery.recover({ queue: 'mailer', limit: 10, includeStarted: true });
    assert.equal(decided?.mode, 'include_started');
    assert.deepEqual(decided?.recoveredRows, [{ queue: 'mailer', id: 'm-active', status: 'active' }]);
    assert.equal(await mailer.getJobState('m-active'), 'waiting');
  });

  it('re-creates a job with its stored options: attempts, backoff and the rest of its delay', async () => {
    const later = queue('later');
    await later.waitUntilReady();
    const opts = JSON.stringify({
      attempts: 4,
      backoff: { type: 'fixed', delay: 2000 },
      delay: 3_600_000,
      priority: 7,
    });
    await insert(`('l-1', 'later', 'send', 'delayed', '{}', '${opts}', now() - interval '10 minutes')`);
    const recovery = createDriftRecovery({ redis, pool, ledgerTable, handles, queues: lookup('later'), graceMs: 0 });
    assert.equal((await recovery.recover({ queue: 'later', limit: 10, includeStarted: false }))?.recovered, 1);
    const job = await later.getJob('l-1');
    assert.equal(await later.getJobState('l-1'), 'delayed', 'a recovered delayed job does not run at once');
    assert.equal(job?.opts.attempts, 4);
    assert.deepEqual(job?.opts.backoff, { type: 'fixed', delay: 2000 });
    assert.equal(job?.opts.priority, 7);
    const remaining = Number(job?.opts.delay);
    assert.ok(remaining > 49 * 60_000 && remaining <= 50 * 60_000, `remaining delay ${remaining} ms ≈ 50 min`);
    const { rows } = await pool.query(`SELECT status FROM ${ledgerTable} WHERE queue = 'later' AND id = 'l-1'`);
    assert.equal(rows[0]?.status, 'delayed');
  });

  it('two queues’ job "17" are two jobs: one queue’s live job hides no drift of the other', async () => {
    const a = queue('ident-a');
    const b = queue('ident-b');
    // BullMQ's default ids are a per-queue counter: both queues have a job 17. Only ident-a's is live.
    await a.add('x', {}, { jobId: 'seventeen' });
    await b.waitUntilReady();
    await insert(`('seventeen', 'ident-a', 'send', 'queued', '{}', '{}', now() - interval '1 minute'),
                  ('seventeen', 'ident-b', 'send', 'queued', '{}', '{}', now() - interval '1 minute')`);
    const checker = createDriftChecker({ redis, pool, ledgerTable, graceMs: 0 });
    const report = await createDriftCache(checker, lookup('ident-a', 'ident-b')).get();
    const lost = report?.kinds.find((kind) => kind.kind === 'ledger_without_job');
    assert.deepEqual(
      lost?.examples.map((example) => `${example.queue}/${example.id}`),
      ['ident-b/seventeen'],
      'ident-b’s row is drift even though ident-a has a live job with the same id'
    );
    const recovery = createDriftRecovery({ redis, pool, ledgerTable, handles, queues: lookup('ident-b'), graceMs: 0 });
    assert.equal((await recovery.recover({ queue: 'ident-b', limit: 10, includeStarted: false }))?.recovered, 1);
    assert.equal(await b.getJobState('seventeen'), 'waiting');
  });
});
