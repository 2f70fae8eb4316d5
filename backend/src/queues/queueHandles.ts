// BullMQ 6 Queue objects for the queues we act on, created once per prefix+name and reused. Every one is built
// with skipMetasUpdate: a plain `new Queue()` rewrites meta.version / opts.maxLenEvents, which would make every
// queue look as if our BullMQ had produced it (docs/bullmq-internals.md §1). They share the service's Redis
// connection (BullMQ does not close a connection it was given).
import { Queue, type ConnectionOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { QueueRef } from './discovery.ts';

export interface QueueHandles {
  get(ref: QueueRef): Queue;
  /** Closes every Queue object (not the shared connection). */
  close(): Promise<void>;
  readonly size: number;
}

/** At most this many cached handles; the oldest is closed beyond it (queues come and go). */
export const MAX_QUEUE_HANDLES = 1_000;

export function createQueueHandles(connection: ConnectionOptions, max = MAX_QUEUE_HANDLES): QueueHandles {
  const handles = new Map<string, Queue>();
  return {
    get(ref) {
      const key = `${ref.prefix}\u0000${ref.name}`;
      let queue = handles.get(key);
      if (!queue) {
        queue = new Queue(ref.name, { prefix: ref.prefix, connection, skipMetasUpdate: true });
        // Errors surface on the calls that fail; without a listener BullMQ would also print them.
        queue.on('error', () => undefined);
        handles.set(key, queue);
        if (handles.size > max) {
          const [oldestKey, oldest] = handles.entries().next().value as [string, Queue];
          handles.delete(oldestKey);
          void oldest.close().catch(() => undefined);
        }
      }
      return queue;
    },
    async close() {
      const all = [...handles.values()];
      handles.clear();
      await Promise.allSettled(all.map((queue) => queue.close()));
    },
    get size() {
      return handles.size;
    },
  };
}

const QUEUE_NAME = /^[^:\s]{1,256}$/;

/**
 * The refs of queue `name` under the given prefixes (sorted): those whose meta hash or id counter exists.
 * O(1) EXISTS per prefix, so a queue created since the last (cached) discovery is found too, without a SCAN.
 */
export async function existingQueueRefs(redis: Redis, prefixes: readonly string[], name: string): Promise<QueueRef[]> {
  if (!QUEUE_NAME.test(name)) {
    return [];
  }
  const sorted = [...new Set(prefixes)].sort();
  const pipeline = redis.pipeline();
  for (const prefix of sorted) {
    pipeline.exists(`${prefix}:${name}:meta`, `${prefix}:${name}:id`);
  }
  const results = (await pipeline.exec()) ?? [];
  return sorted
    .filter((_, i) => {
      const entry = results[i];
      return entry !== undefined && !entry[0] && Number(entry[1]) > 0;
    })
    .map((prefix) => ({ prefix, name }));
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
