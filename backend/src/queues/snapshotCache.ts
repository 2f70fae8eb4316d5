// Shared, short-lived snapshot of every discovered queue: at most one Redis round trip per TTL (≤ 2 s) however
// many dashboards poll, and concurrent callers share the read in flight (single-flight).
import { performance } from 'node:perf_hooks';
import type { Redis } from 'ioredis';
import { cachedLoader, type CachedLoader } from './cache.ts';
import type { QueueRef } from './discovery.ts';
import { readQueueSnapshots, type QueueSnapshot, type SnapshotOptions } from './bullmq/index.ts';

export const SNAPSHOT_TTL_MS = 2_000;

export interface SnapshotSet {
  /** When the snapshots were read (ms). */
  at: number;
  queues: QueueSnapshot[];
}

export interface SnapshotCacheOptions {
  redis: Redis;
  /** The queues to read, e.g. createQueueDiscovery(...) (itself cached for 30 s). */
  discovery: { get(): Promise<QueueRef[]> };
  ttlMs?: number;
  clock?: () => number;
  snapshotOptions?: SnapshotOptions;
  /** Replaceable for tests that count reads. */
  read?: typeof readQueueSnapshots;
  /** Told how long each read of every queue took (seconds) and whether it failed (e.g. for a histogram). */
  onRead?: (seconds: number, outcome: 'ok' | 'error') => void;
}

export function createSnapshotCache(options: SnapshotCacheOptions): CachedLoader<SnapshotSet> {
  const { redis, discovery, snapshotOptions } = options;
  const clock = options.clock ?? Date.now;
  const read = options.read ?? readQueueSnapshots;
  const ttlMs = Math.min(options.ttlMs ?? SNAPSHOT_TTL_MS, SNAPSHOT_TTL_MS);
  return cachedLoader(
    async () => {
      const refs = await discovery.get();
      const at = clock();
      const started = performance.now();
      try {
        const queues = await read(redis, refs, at, snapshotOptions);
        options.onRead?.((performance.now() - started) / 1000, 'ok');
        return { at, queues };
      } catch (error) {
        options.onRead?.((performance.now() - started) / 1000, 'error');
        throw error;
      }
    },
    ttlMs,
    { clock }
  );
}
