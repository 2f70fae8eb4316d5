// Worker count per queue from ONE `CLIENT LIST` for all queues (it costs O(connected clients), so it is cached),
// recognising BullMQ Workers by the names they give their connections (keys.ts workerFromClientName).
import type { Redis } from 'ioredis';
import { cachedLoader, type CachedLoader } from '../cache.ts';
import { workerFromClientName, type QueueRef } from './keys.ts';

export const WORKERS_TTL_MS = 15_000;

export interface WorkerConnection {
  /** opts.name of the worker, if it has one. */
  name: string | null;
  addr: string;
  /** Seconds since the connection was opened. (`idle` is no liveness signal: blocked workers look idle.) */
  ageSeconds: number;
}

export interface QueueWorkers {
  prefix: string;
  queue: string;
  workers: WorkerConnection[];
}

export interface WorkerList {
  /** False when the server refused CLIENT LIST (some managed Redis services do): counts are unknown. */
  available: boolean;
  /** Keyed by `<prefix>:<queue>`. */
  byQueue: Map<string, QueueWorkers>;
}

/** Map key of a queue's workers (not a Redis key). */
const queueKey = (prefix: string, queue: string) => `${prefix}:${queue}`;

/** Parses CLIENT LIST output into the workers of each queue under the prefixes. */
export function parseClientList(text: string, prefixes: readonly string[]): Map<string, QueueWorkers> {
  const byQueue = new Map<string, QueueWorkers>();
  for (const line of text.split('\n')) {
    const fields = new Map<string, string>();
    for (const pair of line.trim().split(' ')) {
      const at = pair.indexOf('=');
      if (at > 0) {
        fields.set(pair.slice(0, at), pair.slice(at + 1));
      }
    }
    const clientName = fields.get('name');
    if (!clientName) {
      continue;
    }
    const worker = workerFromClientName(clientName, prefixes);
    if (!worker) {
      continue;
    }
    const key = queueKey(worker.prefix, worker.queue);
    let entry = byQueue.get(key);
    if (!entry) {
      byQueue.set(key, (entry = { prefix: worker.prefix, queue: worker.queue, workers: [] }));
    }
    entry.workers.push({
      name: worker.name,
      addr: fields.get('addr') ?? '',
      ageSeconds: Number(fields.get('age') ?? 0),
    });
  }
  return byQueue;
}

export async function readWorkers(redis: Redis, prefixes: readonly string[]): Promise<WorkerList> {
  let text: string;
  try {
    text = String(await redis.client('LIST'));
  } catch (error) {
    // A refused command (e.g. "ERR unknown command") means the service does not offer it; anything else is an outage.
    if (/unknown command|not allowed|NOPERM|disabled/i.test((error as Error).message)) {
      return { available: false, byQueue: new Map() };
    }
    throw error;
  }
  return { available: true, byQueue: parseClientList(text, prefixes) };
}

/** Number of workers of a queue; null when CLIENT LIST is unavailable. */
export function workerCount(list: WorkerList, ref: QueueRef): number | null {
  if (!list.available) {
    return null;
  }
  return list.byQueue.get(queueKey(ref.prefix, ref.name))?.workers.length ?? 0;
}

/**
 * Counts read this soon after the connection to Redis came back are kept only WORKERS_SETTLING_TTL_MS: the workers
 * reconnect on their own backoff, one by one, and a count of 0 read before they did must not stand for a whole TTL.
 */
export const WORKERS_SETTLE_MS = 15_000;
export const WORKERS_SETTLING_TTL_MS = 1_000;

/**
 * CLIENT LIST for all queues at most once per ttlMs (default 15 s), single-flight; every second for
 * WORKERS_SETTLE_MS after a reconnection to Redis.
 */
export function createWorkerCache(
  redis: Redis,
  prefixes: readonly string[],
  options: { ttlMs?: number; clock?: () => number } = {}
): CachedLoader<WorkerList> {
  const clock = options.clock ?? Date.now;
  const ttlMs = options.ttlMs ?? WORKERS_TTL_MS;
  let reconnecting = false;
  let reconnectedAt = Number.NEGATIVE_INFINITY;
  redis.on('reconnecting', () => (reconnecting = true));
  redis.on('ready', () => {
    if (reconnecting) {
      reconnecting = false;
      reconnectedAt = clock();
    }
  });
  const readAt = new WeakMap<WorkerList, number>();
  const load = async () => {
    const startedAt = clock();
    const list = await readWorkers(redis, prefixes);
    readAt.set(list, startedAt);
    return list;
  };
  // CLIENT LIST is O(clients): refreshed in the background so no overview waits for it.
  return cachedLoader(load, ttlMs, {
    clock,
    refreshInBackground: true,
    ttlFor: (list) => ((readAt.get(list) ?? 0) - reconnectedAt < WORKERS_SETTLE_MS ? WORKERS_SETTLING_TTL_MS : ttlMs),
  });
}
