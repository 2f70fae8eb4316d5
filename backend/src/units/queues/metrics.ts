// The queue vertical's Prometheus metrics (definitions in contract/src/metrics.ts), set at scrape time from the
// queue read path's shared snapshot (overview.entries(): the ≤ 2 s cache every viewer uses, so a scrape never
// costs Redis more than a page view), and only on the replica leading the queue sampler.
//   sysmon_queue_depth / _jobs{state} / _oldest_wait_seconds / _workers / _paused   per readable queue
//   sysmon_queue_completed_total / _failed_total   BullMQ's metrics:completed / metrics:failed `count`, as read
//   sysmon_queues_readable   1 when the last read succeeded, 0 when it failed (every queue series is then absent)
//   sysmon_drift_jobs{kind}   from the drift cache, refreshed in the background at most once a minute
// Unknown is never 0: a queue whose read failed (`error`) publishes nothing, workers are absent while CLIENT LIST
// cannot be read, the finish counters while the queue's workers record no BullMQ metrics, drift until a check
// succeeded (and again when the last one failed).
import { JOB_STATES, type DriftReport, type JobState, type QueueCounts } from '@penguinmails/sysmon-contract';
import type { Metric } from 'prom-client';
import { counterOf, gaugeOf } from '../../metrics/definitions.ts';
import type { Leadership } from '../../metrics/leadership.ts';
import type { OverviewEntry } from '../../queues/overview.ts';

/** A scrape's metrics are collected one after the other: they share one read while it is this fresh. */
export const SCRAPE_REUSE_MS = 1_000;
/** Drift is checked for /metrics at most this often (the page's drift cache may have a fresher report). */
export const DRIFT_METRIC_INTERVAL_MS = 60_000;
/** A drift report older than this (checks failing or stuck) is no longer published. */
export const DRIFT_METRIC_STALE_MS = 3 * DRIFT_METRIC_INTERVAL_MS;

const COUNT_OF_STATE: Readonly<Record<JobState, keyof QueueCounts>> = {
  waiting: 'waiting',
  prioritized: 'prioritized',
  active: 'active',
  delayed: 'delayed',
  'waiting-children': 'waitingChildren',
  failed: 'failed',
  completed: 'completed',
};

export interface QueueMetricsOptions {
  /** The queue read path's cached snapshot with raw counters (QueueOverview.entries). */
  entries: () => Promise<{ entries: OverviewEntry[] }>;
  /** Every queue's drift (the drift cache's get()). */
  drift: () => Promise<DriftReport | null>;
  /** Whether this replica leads the queue sampler. */
  leadership: Pick<Leadership, 'leads'>;
  clock?: () => number;
  /** Told when a drift check for /metrics failed. */
  onDriftError?: (error: unknown) => void;
}

type QueueRead =
  | { kind: 'follower' }
  | { kind: 'unreadable' }
  /** `source`: the read path's array, the same object for as long as its cached snapshot is the same. */
  | { kind: 'read'; queues: OverviewEntry[]; source: readonly OverviewEntry[] };

/**
 * The queues to publish: readable ones only, one per name (the metrics have no prefix label, so when several
 * configured prefixes hold a queue of the same name, the first prefix's is published).
 */
export function publishableQueues(entries: readonly OverviewEntry[]): OverviewEntry[] {
  const seen = new Set<string>();
  return entries.filter(({ snapshot }) => {
    if (snapshot.error || seen.has(snapshot.name)) {
      return false;
    }
    seen.add(snapshot.name);
    return true;
  });
}

