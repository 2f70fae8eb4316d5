// Bounded bulk actions on real Redis with real BullMQ 6: exact counts even when every failed job shares one
// finishedOn, and no script call handles more than ACTION_BATCH jobs (the real backend calls are observed, not
// replaced).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ACTION_BATCH, createQueueActions } from './actions.ts';
import { createQueueDiscovery } from './discovery.ts';
import { createQueueHandles, existingQueueRefs } from './bullmq/index.ts';
import { deletePrefix, randomPrefix, TEST_REDIS_URL, waitFor } from '../../test/helpers.ts';

describe('queue actions on real Redis', () => {
  const prefix = randomPrefix('actions');
  const ties = { prefix, name: 'ties' };
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

    const result = await actions.retryFailed(ties, { count: 1_100 });
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
    const result = await actions.promoteDelayed(ties, { count: 650 });
    assert.deepEqual(result, { queue: 'ties', promoted: 650 });
    assert.equal((await producer.getJobCounts('delayed')).delayed, 50);
  });

  it('cleans at most `limit` jobs', async () => {
    const result = await actions.clean(ties, { state: 'failed', olderThanMs: 0, limit: 60 });
    assert.deepEqual(result, { queue: 'ties', removed: 60 });
    assert.equal((await producer.getJobCounts('failed')).failed, 40);
  });
});

describe('tier pause without a discovery SCAN on the request path (real Redis)', () => {
  const prefix = randomPrefix('tiers');
  const redis = new Redis(TEST_REDIS_URL);
  const handles = createQueueHandles(redis);
  const producers: Queue[] = [];
  // Every discovery SCAN goes through this connection; while `gate` is set, a SCAN waits for it.
  const scanRedis = new Redis(TEST_REDIS_URL);
  let scans = 0;
  let gate: Promise<void> | undefined;
  const scan = scanRedis.scan.bind(scanRedis) as (...args: unknown[]) => Promise<[string, string[]]>;
  (scanRedis as unknown as { scan: (...args: unknown[]) => Promise<[string, string[]]> }).scan = async (...args) => {
    scans += 1;
    await gate;
    return scan(...args);
  };
  const discovery = createQueueDiscovery(scanRedis, [prefix]);
  const actions = createQueueActions({
    redis,
    prefixes: [prefix],
    tiers: { 'nightly-batch': 'low' },
    handles,
    discovery,
  });
  const producer = async (name: string) => {
    const queue = new Queue(name, { connection: redis, prefix });
    producers.push(queue);
    await queue.add('x', {});
    return queue;
  };

  after(async () => {
    await Promise.all(producers.map((queue) => queue.close()));
    await handles.close();
    await deletePrefix(redis, prefix);
    await Promise.all([redis.quit(), scanRedis.quit()]);
  });

  it('pauses the discovered and the configured queues of the tier, waiting for no SCAN', async () => {
    const discovered = await producer('digest-low');
    await producer('alerts-high');
    await discovery.get();
    assert.ok(scans >= 1, 'discovery was primed with a SCAN');
    const scansBefore = scans;
    // Created after the last discovery: found only through config.queues.tiers.
    const configured = await producer('nightly-batch');
    let release!: () => void;
    gate = new Promise((resolve) => (release = resolve));
    try {
      // Waiting on the gated SCAN would never finish: fail after 5 s instead of hanging.
      const result = await Promise.race([
        actions.pauseTier('low'),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('pauseTier waited for a discovery SCAN')), 5_000).unref()
        ),
      ]);
      assert.deepEqual(result, { tier: 'low', queues: ['digest-low', 'nightly-batch'], paused: true });
      assert.equal(await discovered.isPaused(), true);
      assert.equal(await configured.isPaused(), true);
      assert.ok(scans - scansBefore <= 1, 'at most the one background refresh started');
    } finally {
      release();
      gate = undefined;
    }
    // The background refresh completes and now knows the new queue.
    await waitFor('refreshed discovery', async () =>
      (await discovery.get()).some((ref) => ref.name === 'nightly-batch')
    );
    const resumed = await actions.resumeTier('low');
    assert.deepEqual(resumed.queues, ['digest-low', 'nightly-batch']);
    assert.equal(await configured.isPaused(), false);
  });
});
