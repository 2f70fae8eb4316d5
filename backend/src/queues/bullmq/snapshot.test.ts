// Snapshots of queues filled, paused and resumed by real BullMQ 5.x and 6.x objects, checked against each
// version's own getJobCounts / getCountsPerPriority / isPaused / getMetrics.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as bullmq6 from 'bullmq';
import * as bullmq5 from 'bullmq5';
import { Redis } from 'ioredis';
import { readQueueSnapshots, type QueueSnapshot } from './snapshot.ts';
import { deletePrefix, randomPrefix, TEST_REDIS_URL, waitFor } from '../../../test/helpers.ts';

const url = new URL(TEST_REDIS_URL);
const connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Lib = typeof bullmq6 | typeof bullmq5;
type AnyQueue = bullmq6.Queue | bullmq5.Queue;

/** The version's own counts, folded into our definition (waiting includes the v5 paused list). */
async function libraryCounts(queue: AnyQueue) {
  const counts = await (queue as bullmq5.Queue).getJobCounts();
  return {
    waiting: (counts.waiting ?? 0) + (counts.paused ?? 0),
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    prioritized: counts.prioritized ?? 0,
    waitingChildren: counts['waiting-children'] ?? 0,
    failed: counts.failed ?? 0,
    completed: counts.completed ?? 0,
  };
}

function ourCounts(s: QueueSnapshot) {
  const { waiting, active, delayed, prioritized, waitingChildren, failed, completed } = s;
  return { waiting, active, delayed, prioritized, waitingChildren, failed, completed };
}