export function createQueueMetrics(options: QueueMetricsOptions): Metric[] {
  const clock = options.clock ?? Date.now;
  let current: { promise: Promise<QueueRead>; settledAt?: number } | undefined;

  const load = async (): Promise<QueueRead> => {
    if (!options.leadership.leads()) {
      return { kind: 'follower' };
    }
    try {
      const { entries } = await options.entries();
      return { kind: 'read', queues: publishableQueues(entries), source: entries };
    } catch {
      return { kind: 'unreadable' };
    }
  };
  /** One read shared by the metrics of a scrape: reused while in flight and for SCRAPE_REUSE_MS after. */
  const read = (): Promise<QueueRead> => {
    if (!current || (current.settledAt !== undefined && clock() - current.settledAt > SCRAPE_REUSE_MS)) {
      const entry: { promise: Promise<QueueRead>; settledAt?: number } = { promise: load() };
      void entry.promise.then(() => {
        entry.settledAt = clock();
      });
      current = entry;
    }
    return current.promise;
  };
  /**
   * Calls `apply` with this scrape's queues, unless the metric already holds that very read (scrapes within the
   * 2 s cache, or right after the sampler's read, cost no re-setting of thousands of series).
   */
  const onNewRead = () => {
    let applied: unknown;
    return async (apply: (queues: readonly OverviewEntry[]) => void) => {
      const result = await read();
      const source = result.kind === 'read' ? result.source : result.kind;
      if (source !== applied) {
        applied = source;
        apply(result.kind === 'read' ? result.queues : []);
      }
    };
  };
  const labels = ({ snapshot }: OverviewEntry) => ({ queue: snapshot.name, tier: snapshot.tier });

  const perQueue = (
    key: 'queueDepth' | 'queueOldestWait' | 'queueWorkers' | 'queuePaused',
    value: (entry: OverviewEntry) => number | null
  ) => {
    const update = onNewRead();
    return gaugeOf(key, async function () {
      await update((queues) => {
        this.reset();
        for (const entry of queues) {
          const number = value(entry);
          if (number !== null) {
            this.set(labels(entry), number);
          }
        }
      });
    });
  };
  const total = (key: 'queueCompleted' | 'queueFailed', pick: 'completed' | 'failed') => {
    const update = onNewRead();
    return counterOf(key, async function () {
      await update((queues) => {
        this.reset();
        for (const entry of queues) {
          if (entry.totals) {
            this.inc(labels(entry), entry.totals[pick]);
          }
        }
      });
    });
  };
  const updateJobs = onNewRead();

  let drift: { report: DriftReport; at: number } | undefined;
  let driftCheckedAt = Number.NEGATIVE_INFINITY;
  const refreshDrift = () => {
    const startedAt = clock();
    if (startedAt - driftCheckedAt < DRIFT_METRIC_INTERVAL_MS) {
      return;
    }
    driftCheckedAt = startedAt;
    options.drift().then(
      (report) => {
        drift = report ? { report, at: startedAt } : undefined;
      },
      (error: unknown) => {
        drift = undefined;
        options.onDriftError?.(error);
      }
    );
  };

  return [
    perQueue('queueDepth', ({ snapshot }) => snapshot.depth),
    gaugeOf('queueJobs', async function () {
      await updateJobs((queues) => {
        this.reset();
        for (const entry of queues) {
          for (const state of JOB_STATES) {
            this.set({ ...labels(entry), state }, entry.snapshot.counts[COUNT_OF_STATE[state]]);
          }
        }
      });
    }),
    // Null with jobs waiting means their timestamps could not be read: unknown, not 0.
    perQueue('queueOldestWait', ({ snapshot }) =>
      snapshot.oldestWaitingAgeMs !== null ? snapshot.oldestWaitingAgeMs / 1000 : snapshot.depth === 0 ? 0 : null
    ),
    total('queueCompleted', 'completed'),
    total('queueFailed', 'failed'),
    perQueue('queueWorkers', ({ snapshot }) => snapshot.workers),
    perQueue('queuePaused', ({ snapshot }) => (snapshot.paused ? 1 : 0)),
    gaugeOf('queuesReadable', async function () {
      const result = await read();
      if (result.kind === 'follower') {
        // A metric without labels is 0 after reset(); a follower publishes no sample at all.
        this.remove({});
      } else {
        this.set(result.kind === 'read' ? 1 : 0);
      }
    }),
    gaugeOf('driftJobs', function () {
      this.reset();
      if (!options.leadership.leads()) {
        return;
      }
      refreshDrift();
      if (drift && clock() - drift.at <= DRIFT_METRIC_STALE_MS) {
        for (const { kind, count } of drift.report.kinds) {
          this.set({ kind }, count);
        }
      }
    }),
  ];
}
