// Live state of many BullMQ queues in ONE pipelined round trip: one small read-only Lua call per queue.
// Reads BullMQ 5.x and 6.x layouts alike (see docs/bullmq-internals.md):
// - waiting = LLEN wait + LLEN paused: v5 renames `wait` to `paused` while paused, v6 keeps jobs in `wait`,
//   and a leftover v5 `paused` list under v6 is still waiting work. (BullMQ's own getCounts script is not used:
//   it can write, and v6's does not count the leftover `paused` list.)
// - paused = meta.paused set (both versions' isPaused) OR a `paused` list exists (v5 layout).
// - prioritized zset score = priority·2^32 + counter, so per-priority depth is a ZCOUNT per 2^32-wide band.
import type { Redis } from 'ioredis';
import { execPipeline, whileConnected } from './connection.ts';
import { queueKeys, type QueueRef } from './keys.ts';
import { dueMaxScore, PRIORITY_BAND } from './scores.ts';

export interface PriorityDepth {
  /** BullMQ job priority; 0 = no priority (wait/paused lists), 1 = highest. */
  priority: number;
  count: number;
  /** Age of the oldest job at this priority (ms); null when unknown (e.g. job hash missing). */
  oldestAgeMs: number | null;
}

export interface QueueSnapshot {
  prefix: string;
  queue: string;
  /** The `now` the snapshot was read with (ms). */
  at: number;
  /** Why this queue could not be read (its other fields are then zeros/nulls); null when read. */
  error: string | null;
  /** meta or id key exists; false for an obliterated or never-used queue. */
  exists: boolean;
  /** meta.version: the BullMQ that last constructed a Queue for it (usually the producer), e.g. "bullmq:6.7.0". */
  version: string | null;
  paused: boolean;
  /** Ids waiting in the wait list plus the v5 paused list (priority 0). */
  waiting: number;
  /** Of `waiting`, how many sit in a v5 `paused` list. */
  pausedList: number;
  active: number;
  delayed: number;
  /** Delayed jobs already due at `at` but not yet promoted (no worker fetched since): effectively waiting. */
  delayedDue: number;
  prioritized: number;
  waitingChildren: number;
  failed: number;
  completed: number;
  /**
   * Jobs ready to run and not started: waiting + prioritized + delayedDue. Delayed jobs not yet due and parents
   * waiting for children are excluded: they are not backlog that workers could be draining now.
   */
  depth: number;
  /** Age (ms) of the oldest job in wait, paused and prioritized; null when none. See readyAt in the script. */
  oldestWaitingAgeMs: number | null;
  /** Depth per job priority, ascending; priority 0 first when non-empty. At most `maxPriorities` prioritized bands. */
  priorities: PriorityDepth[];
  /** True when more than `maxPriorities` distinct priorities exist; their jobs are in `prioritized` but not in `priorities`. */
  prioritiesTruncated: boolean;
  /** Monotonic counters: finishes recorded by workers with metrics enabled, and the `id` counter (adds). */
  counters: { completed: number | null; failed: number | null; added: number | null };
  /** Global concurrency (meta.concurrency) when set. */
  globalConcurrency: number | null;
}

export const DEFAULT_MAX_PRIORITIES = 32;