for (const [label, lib] of [
  ['5', bullmq5],
  ['6', bullmq6],
] as Array<[string, Lib]>) {
  describe(`queue snapshot of a BullMQ ${label}.x queue (real Redis and workers)`, () => {
    // Typed as v6: the constructors' signatures are the same for what this test uses; the runtime is `lib`.
    const { Queue, Worker, FlowProducer } = lib as typeof bullmq6;
    const prefix = randomPrefix(`snap${label}`);
    const ref = { prefix, name: 'mixed' };
    let redis: Redis;
    let queue: AnyQueue;
    let blockingWorker: bullmq6.Worker | bullmq5.Worker;
    let releaseBlocker!: () => void;
    const added: Record<string, number> = {};
    let adds = 0;

    const add = async (name: string, opts: Record<string, unknown> = {}) => {
      const job = await (queue as bullmq6.Queue).add(name, { name }, opts);
      adds += 1;
      added[name] = job.timestamp;
      await sleep(3); // distinct timestamps, so "oldest" is unambiguous
      return job;
    };
    const snapshot = async (now = Date.now(), options = {}) =>
      (await readQueueSnapshots(redis, [ref], now, options))[0]!;

    before(async () => {
      redis = new Redis(TEST_REDIS_URL);
      queue = new Queue(ref.name, { connection, prefix });

      // Two completed and one failed job, finished by a worker that records metrics.
      for (const name of ['ok-1', 'ok-2', 'bad']) {
        await add(name);
      }
      const finisher = new Worker(
        ref.name,
        async (job) => {
          if (job.name === 'bad') {
            throw new Error('boom');
          }
          return 'done';
        },
        { connection, prefix, metrics: { maxDataPoints: 10 } }
      );
      await waitFor('3 finished jobs', async () => {
        const c = await libraryCounts(queue);
        return c.completed === 2 && c.failed === 1;
      });
      await finisher.close();

      // One job held active by a worker of concurrency 1, so everything added next stays put.
      const gate = new Promise<void>((resolve) => (releaseBlocker = resolve));
      await add('blocker');
      blockingWorker = new Worker(ref.name, () => gate, { connection, prefix, concurrency: 1 });
      await waitFor('the blocker to be active', async () => (await libraryCounts(queue)).active === 1);

      for (const name of ['w-1', 'w-2', 'w-3']) {
        await add(name);
      }
      await add('p5-a', { priority: 5 });
      await add('p1-a', { priority: 1 });
      await add('p5-b', { priority: 5 });
      await add('d-1m', { delay: 60_000 });
      await add('d-1h', { delay: 3_600_000 });
      const flows = new FlowProducer({ connection, prefix });
      await flows.add({
        name: 'parent',
        queueName: ref.name,
        data: {},
        children: [{ name: 'child', queueName: ref.name, data: {} }],
      });
      adds += 2;
      await flows.close();
    });

    after(async () => {
      releaseBlocker?.();
      await blockingWorker?.close();
      await queue?.close();
      await deletePrefix(redis, prefix);
      await redis.quit();
    });

    it("equals the version's own counts, priorities and metrics", async () => {
      const now = Date.now();
      const s = await snapshot(now);
      assert.deepEqual(ourCounts(s), await libraryCounts(queue));
      assert.deepEqual(ourCounts(s), {
        waiting: 4,
        active: 1,
        delayed: 2,
        prioritized: 3,
        waitingChildren: 1,
        failed: 1,
        completed: 2,
      });
      assert.equal(s.exists, true);
      assert.equal(s.paused, false);
      assert.equal(s.pausedList, 0);
      assert.match(s.version ?? '', new RegExp(`^bullmq:${label}\\.`));
      assert.equal(s.delayedDue, 0);
      assert.equal(s.depth, 4 + 3);

      // Per priority, as the version reports it.
      const perPriority = await (queue as bullmq5.Queue).getCountsPerPriority([0, 1, 5]);
      assert.deepEqual(Object.fromEntries(s.priorities.map((p) => [p.priority, p.count])), perPriority);
      assert.deepEqual(
        s.priorities.map((p) => p.priority),
        [0, 1, 5]
      );
      assert.equal(s.priorities[0]!.oldestAgeMs, now - added['w-1']!);
      assert.equal(s.priorities[1]!.oldestAgeMs, now - added['p1-a']!);
      assert.equal(s.priorities[2]!.oldestAgeMs, now - added['p5-a']!);
      assert.equal(s.prioritiesTruncated, false);
      assert.equal(s.oldestWaitingAgeMs, now - added['w-1']!);

      // Metrics counters as BullMQ's getMetrics reads them; id counter = every add, flow jobs included.
      const completed = await (queue as bullmq5.Queue).getMetrics('completed');
      const failed = await (queue as bullmq5.Queue).getMetrics('failed');
      assert.deepEqual(s.counters, { completed: completed.meta.count, failed: failed.meta.count, added: adds });
      assert.deepEqual(s.counters, { completed: 2, failed: 1, added: 14 });
    });

    it('counts delayed jobs that are already due as depth', async () => {
      const s = await snapshot(Date.now() + 120_000);
      assert.equal(s.delayedDue, 1);
      assert.equal(s.depth, 4 + 3 + 1);
    });

    it('reads the same with the plain script (Redis < 7) and caps the reported priorities', async () => {
      const now = Date.now();
      assert.deepEqual(await snapshot(now, { scriptFlags: false }), await snapshot(now, { scriptFlags: true }));
      const capped = await snapshot(now, { maxPriorities: 1 });
      assert.deepEqual(
        capped.priorities.map((p) => [p.priority, p.count]),
        [
          [0, 4],
          [1, 1],
        ]
      );
      assert.equal(capped.prioritiesTruncated, true);
      assert.equal(capped.prioritized, 3);
      // Jobs beyond the cap are not considered for the oldest age; w-1 is still the oldest here.
      assert.equal(capped.oldestWaitingAgeMs, now - added['w-1']!);
    });

    it(`follows a pause, an add while paused and a resume by BullMQ ${label}.x`, async () => {
      await queue.pause();
      let s = await snapshot();
      assert.equal(s.paused, await queue.isPaused());
      assert.equal(s.paused, true);
      assert.equal(
        s.pausedList,
        label === '5' ? 4 : 0,
        'v5 moves waiting ids to the paused list, v6 keeps them in wait'
      );
      assert.deepEqual(ourCounts(s), await libraryCounts(queue));

      await add('while-paused');
      const now = Date.now();
      s = await snapshot(now);
      assert.equal(s.waiting, 5);
      assert.deepEqual(ourCounts(s), await libraryCounts(queue));
      assert.equal(s.oldestWaitingAgeMs, now - added['w-1']!);

      await queue.resume();
      s = await snapshot();
      assert.equal(s.paused, await queue.isPaused());
      assert.equal(s.paused, false);
      assert.equal(s.pausedList, 0);
      assert.deepEqual(ourCounts(s), await libraryCounts(queue));
    });
  });
}

