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

/** Ids of delayed jobs at positions start..end, soonest due first. */
export function delayedIds(redis: Redis, ref: QueueRef, start: number, end: number): Promise<string[]> {
  return whileConnected(redis, () => redis.zrange(queueKeys(ref).delayed, start, end));
}

// Retries up to ARGV[2] failed jobs that finished at or before ARGV[3], oldest first, as BullMQ 6's own retry of one
// job does: out of `failed`, finishedOn/processedOn/failedReason cleared, back into `prioritized` with a fresh
// priority score (priority · 2^32 + the queue's priority counter) when the job has a priority, else pushed to
// `wait` (RPUSH for a LIFO job, LPUSH otherwise); a `waiting` event each and the marker that wakes workers.
// Jobs of a flow (with a parent) are left for BullMQ's own job.retry, which also restores the parent's
// dependencies. Returns {moved, examined, ids of flow jobs}.
export const RETRY_FAILED_LUA = `
local failedKey, waitKey, prioritizedKey, counterKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local metaKey, activeKey, markerKey, eventsKey = KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local jobPrefix, count, untilScore = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local rcall = redis.call
local ids = rcall("ZRANGEBYSCORE", failedKey, "-inf", untilScore, "LIMIT", 0, count)
local meta = rcall("HMGET", metaKey, "paused", "concurrency", "opts.maxLenEvents")
local held = meta[1] and true or false
if not held and meta[2] then held = rcall("LLEN", activeKey) >= tonumber(meta[2]) end
local maxEvents = tonumber(meta[3]) or 10000
local moved = 0
local flowJobs = {}
for _, id in ipairs(ids) do
  local jobKey = jobPrefix .. id
  local fields = rcall("HMGET", jobKey, "priority", "opts", "parentKey")
  if fields[3] then
    flowJobs[#flowJobs + 1] = id
  elseif rcall("ZREM", failedKey, id) == 1 and rcall("EXISTS", jobKey) == 1 then
    rcall("HDEL", jobKey, "finishedOn", "processedOn", "failedReason")
    local priority = tonumber(fields[1]) or 0
    if priority > 0 then
      local counter = rcall("INCR", counterKey)
      rcall("ZADD", prioritizedKey, priority * 4294967296 + counter % 4294967296, id)
    else
      local lifo = false
      if fields[2] then
        local ok, opts = pcall(cjson.decode, fields[2])
        lifo = ok and type(opts) == "table" and opts.lifo == true
      end
      rcall(lifo and "RPUSH" or "LPUSH", waitKey, id)
    end
    rcall("XADD", eventsKey, "MAXLEN", "~", maxEvents, "*", "event", "waiting", "jobId", id, "prev", "failed")
    moved = moved + 1
  end
end
if moved > 0 and not held then rcall("ZADD", markerKey, 0, "0") end
return { moved, #ids, flowJobs }
`;
const RETRY_COMMAND = 'sysmonRetryFailed';

export interface RetryBatch {
  /** Jobs this call moved out of `failed`. */
  moved: number;
  /** Failed jobs it looked at (fewer than asked: none eligible are left). */
  examined: number;
  /** Jobs of a flow, left for BullMQ's job.retry. */
  flowJobs: string[];
}

/** One batch of the bulk retry (RETRY_FAILED_LUA): atomic, so concurrent calls each report only their own moves. */
export function retryFailedBatch(redis: Redis, ref: QueueRef, count: number, until: number): Promise<RetryBatch> {
  if (!(RETRY_COMMAND in redis)) {
    redis.defineCommand(RETRY_COMMAND, { numberOfKeys: 8, lua: RETRY_FAILED_LUA });
  }
  const keys = queueKeys(ref);
  return whileConnected(redis, async () => {
    const scripted = redis as unknown as Record<string, (...args: string[]) => Promise<[number, number, string[]]>>;
    const [moved, examined, flowJobs] = await scripted[RETRY_COMMAND]!(
      keys.failed,
      keys.wait,
      keys.prioritized,
      keys.priorityCounter,
      keys.meta,
      keys.active,
      keys.marker,
      keys.events,
      keys.base,
      String(count),
      String(until)
    );
    return { moved: Number(moved), examined: Number(examined), flowJobs };
  });
}
