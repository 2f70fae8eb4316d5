// 50 concurrent callers cost Redis one pipelined read: counted by a wrapper around the read and by MONITOR.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createQueueDiscovery } from './discovery.ts';
import { readQueueSnapshots } from './bullmq/index.ts';
import { createSnapshotCache } from './snapshotCache.ts';
import { deletePrefix, randomPrefix, TEST_REDIS_URL, waitFor } from '../../test/helpers.ts';

describe('snapshot cache (real Redis)', () => {
  const prefix = randomPrefix('cache');
  const names = ['email-sending', 'warmup-processing', 'analytics-aggregation'];
  let redis: Redis;
  let monitorBase: Redis;
  let monitor: Redis;
  const scriptCalls: string[][] = [];

  before(async () => {
    redis = new Redis(TEST_REDIS_URL);
    for (const name of names) {
      const queue = new Queue(name, { connection: redis.duplicate(), prefix });
      await queue.add('job', {});
      await queue.close();
      await queue.disconnect();
    }
    // Prime the client's one-time server-version check so only snapshot scripts remain to count.
    await readQueueSnapshots(redis, [], Date.now());
    await redis.info('server');
    monitorBase = new Redis(TEST_REDIS_URL);
    monitor = await monitorBase.monitor();
    monitor.on('monitor', (_time: string, args: string[]) => {
      const command = args[0]?.toLowerCase();
      // Only top-level script calls for our queues (commands run inside the script are reported separately).
      if ((command === 'eval' || command === 'evalsha') && args.some((arg) => arg.startsWith(`${prefix}:`))) {
        scriptCalls.push(args);
      }
    });
  });

  after(async () => {
    monitor.disconnect();
    monitorBase.disconnect();
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  it('serves 50 concurrent callers with one read of all queues, then from cache until the TTL', async () => {
    let now = Date.now();
    let reads = 0;
    const discovery = createQueueDiscovery(redis, [prefix]);
    await discovery.get();
    const cache = createSnapshotCache({
      redis,
      discovery,
      clock: () => now,
      read: (...args) => {
        reads += 1;
        return readQueueSnapshots(...args);
      },
    });

    const results = await Promise.all(Array.from({ length: 50 }, () => cache.get()));
    assert.equal(reads, 1);
    assert.equal(new Set(results).size, 1, 'every caller got the same snapshot set');
    assert.deepEqual(
      results[0]!.queues.map((q) => q.queue),
      [...names].sort()
    );
    assert.deepEqual(
      results[0]!.queues.map((q) => q.waiting),
      [1, 1, 1]
    );
    // One script call per queue, all sent in one pipeline.
    await waitFor('3 script calls on MONITOR', async () => scriptCalls.length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(scriptCalls.length, 3);

    now += 1_999;
    await Promise.all(Array.from({ length: 50 }, () => cache.get()));
    assert.equal(reads, 1);

    now += 1;
    const fresh = await cache.get();
    assert.equal(reads, 2);
    assert.equal(fresh.at, now);
    await waitFor('3 more script calls on MONITOR', async () => scriptCalls.length >= 6);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(scriptCalls.length, 6);
  });

  it('never caches longer than 2 s even when asked to', async () => {
    let now = 0;
    let reads = 0;
    const cache = createSnapshotCache({
      redis,
      discovery: { get: async () => [] },
      ttlMs: 60_000,
      clock: () => now,
      read: async () => {
        reads += 1;
        return [];
      },
    });
    await cache.get();
    now = 2_000;
    await cache.get();
    assert.equal(reads, 2);
  });
});