describe('queue snapshot across versions and of missing queues', () => {
  const prefix = randomPrefix('snapx');
  let redis: Redis;
  const opened: Array<{ close(): Promise<void> }> = [];

  before(() => {
    redis = new Redis(TEST_REDIS_URL);
  });
  after(async () => {
    await Promise.all(opened.map((queue) => queue.close()));
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  it('counts a v5 paused list that v6 does not (jobs added by v6 while v5 paused the queue)', async () => {
    const q5 = new bullmq5.Queue('mixed-versions', { connection, prefix });
    const q6 = new bullmq6.Queue('mixed-versions', { connection, prefix, skipMetasUpdate: true });
    opened.push(q5, q6);
    await q5.add('first', {});
    await q5.pause();
    await q6.add('second', {});
    const ref = { prefix, name: 'mixed-versions' };

    let [s] = await readQueueSnapshots(redis, [ref], Date.now());
    const v5 = await q5.getJobCounts('waiting');
    const v6 = await q6.getJobCounts('waiting');
    assert.equal(s!.waiting, 2);
    assert.equal(s!.waiting, (v5.waiting ?? 0) + (v5.paused ?? 0));
    assert.equal(v6.waiting, 1, 'v6 getJobCounts misses the leftover v5 paused list');
    assert.equal(s!.paused, true);
    assert.equal(
      s!.version,
      `bullmq:${(await import('bullmq5/package.json', { with: { type: 'json' } })).default.version}`,
      'skipMetasUpdate kept the version written by the v5 producer'
    );

    await q6.resume(); // v6 resume merges the v5 paused list back into wait
    [s] = await readQueueSnapshots(redis, [ref], Date.now());
    assert.equal(s!.paused, false);
    assert.equal(s!.pausedList, 0);
    assert.equal(s!.waiting, 2);
    assert.equal((await q6.getJobCounts('waiting')).waiting, 2);
  });

  it('ages a promoted delayed job from when it was due (timestamp + opts.delay), not from its creation', async () => {
    const queue = new bullmq6.Queue('promoted', { connection, prefix });
    opened.push(queue);
    const job = await queue.add('later', {}, { delay: 60_000 });
    await job.promote();
    const [s] = await readQueueSnapshots(redis, [{ prefix, name: 'promoted' }], job.timestamp + 90_000);
    assert.equal(s!.waiting, 1);
    assert.equal(s!.delayed, 0);
    assert.equal(s!.oldestWaitingAgeMs, 30_000);
  });

  it('finds the longest-waiting job by its own timestamp behind LIFO jobs and among retried ones', async () => {
    const now = Date.now();
    // LIFO jobs are pushed to the tail, in front of the oldest FIFO job: the tail alone would say "just added".
    const lifo = new bullmq6.Queue('lifo-front', { connection, prefix });
    opened.push(lifo);
    await lifo.add('old', {}, { timestamp: now - 60_000 });
    await lifo.addBulk(Array.from({ length: 5 }, () => ({ name: 'urgent', data: {}, opts: { lifo: true } })));
    // A job that failed long ago and was retried goes back to the head of `wait`, keeping its creation time.
    const retried = new bullmq6.Queue('retried-head', { connection, prefix });
    opened.push(retried);
    const old = await retried.add('old', {}, { timestamp: now - 120_000 });
    await retried.addBulk(Array.from({ length: 20 }, () => ({ name: 'fresh', data: {} })));
    await redis
      .multi()
      .lrem(`${prefix}:retried-head:wait`, 0, old.id!)
      .zadd(`${prefix}:retried-head:failed`, now - 1_000, old.id!)
      .exec();
    await (await retried.getJob(old.id!))!.retry('failed');
    // The same with priorities: the retried job goes to the end of its band.
    const banded = new bullmq6.Queue('retried-band', { connection, prefix });
    opened.push(banded);
    const oldBanded = await banded.add('old', {}, { priority: 4, timestamp: now - 90_000 });
    await banded.addBulk(Array.from({ length: 10 }, () => ({ name: 'fresh', data: {}, opts: { priority: 4 } })));
    await redis
      .multi()
      .zrem(`${prefix}:retried-band:prioritized`, oldBanded.id!)
      .zadd(`${prefix}:retried-band:failed`, now - 1_000, oldBanded.id!)
      .exec();
    await (await banded.getJob(oldBanded.id!))!.retry('failed');

    const snapshots = await readQueueSnapshots(
      redis,
      ['lifo-front', 'retried-head', 'retried-band'].map((name) => ({ prefix, name })),
      now
    );
    assert.deepEqual(
      snapshots.map((snapshot) => snapshot.oldestWaitingAgeMs),
      [60_000, 120_000, 90_000]
    );
  });

  it('reports a queue it cannot read with an error, without failing the others', async () => {
    await redis.set(`${prefix}:broken:wait`, 'not a list');
    await redis.hset(`${prefix}:fine:meta`, 'version', 'bullmq:6.7.0');
    const [broken, fine] = await readQueueSnapshots(
      redis,
      [
        { prefix, name: 'broken' },
        { prefix, name: 'fine' },
      ],
      Date.now()
    );
    assert.match(broken!.error ?? '', /WRONGTYPE/);
    assert.equal(broken!.depth, 0);
    assert.equal(fine!.error, null);
    assert.equal(fine!.exists, true);
  });

  it('reports a queue without keys as not existing, with zero counts and unknown counters', async () => {
    const [s] = await readQueueSnapshots(redis, [{ prefix, name: 'nothing-here' }], 1_000);
    assert.equal(s!.exists, false);
    assert.equal(s!.depth, 0);
    assert.equal(s!.oldestWaitingAgeMs, null);
    assert.deepEqual(s!.priorities, []);
    assert.deepEqual(s!.counters, { completed: null, failed: null, added: null });
    assert.deepEqual(await readQueueSnapshots(redis, [], 1_000), []);
  });
});