// readyAt(job) = timestamp + opts.delay: when the job could first run, by the job's own timestamp. Promotion
// zeroes the hash `delay` field, so the original delay comes from opts. Retried jobs keep their creation timestamp.
// Where the longest-waiting job sits: workers take from the tail of `wait` (and of a BullMQ 5 `paused` list), FIFO
// adds go to the head, so the oldest FIFO job is at the tail, unless LIFO adds (pushed to the tail) are in front
// of it; retried jobs go back to the head with their old timestamp. Within a priority band the order is the add
// (or retry) order, so the oldest is at one end or the other too. Oldest waiting = min readyAt over the
// LIST_ENDS jobs at each end of each list and the BAND_ENDS jobs at each end of each priority band: exact unless
// more than LIST_ENDS LIFO jobs (or retried jobs) sit in front of the oldest one. Work is bounded: ≤ 4 list
// reads, ≤ 4 ZRANGEBYSCORE + 1 ZCOUNT per band for at most maxPriorities bands (O(log N) each), and
// ≤ 4·LIST_ENDS + 2·BAND_ENDS·maxPriorities job hash reads.
// Job hashes are not declared keys: fine on standalone Redis (and on Cluster with a braced prefix).
const LIST_ENDS = 8;
const BAND_ENDS = 2;
const SNAPSHOT_LUA_BODY = `
local rcall = redis.call
local jobPrefix = ARGV[1]
local dueMaxScore = ARGV[2]
local maxBands = tonumber(ARGV[3])
local BAND = ${PRIORITY_BAND}

local function readyAt(jobId)
  if not jobId then return nil end
  local fields = rcall("HMGET", jobPrefix .. jobId, "timestamp", "opts")
  local ts = tonumber(fields[1])
  if not ts then return nil end
  if fields[2] then
    local ok, opts = pcall(cjson.decode, fields[2])
    if ok and type(opts) == "table" and tonumber(opts.delay) then ts = ts + tonumber(opts.delay) end
  end
  return ts
end

local function minReady(ids, oldest)
  for _, id in ipairs(ids) do
    -- skip a BullMQ 4 "0:<ts>" marker
    if string.sub(id, 1, 2) ~= "0:" then
      local t = readyAt(id)
      if t and (not oldest or t < oldest) then oldest = t end
    end
  end
  return oldest
end

-- oldest readyAt at both ends of a list (all of it when short)
local function listOldest(listKey, length, oldest)
  if length <= 2 * ${LIST_ENDS} then return minReady(rcall("LRANGE", listKey, 0, -1), oldest) end
  oldest = minReady(rcall("LRANGE", listKey, 0, ${LIST_ENDS} - 1), oldest)
  return minReady(rcall("LRANGE", listKey, -${LIST_ENDS}, -1), oldest)
end

local meta = rcall("HMGET", KEYS[1], "paused", "version", "concurrency")
local waitLen = rcall("LLEN", KEYS[2])
local pausedLen = rcall("LLEN", KEYS[3])
-- oldest readyAt of the wait/paused lists (priority 0)
local oldest = listOldest(KEYS[2], waitLen, false)
oldest = listOldest(KEYS[3], pausedLen, oldest)
local prioritizedLen = rcall("ZCARD", KEYS[5])

local bands = {}
local truncated = 0
local from = "-inf"
local found = 0
while prioritizedLen > 0 do
  local first = rcall("ZRANGEBYSCORE", KEYS[5], from, "+inf", "WITHSCORES", "LIMIT", 0, 1)
  if #first == 0 then break end
  if found >= maxBands then truncated = 1 break end
  found = found + 1
  local priority = math.floor(tonumber(first[2]) / BAND)
  local lower = string.format("%.0f", priority * BAND)
  local upper = string.format("%.0f", (priority + 1) * BAND)
  local count = rcall("ZCOUNT", KEYS[5], lower, "(" .. upper)
  local t = minReady(rcall("ZRANGEBYSCORE", KEYS[5], lower, "(" .. upper, "LIMIT", 0, ${BAND_ENDS}), false)
  t = minReady(rcall("ZREVRANGEBYSCORE", KEYS[5], "(" .. upper, lower, "LIMIT", 0, ${BAND_ENDS}), t)
  bands[#bands + 1] = priority
  bands[#bands + 1] = count
  bands[#bands + 1] = t or false
  from = upper
end

local result = {
  meta[1] and 1 or 0, meta[2] or false, meta[3] or false,
  rcall("EXISTS", KEYS[1], KEYS[10]),
  waitLen, pausedLen, rcall("LLEN", KEYS[4]), prioritizedLen,
  rcall("ZCARD", KEYS[6]), rcall("ZCOUNT", KEYS[6], "-inf", dueMaxScore),
  rcall("ZCARD", KEYS[7]), rcall("ZCARD", KEYS[8]), rcall("ZCARD", KEYS[9]),
  rcall("GET", KEYS[10]) or false,
  rcall("HGET", KEYS[11], "count") or false,
  rcall("HGET", KEYS[12], "count") or false,
  oldest, truncated
}
for i = 1, #bands do result[#result + 1] = bands[i] end
return result
`;

// Redis 7 enforces `no-writes` (and allows the script on replicas and under OOM); older servers reject shebangs.
const SNAPSHOT_LUA_NO_WRITES = `#!lua flags=no-writes\n${SNAPSHOT_LUA_BODY}`;
const COMMAND_NO_WRITES = 'sysmonQueueSnapshotRo';
const COMMAND_PLAIN = 'sysmonQueueSnapshot';
/** KEYS[1..12] of the script. */
const scriptKeys = (ref: QueueRef): string[] => {
  const keys = queueKeys(ref);
  return [
    keys.meta,
    keys.wait,
    keys.paused,
    keys.active,
    keys.prioritized,
    keys.delayed,
    keys.waitingChildren,
    keys.failed,
    keys.completed,
    keys.id,
    keys.metricsCompleted,
    keys.metricsFailed,
  ];
};
const SCRIPT_KEY_COUNT = 12;

const shebangSupport = new WeakMap<Redis, Promise<boolean>>();

/** Whether the server takes `#!lua flags=…` (Redis ≥ 7); asked once per client with INFO server. */
function supportsScriptFlags(redis: Redis): Promise<boolean> {
  let known = shebangSupport.get(redis);
  if (!known) {
    known = redis.info('server').then((info) => Number(/redis_version:(\d+)/.exec(info)?.[1] ?? 0) >= 7);
    known.catch(() => shebangSupport.delete(redis));
    shebangSupport.set(redis, known);
  }
  return known;
}

function defineSnapshotCommands(redis: Redis): void {
  if (COMMAND_PLAIN in redis) {
    return;
  }
  redis.defineCommand(COMMAND_PLAIN, { numberOfKeys: SCRIPT_KEY_COUNT, lua: SNAPSHOT_LUA_BODY });
  redis.defineCommand(COMMAND_NO_WRITES, { numberOfKeys: SCRIPT_KEY_COUNT, lua: SNAPSHOT_LUA_NO_WRITES });
}

