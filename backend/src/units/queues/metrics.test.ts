// The queue metrics over the real overview (rates, tiers, raw counters) fed with parsed snapshot replies: values,
// absence of what is unknown, leadership, one read per scrape, drift refreshed in the background.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DriftReport } from '@penguinmails/sysmon-contract';
import { Registry } from 'prom-client';
import { parseExposition, samplesOf, valueOf } from '../../metrics/exposition.ts';
import { cachedLoader } from '../../queues/cache.ts';
import { parseSnapshotReply, failedSnapshot, type WorkerList } from '../../queues/bullmq/index.ts';
import { createQueueOverview } from '../../queues/overview.ts';
import type { SnapshotSet } from '../../queues/snapshotCache.ts';
import { createQueueMetrics, DRIFT_METRIC_INTERVAL_MS, DRIFT_METRIC_STALE_MS, publishableQueues } from './metrics.ts';

interface Counts {
  wait?: number;
  pausedFlag?: number;
  active?: number;
  prioritized?: number;
  delayed?: number;
  delayedDue?: number;
  waitingChildren?: number;
  failed?: number;
  completed?: number;
  metricsCompleted?: number | null;
  metricsFailed?: number | null;
  readyAt?: number | null;
}

/** A snapshot as the read script returns it (positions of parseSnapshotReply). */
function snapshot(name: string, at: number, c: Counts = {}, prefix = 'bull') {
  const reply = [
    c.pausedFlag ?? 0,
    'bullmq:6.7.0',
    null,
    1,
    c.wait ?? 0,
    0,
    c.active ?? 0,
    c.prioritized ?? 0,
    c.delayed ?? 0,
    c.delayedDue ?? 0,
    c.waitingChildren ?? 0,
    c.failed ?? 0,
    c.completed ?? 0,
    10,
    c.metricsCompleted ?? null,
    c.metricsFailed ?? null,
    c.readyAt ?? null,
    0,
  ];
  return parseSnapshotReply({ prefix, name }, at, reply);
}

function setup(options: { leads?: () => boolean; drift?: () => Promise<DriftReport | null> } = {}) {
  let now = 1_000_000;
  let reads = 0;
  let set: SnapshotSet | Error = { at: now, queues: [] };
  let workers: WorkerList = {
    available: true,
    byQueue: new Map([
      [
        'bull:email-sending',
        {
          prefix: 'bull',
          queue: 'email-sending',
          workers: ['w1', 'w2'].map((name) => ({ name, addr: '127.0.0.1:1', ageSeconds: 1 })),
        },
      ],
    ]),
  };
  const overview = createQueueOverview({
    snapshotCache: cachedLoader(async () => {
      reads += 1;
      if (set instanceof Error) {
        throw set;
      }
      return set;
    }, 0),
    workerCache: cachedLoader(async () => workers, 0),
    tiers: { 'email-sending': 'high' },
  });
  const metrics = createQueueMetrics({
    entries: () => overview.entries(),
    drift: options.drift ?? (async () => null),
    leadership: { leads: options.leads ?? (() => true) },
    clock: () => now,
  });
  const registry = new Registry();
  metrics.forEach((metric) => registry.registerMetric(metric));
  return {
    scrape: async () => parseExposition(await registry.metrics()),
    setSnapshots: (value: SnapshotSet | Error) => {
      set = value;
    },
    setWorkers: (value: WorkerList) => {
      workers = value;
    },
    advance: (ms: number) => {
      now += ms;
    },
    now: () => now,
    reads: () => reads,
  };
}

