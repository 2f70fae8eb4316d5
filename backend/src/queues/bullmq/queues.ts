// Which BullMQ queues exist: a queue is there when its `meta` hash or its `id` counter is (a queue whose meta
// was never written still has `id` after its first add). Discovery SCANs (never KEYS); lookups by name are O(1)
// EXISTS per prefix, so a queue created since the last (cached) discovery is found too.
import type { Redis } from 'ioredis';
import { execPipeline, whileConnected } from './connection.ts';
import { discoveryPattern, queueKeys, queueNameFromKey, type QueueRef } from './keys.ts';

const SCAN_COUNT = 1_000;
const QUEUE_NAME = /^[^:\s]{1,256}$/;

/** Queue names under one prefix, deduplicated (SCAN may return a key twice) and sorted. */
export async function scanQueueNames(redis: Redis, prefix: string, count = SCAN_COUNT): Promise<string[]> {
  const pattern = discoveryPattern(prefix);
  const names = new Set<string>();
  let cursor = '0';
  do {
    const [next, keys] = await whileConnected(redis, () => redis.scan(cursor, 'MATCH', pattern, 'COUNT', count));
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

/** The refs that exist, in the given order (one pipeline of EXISTS meta id). */
export async function existingRefs(redis: Redis, refs: readonly QueueRef[]): Promise<QueueRef[]> {
  if (refs.length === 0) {
    return [];
  }
  const pipeline = redis.pipeline();
  for (const ref of refs) {
    const keys = queueKeys(ref);
    pipeline.exists(keys.meta, keys.id);
  }
  const results = await execPipeline(redis, pipeline);
  return refs.filter((_, index) => {
    const entry = results[index];
    return entry !== undefined && !entry[0] && Number(entry[1]) > 0;
  });
}

/** The refs of queue `name` under the given prefixes (sorted) that exist. */
export async function existingQueueRefs(redis: Redis, prefixes: readonly string[], name: string): Promise<QueueRef[]> {
  if (!QUEUE_NAME.test(name)) {
    return [];
  }
  return existingRefs(
    redis,
    [...new Set(prefixes)].sort().map((prefix) => ({ prefix, name }))
  );
}

/**
 * The one queue resolver every request path uses (job list and detail, actions, the jobs query): the first prefix,
 * sorted as discovery and the overview order them, under which queue `name` exists; with `prefix`, only that one
 * (when configured). Undefined when none holds it.
 */
export async function resolveQueueRef(
  redis: Redis,
  prefixes: readonly string[],
  name: string,
  prefix?: string
): Promise<QueueRef | undefined> {
  if (prefix !== undefined && !prefixes.includes(prefix)) {
    return undefined;
  }
  const [ref] = await existingQueueRefs(redis, prefix === undefined ? prefixes : [prefix], name);
  return ref;
}
