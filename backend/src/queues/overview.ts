// The queue overview every viewer shares: cached snapshots (one Redis round trip per ≤ 2 s) + cached worker
// counts + tiers + rates → the API's QueueSnapshot[].
// Rates come from BullMQ's monotonic counters (metrics:completed / metrics:failed `count`, `id` for arrivals)
// against an in-memory baseline: each new snapshot's counters are kept per queue for ~2 minutes and the sample
// closest to 60 s old (at least 5 s old) is the baseline. Queues whose workers do not record metrics fall back to
// ledger finish times (one grouped query for all queues, cached like the snapshot). Each replica keeps its own
// baseline, so rates are null for the first 5 s after start. entries() gives the same snapshots with the raw
// counters they were read with, for the Prometheus counters (no second read).
import {
  type QueueSnapshot as ApiQueueSnapshot,
  type QueuesResponse,
  type Tier,
  queueTier,
} from '@penguinmails/sysmon-contract';
import type { Config } from '../config.ts';
import type { Pool } from '../db/pool.ts';
import type { Redis } from '../redis.ts';
import { cachedLoader, type CachedLoader } from './cache.ts';
import { createQueueDiscovery, type QueueRef } from './discovery.ts';
import { getLedgerFinishes, type LedgerFinishes } from './ledgerQueries.ts';
import { drainEtaMs, queueRates, type RateSample } from './rates.ts';
import {
  type QueueSnapshot as RedisSnapshot,
  createWorkerCache,
  workerCount,
  type WorkerList,
} from './bullmq/index.ts';
import { createSnapshotCache, SNAPSHOT_TTL_MS, type SnapshotCacheOptions, type SnapshotSet } from './snapshotCache.ts';

export const BASELINE_TARGET_AGE_MS = 60_000;
export const BASELINE_MIN_AGE_MS = 5_000;
export const SAMPLE_RETENTION_MS = 130_000;

/** Keeps recent counter samples per queue and picks the rate baseline (pure apart from its own memory). */
export class CounterHistory {
  private readonly samples = new Map<string, RateSample[]>();

  /** Records a sample (ignored unless newer than the last one of that queue) and drops samples past retention. */
  record(key: string, sample: RateSample): void {
    const ring = this.samples.get(key) ?? [];
    const last = ring[ring.length - 1];
    if (last && sample.at <= last.at) {
      return;
    }
    ring.push(sample);
    while (ring.length > 0 && sample.at - ring[0]!.at > SAMPLE_RETENTION_MS) {
      ring.shift();
    }
    this.samples.set(key, ring);
  }

  /** The sample closest to 60 s before `now` that is at least 5 s old; undefined when none. */
  baseline(key: string, now: number): RateSample | undefined {
    let best: RateSample | undefined;
    for (const sample of this.samples.get(key) ?? []) {
      const age = now - sample.at;
      if (age < BASELINE_MIN_AGE_MS) {
        continue;
      }
      if (!best || Math.abs(age - BASELINE_TARGET_AGE_MS) < Math.abs(now - best.at - BASELINE_TARGET_AGE_MS)) {
        best = sample;
      }
    }
    return best;
  }

  /** Forgets queues not in `keys` (queues that disappeared). */
  retain(keys: ReadonlySet<string>): void {
    for (const key of this.samples.keys()) {
      if (!keys.has(key)) {
        this.samples.delete(key);
      }
    }
  }
}

export interface Rates {
  throughputPerMin: number | null;
  failuresPerMin: number | null;
  failureRate: number | null;
  arrivalsPerMin: number | null;
}

const refKey = (ref: { prefix: string; name: string }) => `${ref.prefix}:${ref.name}`;

/** Counters as a rate sample. When workers record metrics, a missing metrics:failed only means "none yet". */
export function rateSample(snapshot: RedisSnapshot): RateSample {
  const { completed, failed, added } = snapshot.counters;
  const hasMetrics = completed !== null || failed !== null;
  return {
    at: snapshot.at,
    completed: hasMetrics ? (completed ?? 0) : null,
    failed: hasMetrics ? (failed ?? 0) : null,
    added,
  };
}