describe('queue metrics', () => {
  it('publish each readable queue from the shared snapshot; a failed queue is absent, never 0', async () => {
    const t = setup();
    const at = t.now();
    t.setSnapshots({
      at,
      queues: [
        snapshot('email-sending', at, {
          wait: 40,
          prioritized: 5,
          active: 2,
          delayed: 7,
          delayedDue: 3,
          waitingChildren: 1,
          failed: 9,
          completed: 100,
          metricsCompleted: 1234,
          metricsFailed: null,
          readyAt: at - 90_500,
        }),
        snapshot('warmup-processing', at, { pausedFlag: 1 }),
        failedSnapshot({ prefix: 'bull', name: 'broken' }, at, 'WRONGTYPE Operation against a key'),
      ],
    });
    const m = await t.scrape();
    const email = { queue: 'email-sending', tier: 'high' };
    assert.equal(valueOf(m, 'sysmon_queue_depth', email), 48);
    const states = Object.fromEntries(
      samplesOf(m, 'sysmon_queue_jobs', email).map((sample) => [sample.labels.state, sample.value])
    );
    assert.deepEqual(states, {
      waiting: 40,
      prioritized: 5,
      active: 2,
      delayed: 7,
      'waiting-children': 1,
      failed: 9,
      completed: 100,
    });
    assert.equal(valueOf(m, 'sysmon_queue_oldest_wait_seconds', email), 90.5);
    assert.equal(valueOf(m, 'sysmon_queue_completed_total', email), 1234);
    assert.equal(valueOf(m, 'sysmon_queue_failed_total', email), 0, 'metrics on, no failure yet: 0');
    assert.equal(valueOf(m, 'sysmon_queue_workers', email), 2);
    assert.equal(valueOf(m, 'sysmon_queue_paused', email), 0);
    assert.equal(valueOf(m, 'sysmon_queues_readable'), 1);

    const warmup = { queue: 'warmup-processing', tier: 'normal' };
    assert.equal(valueOf(m, 'sysmon_queue_paused', warmup), 1);
    assert.equal(valueOf(m, 'sysmon_queue_oldest_wait_seconds', warmup), 0, 'nothing waits');
    assert.equal(valueOf(m, 'sysmon_queue_workers', warmup), 0);
    assert.equal(valueOf(m, 'sysmon_queue_completed_total', warmup), undefined, 'its workers record no metrics');
    assert.equal(valueOf(m, 'sysmon_queue_failed_total', warmup), undefined);

    assert.deepEqual(
      m.samples.filter((sample) => sample.labels.queue === 'broken'),
      [],
      'a queue that could not be read publishes nothing'
    );
  });

  it('Redis unreadable: only sysmon_queues_readable 0; workers unknown: that gauge alone is absent', async () => {
    const t = setup();
    t.setSnapshots({ at: t.now(), queues: [snapshot('email-sending', t.now(), { wait: 1, readyAt: t.now() })] });
    t.setWorkers({ available: false, byQueue: new Map() });
    let m = await t.scrape();
    assert.equal(valueOf(m, 'sysmon_queue_depth', { queue: 'email-sending' }), 1);
    assert.equal(valueOf(m, 'sysmon_queue_workers', { queue: 'email-sending' }), undefined);

    t.advance(5_000);
    t.setSnapshots(new Error('Connection is closed.'));
    m = await t.scrape();
    assert.deepEqual(
      m.samples.map((sample) => [sample.name, sample.value]),
      [['sysmon_queues_readable', 0]]
    );
  });

  it('one read per scrape however many metrics, and nothing at all on a replica that does not lead', async () => {
    let leads = true;
    const t = setup({ leads: () => leads });
    t.setSnapshots({ at: t.now(), queues: [snapshot('email-sending', t.now())] });
    await t.scrape();
    assert.equal(t.reads(), 1);
    t.advance(5_000);
    await t.scrape();
    assert.equal(t.reads(), 2);

    leads = false;
    t.advance(5_000);
    const m = await t.scrape();
    assert.deepEqual(m.samples, []);
    assert.equal(t.reads(), 2, 'a follower does not even read');
  });

  it('drift: checked in the background at most once a minute, published from the last report, dropped on failure', async () => {
    let checks = 0;
    let fail = false;
    let leads = true;
    const report = (count: number): DriftReport => ({
      checkedAt: new Date().toISOString(),
      kinds: [
        { kind: 'ledger_without_job', count, oldestAgeMs: 1, examples: [], lowerBound: false },
        { kind: 'active_past_lock', count: 0, oldestAgeMs: null, examples: [], lowerBound: false },
      ],
    });
    const t = setup({
      leads: () => leads,
      drift: async () => {
        checks += 1;
        if (fail) {
          throw new Error('ledger unreachable');
        }
        return report(checks * 10);
      },
    });
    const drift = async () =>
      Object.fromEntries(
        samplesOf(await t.scrape(), 'sysmon_drift_jobs').map((sample) => [sample.labels.kind, sample.value])
      );
    assert.deepEqual(await drift(), {}, 'the first scrape starts the check without waiting for it');
    assert.deepEqual(await drift(), { ledger_without_job: 10, active_past_lock: 0 });
    t.advance(DRIFT_METRIC_INTERVAL_MS - 1);
    assert.deepEqual(await drift(), { ledger_without_job: 10, active_past_lock: 0 });
    assert.equal(checks, 1);
    t.advance(1);
    await drift();
    assert.deepEqual(await drift(), { ledger_without_job: 20, active_past_lock: 0 });
    assert.equal(checks, 2);

    leads = false;
    assert.deepEqual(await drift(), {}, 'a follower publishes no drift');
    leads = true;

    fail = true;
    t.advance(DRIFT_METRIC_INTERVAL_MS);
    await drift();
    assert.deepEqual(await drift(), {}, 'unknown after a failed check, not the old counts');
    assert.ok(DRIFT_METRIC_STALE_MS > DRIFT_METRIC_INTERVAL_MS);
  });

  it('publishableQueues: readable ones, the first of a name held by several prefixes', () => {
    const entry = (name: string, prefix: string, error?: string) => ({
      snapshot: { name, prefix, error } as never,
      totals: null,
    });
    assert.deepEqual(
      publishableQueues([entry('a', 'bull'), entry('b', 'bull', 'WRONGTYPE'), entry('a', 'other')]).map(
        ({ snapshot }) => `${(snapshot as { prefix: string }).prefix}:${(snapshot as { name: string }).name}`
      ),
      ['bull:a']
    );
  });
});
