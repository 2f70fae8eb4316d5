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
import { createDriftRecovery, jobDataFromLedger, unrecoverableReason } from './driftRecovery.ts';
import { createQueueHandles } from './bullmq/index.ts';

describe('drift recovery rules', () => {
  it('re-enqueues with the producers envelope', () => {
    assert.deepEqual(jobDataFromLedger({ payload: { to: 'a@b' }, request_id: 'r1' }), {
      requestId: 'r1',
      payload: { to: 'a@b' },
    });
  });

  it('skips what BullMQ 6 would refuse', () => {
    assert.equal(unrecoverableReason({ id: 'em-1', priority: 5 }), undefined);
    assert.equal(unrecoverableReason({ id: 'em-1', priority: null }), undefined);
    assert.match(unrecoverableReason({ id: '42', priority: 0 })!, /integer/);
    assert.match(unrecoverableReason({ id: 'a:b', priority: 0 })!, /":"/);
    assert.match(unrecoverableReason({ id: 'x', priority: 2 ** 21 })!, /priority/);
    assert.match(unrecoverableReason({ id: 'x', priority: -1 })!, /priority/);
  });
});

describe('drift recovery on real Redis and PostgreSQL', () => {
  const schema = randomSchema();
  const prefix = randomPrefix('recover');
  const ledgerTable = `${schema}.job_ledger`;
  const redis = new Redis(TEST_REDIS_URL);
  const handles = createQueueHandles(redis);
  let pool: Pool;
  let queue: Queue;

  before(async () => {
    pool = createPool(TEST_DATABASE_URL);
    await migrate(pool, { schema, ledgerTable });
    queue = new Queue('finishing', { connection: redis, prefix });
    await queue.waitUntilReady();
    await queue.add('x', {}, { jobId: 'still-live' });
    await pool.query(
      `INSERT INTO ${schema}.job_ledger (id, queue, name, status, payload)
       VALUES ('lost-a', 'finishing', 'send', 'queued', '{"n":1}'), ('lost-b', 'finishing', 'send', 'active', '{"n":2}')`
    );
  });
  after(async () => {
    await queue.close();
    await handles.close();
    await pool.end();
    await deletePrefix(redis, prefix);
    await redis.quit();
    await dropSchema(schema);
  });

  it('does not re-enqueue a row that turned completed between detection and recovery', async () => {
    const ref = { prefix, name: 'finishing' };
    // The worker of lost-a finishes (and its job is removed) right after the drift was detected: just before
    // recovery reads the rows it is about to re-enqueue.
    const racingPool = {
      query: async (sql: string, values?: unknown[]) => {
        if (/SELECT id, queue, name, priority, payload/.test(sql)) {
          await pool.query(`UPDATE ${schema}.job_ledger SET status = 'completed' WHERE id = 'lost-a'`);
        }
        return pool.query(sql, values);
      },
    } as unknown as Pool;
    const recovery = createDriftRecovery({
      redis,
      pool: racingPool,
      ledgerTable,
      handles,
      queues: { discovery: { get: async () => [ref] }, byName: async () => [ref] },
      graceMs: 0,
    });
    const result = await recovery.recover({ queue: 'finishing', limit: 10 });
    assert.deepEqual(result, { recovered: 1, skipped: 0, skippedExamples: [] });
    assert.equal(await queue.getJob('lost-a'), undefined, 'the finished job was not re-enqueued');
    assert.equal(await queue.getJobState('lost-b'), 'waiting');
    const { rows } = await pool.query<{ id: string; status: string }>(
      `SELECT id, status FROM ${schema}.job_ledger ORDER BY id`
    );
    assert.deepEqual(rows, [
      { id: 'lost-a', status: 'completed' },
      { id: 'lost-b', status: 'queued' },
    ]);
  });
});
