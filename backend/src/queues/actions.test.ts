// Bounded bulk actions on real Redis with real BullMQ 6: exact counts even when every failed job shares one
// finishedOn, and no script call handles more than ACTION_BATCH jobs (the real backend calls are observed, not
// replaced).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { HttpError } from '../http/errors.ts';
import { ACTION_BATCH, bulkCountBody, cleanBody, createQueueActions, parseBody } from './actions.ts';
import { createQueueHandles, existingQueueRefs } from './queueHandles.ts';
import { deletePrefix, randomPrefix, TEST_REDIS_URL } from '../../test/helpers.ts';

describe('parseBody', () => {
  it('400 invalid_parameter naming the field', () => {
    assert.deepEqual(parseBody(bulkCountBody, { count: 3 }), { count: 3 });
    const expectField = (body: unknown, pattern: RegExp) =>
      assert.throws(
        () => parseBody(cleanBody, body),
        (error: unknown) => error instanceof HttpError && error.status === 400 && pattern.test(error.message)
      );
    expectField({ state: 'failed', olderThanMs: 0, limit: 0 }, /^invalid parameter limit: /);
    expectField({ state: 'wait', olderThanMs: 0, limit: 1 }, /state/);
    expectField({ state: 'failed', olderThanMs: 1.5, limit: 1 }, /olderThanMs/);
    expectField({ state: 'failed', olderThanMs: 0, limit: 1, force: true }, /force: unknown field/);
    expectField(undefined, /state/);
  });
});

describe('queue actions on real Redis', () => {
  const prefix = randomPrefix('actions');
  const redis = new Redis(TEST_REDIS_URL);
  const handles = createQueueHandles(redis);
  let producer: Queue;
  const batches: Array<[string, number]> = [];
  let mutations = 0;

  const actions = createQueueActions({
    redis,
    prefixes: [prefix],
    tiers: {},
    handles,
    discovery: { get: async () => [{ prefix, name: 'ties' }] },
    onMutation: () => (mutations += 1),
  });

  before(async () => {
    producer = new Queue('ties', { connection: redis, prefix });
    // Observe the real backend's script calls (they still run).
    const backend = handles.get({ prefix, name: 'ties' }).getBackend();
    const retryFinishedJobs = backend.retryFinishedJobs.bind(backend);
    backend.retryFinishedJobs = async (state, count, timestamp) => {
      batches.push(['retry', count ?? -1]);
      return retryFinishedJobs(state, count, timestamp);
    };
  });
  after(async () => {
    await producer.close();
    await handles.close();
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  it('finds queues by EXISTS under the configured prefixes only', async () => {
    await producer.add('x', {}, { jobId: 'probe' });
    assert.deepEqual(await existingQueueRefs(redis, [prefix, 'other-prefix'], 'ties'), [{ prefix, name: 'ties' }]);
    assert.deepEqual(await existingQueueRefs(redis, [prefix], 'nope'), []);
    assert.deepEqual(await existingQueueRefs(redis, [prefix], 'a:b'), []);
    await producer.remove('probe');
  });

  it('retries exactly `count` failed jobs when all share one finishedOn, ≤ ACTION_BATCH per script call', async () => {
    const ids = Array.from({ length: 1_200 }, (_, i) => `t-${i}`);
    await producer.addBulk(ids.map((id) => ({ name: 'x', data: {}, opts: { jobId: id } })));
    // Make them failed jobs as BullMQ stores them (same finishedOn = the worst case for the timestamp bound).
    const finishedOn = Date.now() - 1_000;
    const multi = redis.multi().del(`${prefix}:ties:wait`);
    for (const id of ids) {
      multi.zadd(`${prefix}:ties:failed`, finishedOn, id);
      multi.hset(`${prefix}:ties:${id}`, 'finishedOn', finishedOn, 'failedReason', 'boom', 'processedOn', finishedOn);
    }
    await multi.exec();

    const result = await actions.retryFailed('ties', { count: 1_100 });
    assert.deepEqual(result, { queue: 'ties', retried: 1_100 });
    assert.deepEqual(await producer.getJobCounts('failed', 'waiting'), { failed: 100, waiting: 1_100 });
    assert.deepEqual(batches, [
      ['retry', ACTION_BATCH],
      ['retry', ACTION_BATCH],
      ['retry', 100],
    ]);
    assert.ok(mutations >= 1);
  });

  it('promotes in batches and stops at count', async () => {
    await producer.addBulk(
      Array.from({ length: 700 }, (_, i) => ({ name: 'later', data: {}, opts: { jobId: `p-${i}`, delay: 60_000 } }))
    );
    const result = await actions.promoteDelayed('ties', { count: 650 });
    assert.deepEqual(result, { queue: 'ties', promoted: 650 });
    assert.equal((await producer.getJobCounts('delayed')).delayed, 50);
  });

  it('cleans at most `limit` jobs', async () => {
    const result = await actions.clean('ties', { state: 'failed', olderThanMs: 0, limit: 60 });
    assert.deepEqual(result, { queue: 'ties', removed: 60 });
    assert.equal((await producer.getJobCounts('failed')).failed, 40);
  });
});