type Reply = Array<string | number | null>;

const toNumber = (value: string | number | null | undefined): number | null =>
  value === null || value === undefined ? null : Number(value);

// Positions in the script's reply; from BANDS on: [priority, count, readyAt|null] per prioritized band.
const AT = {
  pausedFlag: 0,
  version: 1,
  concurrency: 2,
  exists: 3,
  wait: 4,
  paused: 5,
  active: 6,
  prioritized: 7,
  delayed: 8,
  delayedDue: 9,
  waitingChildren: 10,
  failed: 11,
  completed: 12,
  id: 13,
  metricsCompleted: 14,
  metricsFailed: 15,
  listsReadyAt: 16,
  truncated: 17,
  bands: 18,
} as const;

export function parseSnapshotReply(ref: QueueRef, at: number, reply: Reply): QueueSnapshot {
  const n = (index: number) => Number(reply[index] ?? 0);
  const age = (readyAt: number | null) => (readyAt === null ? null : Math.max(0, at - readyAt));
  const waiting = n(AT.wait) + n(AT.paused);
  const listsReadyAt = toNumber(reply[AT.listsReadyAt]);

  const bands: PriorityDepth[] = [];
  let oldestReadyAt = listsReadyAt;
  for (let index = AT.bands; index + 2 < reply.length; index += 3) {
    const readyAt = toNumber(reply[index + 2]);
    if (readyAt !== null && (oldestReadyAt === null || readyAt < oldestReadyAt)) {
      oldestReadyAt = readyAt;
    }
    bands.push({ priority: n(index), count: n(index + 1), oldestAgeMs: age(readyAt) });
  }
  const version = reply[AT.version];
  return {
    prefix: ref.prefix,
    queue: ref.name,
    at,
    error: null,
    exists: n(AT.exists) > 0,
    version: version === null || version === undefined ? null : String(version),
    paused: n(AT.pausedFlag) === 1 || n(AT.paused) > 0,
    waiting,
    pausedList: n(AT.paused),
    active: n(AT.active),
    delayed: n(AT.delayed),
    delayedDue: n(AT.delayedDue),
    prioritized: n(AT.prioritized),
    waitingChildren: n(AT.waitingChildren),
    failed: n(AT.failed),
    completed: n(AT.completed),
    depth: waiting + n(AT.prioritized) + n(AT.delayedDue),
    oldestWaitingAgeMs: age(oldestReadyAt),
    priorities: waiting > 0 ? [{ priority: 0, count: waiting, oldestAgeMs: age(listsReadyAt) }, ...bands] : bands,
    prioritiesTruncated: n(AT.truncated) === 1,
    counters: {
      completed: toNumber(reply[AT.metricsCompleted]),
      failed: toNumber(reply[AT.metricsFailed]),
      added: toNumber(reply[AT.id]),
    },
    globalConcurrency: toNumber(reply[AT.concurrency]),
  };
}

/** The entry for a queue whose read failed (e.g. WRONGTYPE on a foreign key): zeros that must not be sampled. */
export function failedSnapshot(ref: QueueRef, at: number, message: string): QueueSnapshot {
  return {
    ...parseSnapshotReply(ref, at, []),
    error: message,
    counters: { completed: null, failed: null, added: null },
  };
}

export interface SnapshotOptions {
  /** Distinct job priorities reported per queue (lowest numbers first, i.e. those processed first). */
  maxPriorities?: number;
  /** Force the script variant; by default `no-writes` on Redis ≥ 7. */
  scriptFlags?: boolean;
}

/** Snapshots of all `queues` in one pipelined round trip (after a one-time INFO per client). */
export async function readQueueSnapshots(
  redis: Redis,
  queues: readonly QueueRef[],
  now: number,
  options: SnapshotOptions = {}
): Promise<QueueSnapshot[]> {
  if (queues.length === 0) {
    return [];
  }
  defineSnapshotCommands(redis);
  const useFlags = options.scriptFlags ?? (await whileConnected(redis, () => supportsScriptFlags(redis)));
  const command = useFlags ? COMMAND_NO_WRITES : COMMAND_PLAIN;
  const dueMax = String(dueMaxScore(now));
  const maxPriorities = String(options.maxPriorities ?? DEFAULT_MAX_PRIORITIES);

  const pipeline = redis.pipeline();
  for (const ref of queues) {
    (pipeline as unknown as Record<string, (...args: string[]) => unknown>)[command]!(
      ...scriptKeys(ref),
      queueKeys(ref).base,
      dueMax,
      maxPriorities
    );
  }
  const results = await execPipeline(redis, pipeline);
  // One queue's failure (e.g. a foreign key of the wrong type under the prefix) must not hide the others;
  // a connection failure rejects exec() as a whole.
  return queues.map((ref, index) => {
    const [error, reply] = results[index] ?? [new Error('no reply')];
    return error ? failedSnapshot(ref, now, error.message) : parseSnapshotReply(ref, now, reply as Reply);
  });
}