/** Builds the API snapshot of one queue from its Redis snapshot, rates and worker count (pure). */
export function toApiSnapshot(
  snapshot: RedisSnapshot,
  tier: Tier,
  workers: number | null,
  rates: Rates
): ApiQueueSnapshot {
  const exits =
    rates.throughputPerMin === null || rates.failuresPerMin === null
      ? null
      : rates.throughputPerMin + rates.failuresPerMin;
  const etaMs = snapshot.error ? null : drainEtaMs(snapshot.depth, exits, rates.arrivalsPerMin);
  return {
    name: snapshot.queue,
    prefix: snapshot.prefix,
    tier,
    paused: snapshot.paused,
    counts: {
      waiting: snapshot.waiting,
      prioritized: snapshot.prioritized,
      active: snapshot.active,
      delayed: snapshot.delayed,
      waitingChildren: snapshot.waitingChildren,
      failed: snapshot.failed,
      completed: snapshot.completed,
    },
    depth: snapshot.depth,
    oldestWaitingAgeMs: snapshot.oldestWaitingAgeMs,
    priorities: snapshot.priorities.map(({ priority, count }) => ({ priority, count })),
    workers,
    throughputPerMin: rates.throughputPerMin,
    failuresPerMin: rates.failuresPerMin,
    failureRate: rates.failureRate,
    arrivalsPerMin: rates.arrivalsPerMin,
    drainEtaSeconds: etaMs === null ? null : Math.round(etaMs / 1000),
    sampledAt: new Date(snapshot.at).toISOString(),
    ...(snapshot.error ? { error: snapshot.error } : {}),
  };
}

export interface QueueOverviewDeps {
  snapshotCache: CachedLoader<SnapshotSet>;
  workerCache: CachedLoader<WorkerList>;
  tiers: Readonly<Record<string, Tier>>;
  /** Finishes per queue name over the last minute from the ledger (cached by the caller), for the fallback. */
  ledgerFinishes?: CachedLoader<Map<string, LedgerFinishes>>;
  /** Told when an optional source (workers, ledger) fails; the overview then shows nulls for it. */
  onSourceError?: (source: 'workers' | 'ledger', error: unknown) => void;
}

/** BullMQ's monotonic finish counters of a queue (metrics:completed / metrics:failed `count`). */
export interface FinishTotals {
  completed: number;
  failed: number;
}

/** A queue's API snapshot with the raw counters it was read with (for /metrics). */
export interface OverviewEntry {
  snapshot: ApiQueueSnapshot;
  /** Null when the queue's workers record no BullMQ metrics, or its read failed. */
  totals: FinishTotals | null;
}

export interface QueueOverview {
  /** Every discovered queue, optionally of one tier. */
  list(filter?: { tier?: Tier }): Promise<QueuesResponse>;
  /** Every discovered queue with its raw finish counters, from the same cached read as list(). */
  entries(): Promise<{ at: number; entries: OverviewEntry[] }>;
  /** One queue by name (and prefix when several prefixes hold that name); undefined when not discovered. */
  get(name: string, prefix?: string): Promise<ApiQueueSnapshot | undefined>;
  /** Drops cached snapshots and discovery-dependent state (e.g. after an action). */
  invalidate(): void;
}

