import { once } from 'node:events';
// Bounded bulk actions on real Redis with real BullMQ 6: exact counts even when every failed job shares one
// finishedOn, and no script call handles more than ACTION_BATCH jobs (the real backend calls are observed, not
// replaced).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { ACTION_BATCH, createQueueActions } from './actions.ts';
import { RETRY_FAILED_LUA, createQueueHandles, existingQueueRefs } from './bullmq/index.ts';
import { createQueueDiscovery } from './discovery.ts';
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

  // Our own monitor connection rather than redis.monitor(): ioredis can take a command another client sends just as
  // MONITOR starts for a reply ("Command queue state error"); monitor() rejects on it, here it is only that line lost.
  const monitor = new Redis(TEST_REDIS_URL, { monitor: true, lazyConnect: true });
  monitor.on('error', () => undefined);
  before(async () => {
    // Observe the retry script's calls as Redis sees them (MONITOR lists every command a client sends): an EVAL
    // of its text (MONITOR shows it escaped) the first time on a connection, EVALSHA of its digest after.
    const retrySha = createHash('sha1').update(RETRY_FAILED_LUA).digest('hex');
    const monitoring = once(monitor, 'monitoring');
    await monitor.connect();
    await monitoring;
    // Only now: the queue's first commands (its meta HSET) racing MONITOR's start were what the race hit.
    producer = new Queue('ties', { connection: redis, prefix });
    monitor.on('monitor', (_time: string, args: string[]) => {
      const command = args[0]?.toLowerCase();
      if ((command === 'evalsha' && args[1] === retrySha) || (command === 'eval' && args[1]?.includes('flowJobs'))) {
        // evalsha <sha> <number of keys> <keys…> <job prefix> <count> <until>
        batches.push(['retry', Number(args[3 + Number(args[2]) + 1])]);
      }
    });
  });
  after(async () => {
    monitor.disconnect();
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
    await waitFor('MONITOR to show the script calls', async () => batches.length >= 3);
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

describe('bulk retry keeps priorities and reports what it moved (real Redis, BullMQ 6 workers)', () => {
  const prefix = randomPrefix('retry-prio');
  const redis = new Redis(TEST_REDIS_URL);
  const handles = createQueueHandles(redis);
  const connection = { host: new URL(TEST_REDIS_URL).hostname, port: Number(new URL(TEST_REDIS_URL).port || 6379) };
  const actions = createQueueActions({
    redis,
    prefixes: [prefix],
    tiers: {},
    handles,
    discovery: { get: async () => [] },
  });
  after(async () => {
    await handles.close();
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  /** A queue whose jobs (priorities as given, in that order) all failed once; returns the queue. */
  async function failedQueue(name: string, priorities: number[]): Promise<Queue> {
    const queue = new Queue(name, { connection, prefix });
    await queue.addBulk(
      priorities.map((priority, i) => ({ name: 'x', data: { i }, opts: { jobId: `${name}-${i}`, priority } }))
    );
    const failing = new Worker(
      name,
      async () => {
        throw new Error('boom');
      },
      { connection, prefix, concurrency: 1 }
    );
    await waitFor('every job to fail', async () => (await queue.getJobCounts('failed')).failed === priorities.length);
    await failing.close();
    return queue;
  }

  /** The order a single worker processes the queue's jobs in (by index in data). */
  async function processingOrder(queue: Queue, total: number): Promise<number[]> {
    const order: number[] = [];
    const worker = new Worker(queue.name, async (job) => void order.push(job.data.i as number), {
      connection,
      prefix,
      concurrency: 1,
    });
    await waitFor('every job to run', async () => order.length === total, 20_000);
    await worker.close();
    return order;
  }

  it('processes retried jobs in the order BullMQ’s own retry of each job gives', async () => {
    const priorities = [5, 0, 1, 10, 0, 3, 1, 5, 0, 2];
    const ours = await failedQueue('ours', priorities);
    const theirs = await failedQueue('theirs', priorities);
    assert.deepEqual(await actions.retryFailed({ prefix, name: 'ours' }, { count: priorities.length }), {
      queue: 'ours',
      retried: priorities.length,
    });
    // BullMQ's retry of one job, oldest failed first, as the reference.
    for (const job of (await theirs.getFailed(0, -1)).reverse()) {
      await job.retry('failed');
    }
    const expected = await processingOrder(theirs, priorities.length);
    assert.deepEqual(await processingOrder(ours, priorities.length), expected);
    // Prioritized jobs went back to `prioritized` (after the jobs without a priority, then by priority).
    assert.deepEqual(
      expected.map((i) => priorities[i]),
      [0, 0, 0, 1, 1, 2, 3, 5, 5, 10]
    );
    await Promise.all([ours.close(), theirs.close()]);
  });

  it('twenty concurrent retries of 10 report exactly what left the failed set', async () => {
    const queue = await failedQueue(
      'racing',
      Array.from({ length: 100 }, (_, i) => i % 3)
    );
    const results = await Promise.all(
      Array.from({ length: 20 }, () => actions.retryFailed({ prefix, name: 'racing' }, { count: 10 }))
    );
    const reported = results.reduce((sum, result) => sum + result.retried, 0);
    const failedAfter = (await queue.getJobCounts('failed')).failed ?? 0;
    assert.equal(reported, 100 - failedAfter, 'the sum of what each call says it moved is what moved');
    assert.ok(results.every((result) => result.retried <= 10));
    await queue.close();
  });

  it('twenty concurrent promotions and cleans of 10 each report only their own moves', async () => {
    const delayed = new Queue('racing-promote', { connection, prefix });
    await delayed.addBulk(
      Array.from({ length: 100 }, (_, i) => ({ name: 'x', data: { i }, opts: { jobId: `d-${i}`, delay: 3_600_000 } }))
    );
    const promotions = await Promise.all(
      Array.from({ length: 20 }, () => actions.promoteDelayed({ prefix, name: 'racing-promote' }, { count: 10 }))
    );
    const stillDelayed = (await delayed.getJobCounts('delayed')).delayed ?? 0;
    assert.equal(
      promotions.reduce((sum, result) => sum + result.promoted, 0),
      100 - stillDelayed
    );
    assert.ok(promotions.every((result) => result.promoted <= 10));

    const failed = await failedQueue(
      'racing-clean',
      Array.from({ length: 100 }, () => 0)
    );
    const cleans = await Promise.all(
      Array.from({ length: 20 }, () =>
        actions.clean({ prefix, name: 'racing-clean' }, { state: 'failed', olderThanMs: 0, limit: 10 })
      )
    );
    const stillFailed = (await failed.getJobCounts('failed')).failed ?? 0;
    assert.equal(
      cleans.reduce((sum, result) => sum + result.removed, 0),
      100 - stillFailed
    );
    assert.ok(cleans.every((result) => result.removed <= 10));
    await Promise.all([delayed.close(), failed.close()]);
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
