// BullMQ 6 Queue objects for the queues we act on, created once per prefix+name and reused. Every one is built
// with skipMetasUpdate: a plain `new Queue()` rewrites meta.version / opts.maxLenEvents, which would make every
// queue look as if our BullMQ had produced it (docs/bullmq-internals.md §1). They share the service's Redis
// connection (BullMQ does not close a connection it was given).
import { Queue, type ConnectionOptions } from 'bullmq';
import type { QueueRef } from './keys.ts';

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
