// The queue read path end to end on real Redis: discovery → cached snapshots → rates and drain ETA, with a real
// BullMQ 6 worker (metrics enabled) draining a queue, and worker counts from CLIENT LIST.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { createQueueDiscovery } from '../src/queues/discovery.ts';
import { drainEtaMs, queueRates } from '../src/queues/rates.ts';
import { createSnapshotCache } from '../src/queues/snapshotCache.ts';
import { queueTier } from '@penguinmails/sysmon-contract';
import { readWorkers, workerCount } from '../src/queues/bullmq/index.ts';
import { deletePrefix, randomPrefix, TEST_REDIS_URL, waitFor } from './helpers.ts';

describe('queue read path (discovery, snapshots, rates, workers)', () => {
  const prefix = randomPrefix('readpath');
  const url = new URL(TEST_REDIS_URL);
  const connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
  let redis: Redis;
  let queue: Queue;
  let worker: Worker;

  before(async () => {
    redis = new Redis(TEST_REDIS_URL);
    queue = new Queue('email-sending', { connection, prefix });
    await queue.addBulk(Array.from({ length: 40 }, (_, i) => ({ name: 'send', data: { i } })));
    // A queue that only has a meta hash (written by the Queue constructor) and no jobs yet.
    const empty = new Queue('reports-low', { connection, prefix });
    await empty.waitUntilReady();
    await waitFor('the meta hash', async () => (await redis.exists(`${prefix}:reports-low:meta`)) === 1);
    await empty.close();
  });

  after(async () => {
    await worker?.close();
    await queue.close();
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  it('measures a draining queue', async () => {
    const tiers = { 'email-sending': 'high' } as const;
    const discovery = createQueueDiscovery(redis, [prefix]);
    const snapshots = createSnapshotCache({ redis, discovery });
    const first = await snapshots.get();
    assert.deepEqual(
      first.queues.map((q) => [q.queue, queueTier(q.queue, tiers)]),
      [
        ['email-sending', 'high'],
        ['reports-low', 'low'],
      ]
    );
    const before = first.queues[0]!;
    assert.equal(before.depth, 40);
    assert.equal(before.counters.completed, null, 'no worker has recorded metrics yet');

    worker = new Worker('email-sending', async () => new Promise((resolve) => setTimeout(resolve, 15)), {
      connection,
      prefix,
      metrics: { maxDataPoints: 60 },
    });
    await waitFor('some jobs completed', async () => ((await queue.getJobCounts('completed')).completed ?? 0) >= 10);
    snapshots.invalidate();
    const mid = (await snapshots.get()).queues[0]!;
    await waitFor('more jobs completed', async () => ((await queue.getJobCounts('completed')).completed ?? 0) >= 20);
    snapshots.invalidate();
    const late = (await snapshots.get()).queues[0]!;

    const sample = (s: typeof mid) => ({
      at: s.at,
      completed: s.counters.completed,
      failed: s.counters.failed,
      added: s.counters.added,
    });
    const rates = queueRates(sample(mid), sample(late));
    const expectedThroughput = ((late.counters.completed! - mid.counters.completed!) * 60_000) / (late.at - mid.at);
    assert.ok(late.counters.completed! > mid.counters.completed!);
    assert.equal(rates.throughputPerMin, expectedThroughput);
    assert.equal(rates.arrivalsPerMin, 0);
    assert.equal(late.counters.added, 40);
    assert.ok(late.depth < mid.depth);
    assert.equal(late.completed, late.counters.completed, 'every finish came from the metrics-enabled worker');

    const exits = (rates.throughputPerMin ?? 0) + (rates.failuresPerMin ?? 0);
    assert.equal(drainEtaMs(late.depth, exits, rates.arrivalsPerMin), Math.round((late.depth / exits) * 60_000));

    const workers = await waitFor('the worker on CLIENT LIST', async () => {
      const list = await readWorkers(redis, [prefix]);
      return workerCount(list, { prefix, name: 'email-sending' }) === 1 ? list : undefined;
    });
    assert.equal(workerCount(workers, { prefix, name: 'reports-low' }), 0);
  });
});
