// The discovered queues under the configured key prefixes (bullmq/queues.ts discoverQueues: a SCAN for their
// `meta` hash or `id` counter), cached because a full SCAN visits every key in the database (≈1000 calls of
// COUNT 1000 per million jobs).
import type { Redis } from 'ioredis';
import { discoverQueues, type QueueRef } from './bullmq/index.ts';
import { cachedLoader, type CachedLoader } from './cache.ts';

export type { QueueRef };

export const DISCOVERY_TTL_MS = 30_000;
export const EMPTY_DISCOVERY_TTL_MS = 2_000;

/** Discovery cached for ttlMs (default 30 s) with single-flight; `invalidate()` forces a rescan. */
export function createQueueDiscovery(
  redis: Redis,
  prefixes: readonly string[],
  options: { ttlMs?: number; clock?: () => number } = {}
): CachedLoader<QueueRef[]> {
  // A SCAN over every key can take a second on a big Redis: refreshed in the background so no overview waits for
  // it (invalidate() still forces a fresh scan, e.g. when a request names a queue created since).
  // Until a first queue exists (a fresh platform, or the service started before its producers), rescan every
  // EMPTY_DISCOVERY_TTL_MS so the queues appear within seconds instead of after a full TTL.
  const ttlMs = options.ttlMs ?? DISCOVERY_TTL_MS;
  return cachedLoader(() => discoverQueues(redis, prefixes), ttlMs, {
    clock: options.clock,
    refreshInBackground: true,
    ttlFor: (refs) => (refs.length === 0 ? Math.min(EMPTY_DISCOVERY_TTL_MS, ttlMs) : ttlMs),
  });
}
