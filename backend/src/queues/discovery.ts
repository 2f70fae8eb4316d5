// Finds BullMQ queues under configured key prefixes by SCANning for their `meta` hash or `id` counter
// (a queue whose meta was never written still has `id` after its first add). Never KEYS; cached because a
// full SCAN visits every key in the database (≈1000 calls of COUNT 1000 per million jobs).
import type { Redis } from 'ioredis';
import { cachedLoader, type CachedLoader } from './cache.ts';

export interface QueueRef {
  prefix: string;
  name: string;
}

export const DISCOVERY_TTL_MS = 30_000;
export const EMPTY_DISCOVERY_TTL_MS = 2_000;
const SCAN_COUNT = 1_000;

/** Escapes Redis glob characters so a prefix such as `{bull}` or `a*b` matches only itself. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (char) => `\\${char}`);
}

/**
 * The queue name in a `<prefix>:<name>:meta` or `<prefix>:<name>:id` key, else undefined. Names never contain
 * `:`, which also rejects keys of a longer prefix (`bull:sub:q:meta` under `bull`) and job keys.
 */
export function queueNameFromKey(prefix: string, key: string): string | undefined {
  if (!key.startsWith(`${prefix}:`)) {
    return undefined;
  }
  const rest = key.slice(prefix.length + 1);
  const match = /^([^:]+):(?:meta|id)$/.exec(rest);
  return match?.[1];
}

/**
 * Queue names under one prefix, deduplicated (SCAN may return a key twice) and sorted.
 * One pass matches both `:meta` and `:id` with `<prefix>:*:[mi][de]*`; the few other keys it lets through
 * (`metrics:*`, job ids starting with id/me) are dropped by queueNameFromKey.
 */
export async function scanQueueNames(redis: Redis, prefix: string, count = SCAN_COUNT): Promise<string[]> {
  const pattern = `${escapeGlob(prefix)}:*:[mi][de]*`;
  const names = new Set<string>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', count);
    cursor = next;
    for (const key of keys) {
      const name = queueNameFromKey(prefix, key);
      if (name !== undefined) {
        names.add(name);
      }
    }
  } while (cursor !== '0');
  return [...names].sort();
}

/** Queues under every prefix, sorted by prefix then name. */
export async function discoverQueues(redis: Redis, prefixes: readonly string[]): Promise<QueueRef[]> {
  const refs: QueueRef[] = [];
  for (const prefix of [...new Set(prefixes)].sort()) {
    for (const name of await scanQueueNames(redis, prefix)) {
      refs.push({ prefix, name });
    }
  }
  return refs;
}

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
