// The Redis side of drift detection (drift.ts), bounded: windows of the newest ids per state, lock checks of
// listed active jobs, job hash existence and timestamps of listed ids.
import type { Redis } from 'ioredis';
import { execPipeline, whileConnected } from './connection.ts';
import { queueKeys, type QueueRef } from './keys.ts';

type PipelineResult = Array<[Error | null, unknown]>;

function value<T>(results: PipelineResult, index: number, fallback: T): T {
  const entry = results[index];
  return entry && !entry[0] ? (entry[1] as T) : fallback;
}

export interface DriftWindow {
  /** The newest `window` ids of each live structure, with the state it means. */
  live: Array<{ state: 'waiting' | 'prioritized' | 'delayed' | 'active'; ids: string[] }>;
  /** Some live structure holds more than the window. */
  liveWindowFull: boolean;
  /** The newest `window` completed and failed jobs that finished before `finishedBefore`. */
  terminal: Array<{ id: string; state: 'completed' | 'failed'; finishedOn: number }>;
  terminalWindowFull: boolean;
}

/** One pipeline: the windows of wait, v5 paused, prioritized, delayed, active, completed and failed, with sizes. */
export async function readDriftWindow(
  redis: Redis,
  ref: QueueRef,
  window: number,
  finishedBefore: number
): Promise<DriftWindow> {
  const keys = queueKeys(ref);
  const last = window - 1;
  const results = await execPipeline(
    redis,
    redis
      .pipeline()
      .lrange(keys.wait, 0, last)
      .lrange(keys.paused, 0, last)
      .zrevrange(keys.prioritized, 0, last)
      .zrevrange(keys.delayed, 0, last)
      .lrange(keys.active, 0, last)
      .zrevrangebyscore(keys.completed, finishedBefore, '-inf', 'WITHSCORES', 'LIMIT', 0, window)
      .zrevrangebyscore(keys.failed, finishedBefore, '-inf', 'WITHSCORES', 'LIMIT', 0, window)
      .llen(keys.wait)
      .llen(keys.paused)
      .zcard(keys.prioritized)
      .zcard(keys.delayed)
      .llen(keys.active)
      .zcount(keys.completed, '-inf', finishedBefore)
      .zcount(keys.failed, '-inf', finishedBefore)
  );

  const ids = (index: number) => value<string[]>(results, index, []);
  const liveSizes = [7, 8, 9, 10, 11].map((index) => Number(value(results, index, 0)));
  const terminal: DriftWindow['terminal'] = [];
  for (const [index, state] of [
    [5, 'completed'],
    [6, 'failed'],
  ] as const) {
    const flat = ids(index);
    for (let i = 0; i + 1 < flat.length; i += 2) {
      terminal.push({ id: flat[i]!, state, finishedOn: Number(flat[i + 1]) });
    }
  }
  return {
    live: [
      { state: 'waiting', ids: ids(0) },
      { state: 'waiting', ids: ids(1) },
      { state: 'prioritized', ids: ids(2) },
      { state: 'delayed', ids: ids(3) },
      { state: 'active', ids: ids(4) },
    ],
    liveWindowFull: liveSizes.some((size) => size > window),
    terminal,
    terminalWindowFull: [12, 13].some((index) => Number(value(results, index, 0)) > window),
  };
}

// The active jobs (newest `window`) whose lock is gone, read in one script: a job that finishes removes itself from
// `active` and its lock in one BullMQ script, so nothing can finish between the two reads and look stalled.
const UNLOCKED_ACTIVE_LUA = `
local ids = redis.call("LRANGE", KEYS[1], 0, tonumber(ARGV[2]) - 1)
local unlocked = {}
for _, id in ipairs(ids) do
  if redis.call("EXISTS", ARGV[1] .. id .. ":lock") == 0 then
    unlocked[#unlocked + 1] = id
    unlocked[#unlocked + 1] = redis.call("HGET", ARGV[1] .. id, "processedOn") or false
  end
end
return { redis.call("LLEN", KEYS[1]), unlocked }
`;
const UNLOCKED_ACTIVE_COMMAND = 'sysmonUnlockedActive';

/** Active jobs (the newest `window`) whose lock is gone, with their processedOn (ms); and how many are active. */
export function activeWithoutLock(
  redis: Redis,
  ref: QueueRef,
  window: number
): Promise<{ active: number; unlocked: Array<{ id: string; processedOn: number | null }> }> {
  if (!(UNLOCKED_ACTIVE_COMMAND in redis)) {
    redis.defineCommand(UNLOCKED_ACTIVE_COMMAND, { numberOfKeys: 1, lua: UNLOCKED_ACTIVE_LUA });
  }
  const keys = queueKeys(ref);
  return whileConnected(redis, async () => {
    const scripted = redis as unknown as Record<string, (...args: string[]) => Promise<[number, Array<string | null>]>>;
    const [active, flat] = await scripted[UNLOCKED_ACTIVE_COMMAND]!(keys.active, keys.base, String(window));
    const unlocked: Array<{ id: string; processedOn: number | null }> = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      unlocked.push({ id: flat[i]!, processedOn: Number(flat[i + 1]) || null });
    }
    return { active: Number(active), unlocked };
  });
}

/** Each job's `timestamp` (ms), or null when its hash is gone (or the read failed). */
export async function jobTimestamps(
  redis: Redis,
  ref: QueueRef,
  ids: readonly string[]
): Promise<Array<number | null>> {
  if (ids.length === 0) {
    return [];
  }
  const keys = queueKeys(ref);
  const pipeline = redis.pipeline();
  for (const id of ids) {
    pipeline.hget(keys.job(id), 'timestamp');
  }
  const results = await execPipeline(redis, pipeline);
  return ids.map((_, i) => {
    const raw = value<string | null>(results, i, null);
    return raw === null ? null : Number(raw);
  });
}

/** Which of `ids` have a job hash under one of `prefixes` (pipelined EXISTS). */
export async function liveJobIds(
  redis: Redis,
  prefixes: readonly string[],
  queue: string,
  ids: readonly string[]
): Promise<Set<string>> {
  if (ids.length === 0 || prefixes.length === 0) {
    return new Set();
  }
  const pipeline = redis.pipeline();
  for (const id of ids) {
    for (const prefix of prefixes) {
      pipeline.exists(queueKeys({ prefix, name: queue }).job(id));
    }
  }
  const results = await execPipeline(redis, pipeline);
  const live = new Set<string>();
  ids.forEach((id, i) => {
    for (let p = 0; p < prefixes.length; p += 1) {
      const entry = results[i * prefixes.length + p];
      // A failed EXISTS is treated as live: never report (or recover) a job we could not check.
      if (!entry || entry[0] || Number(entry[1]) > 0) {
        live.add(id);
      }
    }
  });
  return live;
}
