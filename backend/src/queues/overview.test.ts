import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cachedLoader } from './cache.ts';
import { CounterHistory, createQueueOverview, rateSample } from './overview.ts';
import { parseSnapshotReply, type QueueSnapshot, type WorkerList } from './bullmq/index.ts';
import type { SnapshotSet } from './snapshotCache.ts';

const sample = (at: number, completed: number | null = 0) => ({ at, completed, failed: 0, added: 0 });

describe('CounterHistory', () => {
  it('picks the sample closest to 60 s old, never one younger than 5 s', () => {
    const history = new CounterHistory();
    for (const at of [0, 30_000, 55_000, 70_000, 118_000]) {
      history.record('q', sample(at));
    }
    assert.equal(history.baseline('q', 120_000)?.at, 55_000); // 65 s old beats 90 s and 50 s
    assert.equal(history.baseline('q', 121_000)?.at, 55_000);
    assert.equal(history.baseline('q', 75_000)?.at, 0); // the oldest is closest to 60 s
    assert.equal(history.baseline('q', 3_000)?.at, undefined); // only a 3 s old sample
    assert.equal(history.baseline('other', 120_000), undefined);
  });

  it('drops samples past two minutes, ignores out-of-order ones, forgets vanished queues', () => {
    const history = new CounterHistory();
    history.record('q', sample(0));
    history.record('q', sample(200_000));
    history.record('q', sample(150_000)); // older than the last: ignored
    assert.equal(history.baseline('q', 260_000)?.at, 200_000);
    history.retain(new Set(['other']));
    assert.equal(history.baseline('q', 260_000), undefined);
  });
});

function redisSnapshot(at: number, counters: QueueSnapshot['counters'], depth = 0): QueueSnapshot {
  // parseSnapshotReply positions: waiting list length is index 4, metrics at 13..15.
  const reply = [
    0,
    'bullmq:6.7.0',
    null,
    1,
    depth,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    counters.added,
    counters.completed,
    counters.failed,
    null,
    0,
  ];
  return parseSnapshotReply({ prefix: 'bull', name: 'email-sending' }, at, reply);
}

describe('rateSample', () => {
  it('a missing metrics:failed is 0 when metrics:completed exists; both missing means no metrics', () => {
    assert.deepEqual(rateSample(redisSnapshot(1, { completed: 5, failed: null, added: 9 })), {
      at: 1,
      completed: 5,
      failed: 0,
      added: 9,
    });
    assert.deepEqual(rateSample(redisSnapshot(1, { completed: null, failed: null, added: 9 })), {
      at: 1,
      completed: null,
      failed: null,
      added: 9,
    });
  });
});

describe('createQueueOverview', () => {
  it('computes rates against the baseline, drain ETA, tier; ledger fallback without metrics', async () => {
    let now = 1_000_000;
    let set: SnapshotSet = { at: now, queues: [] };
    const snapshotCache = cachedLoader(async () => set, 0);
    const workers: WorkerList = { available: true, byQueue: new Map() };
    let ledgerCalls = 0;
    const overview = createQueueOverview({
      snapshotCache,
      workerCache: cachedLoader(async () => workers, 0),
      tiers: { 'email-sending': 'high' },
      ledgerFinishes: cachedLoader(async () => {
        ledgerCalls += 1;
        return new Map([['plain-low', { completed: 30, failed: 10 }]]);
      }, 0),
    });
    const plain = (at: number) => ({
      ...redisSnapshot(at, { completed: null, failed: null, added: 100 }, 7),
      queue: 'plain-low',
    });
    set = { at: now, queues: [redisSnapshot(now, { completed: 100, failed: 10, added: 200 }, 600), plain(now)] };
    const first = await overview.list();
    assert.equal(first.queues[0]!.throughputPerMin, null, 'no baseline yet');
    assert.equal(first.queues[0]!.tier, 'high');
    assert.equal(first.queues[0]!.workers, 0);
    assert.equal(first.queues[1]!.tier, 'low');
    assert.equal(first.queues[1]!.throughputPerMin, 30, 'ledger fallback');
    assert.equal(first.queues[1]!.failuresPerMin, 10);
    assert.equal(first.queues[1]!.failureRate, 0.25);

    now += 60_000;
    set = { at: now, queues: [redisSnapshot(now, { completed: 220, failed: 40, added: 240 }, 600), plain(now)] };
    const second = await overview.list();
    const q = second.queues[0]!;
    assert.equal(q.throughputPerMin, 120);
    assert.equal(q.failuresPerMin, 30);
    assert.equal(q.failureRate, 0.2);
    assert.equal(q.arrivalsPerMin, 40);
    // 600 jobs / (150 exits − 40 arrivals per minute) = 5.4545… min
    assert.equal(q.drainEtaSeconds, Math.round((600 / 110) * 60));
    assert.equal(ledgerCalls, 2);
    assert.equal((await overview.list({ tier: 'low' })).queues.length, 1);
    assert.equal((await overview.get('plain-low'))?.name, 'plain-low');
    assert.equal(await overview.get('nope'), undefined);
  });
});
