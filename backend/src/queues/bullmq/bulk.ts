// Reads that bound the bulk actions (actions.ts): where a retry of the oldest failed jobs stops, and the delayed
// jobs due soonest.
import type { Redis } from 'ioredis';
import { whileConnected } from './connection.ts';
import { queueKeys, type QueueRef } from './keys.ts';

/**
 * The finishedOn (failed-set score) of the `count`-th oldest failed job, or of the newest when there are fewer;
 * null when none failed.
 */
export function failedBoundary(redis: Redis, ref: QueueRef, count: number): Promise<number | null> {
  const failed = queueKeys(ref).failed;
  return whileConnected(redis, async () => {
    let boundary = await redis.zrange(failed, count - 1, count - 1, 'WITHSCORES');
    if (boundary.length === 0) {
      boundary = await redis.zrange(failed, -1, -1, 'WITHSCORES');
    }
    return boundary[1] === undefined ? null : Number(boundary[1]);
  });
}

/** Failed jobs that finished at or before `until`. */
export function countFailedUntil(redis: Redis, ref: QueueRef, until: number): Promise<number> {
  return whileConnected(redis, () => redis.zcount(queueKeys(ref).failed, '-inf', until));
}

/** Ids of delayed jobs at positions start..end, soonest due first. */
export function delayedIds(redis: Redis, ref: QueueRef, start: number, end: number): Promise<string[]> {
  return whileConnected(redis, () => redis.zrange(queueKeys(ref).delayed, start, end));
}