export function createQueueOverview(deps: QueueOverviewDeps): QueueOverview {
  const history = new CounterHistory();
  // Rates per snapshot set: computed once per Redis read however many viewers ask.
  let computed: { set: SnapshotSet; queues: Promise<OverviewEntry[]>; snapshots?: ApiQueueSnapshot[] } | undefined;

  async function build(set: SnapshotSet): Promise<OverviewEntry[]> {
    const live = set.queues.filter((snapshot) => snapshot.exists || snapshot.error);
    const needsLedger = live.some((snapshot) => !snapshot.error && rateSample(snapshot).completed === null);
    const [workers, ledger] = await Promise.all([
      deps.workerCache.get().catch((error: unknown) => {
        deps.onSourceError?.('workers', error);
        return undefined;
      }),
      needsLedger && deps.ledgerFinishes
        ? deps.ledgerFinishes.get().catch((error: unknown) => {
            deps.onSourceError?.('ledger', error);
            return undefined;
          })
        : undefined,
    ]);
    const keys = new Set<string>();
    const result = live.map((snapshot) => {
      const ref: QueueRef = { prefix: snapshot.prefix, name: snapshot.queue };
      const key = refKey(ref);
      keys.add(key);
      let rates: Rates = { throughputPerMin: null, failuresPerMin: null, failureRate: null, arrivalsPerMin: null };
      let totals: FinishTotals | null = null;
      if (!snapshot.error) {
        const current = rateSample(snapshot);
        if (current.completed !== null && current.failed !== null) {
          totals = { completed: current.completed, failed: current.failed };
        }
        const baseline = history.baseline(key, current.at);
        history.record(key, current);
        if (baseline) {
          const counted = queueRates(baseline, current);
          rates = { ...counted, failureRate: counted.failureRatio };
        }
        if (current.completed === null) {
          // No metrics counters: finishes in the ledger over the last minute are the per-minute rates.
          const finishes = ledger?.get(snapshot.queue) ?? (ledger ? { completed: 0, failed: 0 } : undefined);
          rates.throughputPerMin = finishes ? finishes.completed : null;
          rates.failuresPerMin = finishes ? finishes.failed : null;
          const finished = finishes ? finishes.completed + finishes.failed : 0;
          rates.failureRate = finishes && finished > 0 ? finishes.failed / finished : null;
        }
      }
      return {
        snapshot: toApiSnapshot(
          snapshot,
          queueTier(snapshot.queue, deps.tiers),
          workers ? workerCount(workers, ref) : null,
          rates
        ),
        totals,
      };
    });
    history.retain(keys);
    return result;
  }

  async function current(): Promise<{ at: number; queues: OverviewEntry[]; snapshots: ApiQueueSnapshot[] }> {
    const set = await deps.snapshotCache.get();
    if (computed?.set !== set) {
      const queues = build(set);
      computed = { set, queues };
      queues.catch(() => {
        if (computed?.queues === queues) {
          computed = undefined;
        }
      });
    }
    const entry = computed;
    const queues = await entry.queues;
    // The API's array, built once per read (the same object for every caller of that read).
    entry.snapshots ??= queues.map(({ snapshot }) => snapshot);
    return { at: set.at, queues, snapshots: entry.snapshots };
  }

  return {
    async list(filter = {}) {
      const { at, snapshots } = await current();
      return {
        generatedAt: new Date(at).toISOString(),
        queues: filter.tier ? snapshots.filter((queue) => queue.tier === filter.tier) : snapshots,
      };
    },
    async entries() {
      const { at, queues } = await current();
      return { at, entries: queues };
    },
    async get(name, prefix) {
      const { queues } = await current();
      return queues.find(
        ({ snapshot }) => snapshot.name === name && (prefix === undefined || snapshot.prefix === prefix)
      )?.snapshot;
    },
    invalidate() {
      deps.snapshotCache.invalidate();
      computed = undefined;
    },
  };
}

/** The shared read path of one service process: discovery, snapshot and worker caches, ledger fallback, overview. */
export interface QueueReadPath {
  discovery: CachedLoader<QueueRef[]>;
  snapshotCache: CachedLoader<SnapshotSet>;
  workerCache: CachedLoader<WorkerList>;
  ledgerFinishes: CachedLoader<Map<string, LedgerFinishes>>;
  overview: QueueOverview;
  /** Call after a mutation (pause, retry, …) so the next read shows it. */
  invalidate(): void;
}

export function createQueueReadPath(options: {
  redis: Redis;
  pool: Pool;
  config: Pick<Config, 'queues'>;
  onSourceError?: QueueOverviewDeps['onSourceError'];
  onSnapshotRead?: SnapshotCacheOptions['onRead'];
}): QueueReadPath {
  const { redis, pool, config } = options;
  const discovery = createQueueDiscovery(redis, config.queues.prefixes);
  const snapshotCache = createSnapshotCache({ redis, discovery, onRead: options.onSnapshotRead });
  const workerCache = createWorkerCache(redis, config.queues.prefixes);
  const ledgerFinishes = cachedLoader(() => getLedgerFinishes(pool, config.queues.ledgerTable), SNAPSHOT_TTL_MS);
  const overview = createQueueOverview({
    snapshotCache,
    workerCache,
    tiers: config.queues.tiers,
    ledgerFinishes,
    onSourceError: options.onSourceError,
  });
  return {
    discovery,
    snapshotCache,
    workerCache,
    ledgerFinishes,
    overview,
    invalidate() {
      overview.invalidate();
      ledgerFinishes.invalidate();
    },
  };
}
