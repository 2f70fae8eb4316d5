// Jobs of one BullMQ queue (5.x and 6.x layouts): a page of one state, and one job's detail.
// A page never loads a whole state: one range read (LRANGE/ZRANGE start..start+count-1, total from LLEN/ZCARD),
// then ONE pipeline of HMGET + HSTRLEN for the listed jobs. Payloads are never read for a list (only their byte
// length); a detail reads the payload only when it is at most 256 KiB, else a 4 KiB preview (cut in Redis).
import type { JobDetail, JobListResponse, JobSummary, LedgerRow, JobState } from '@penguinmails/sysmon-contract';
import type { Redis } from '../../redis.ts';
import { whileConnected } from './connection.ts';
import { isJobId, queueKeys, type QueueRef } from './keys.ts';
import { delayedDueMs } from './scores.ts';

export const MAX_PAGE_COUNT = 100;
export const DATA_LIMIT_BYTES = 256 * 1024;
export const DATA_PREVIEW_BYTES = 4 * 1024;
export const FAILED_REASON_CHARS = 300;
export const LOG_LINES = 100;
/** Waiting lists longer than this are not scanned to the end to find a job's state (LPOS … MAXLEN). */
export const STATE_SCAN_LIMIT = 100_000;
interface RangeEntry {
  id: string;
  /** zset score (delayed: see scores.ts). */
  score?: number;
}

const isMarker = (id: string) => id.startsWith('0:'); // BullMQ 4 "0:<ts>" wait-list marker

/** Tail-first (next to run first) positions from..to of a list → LRANGE arguments. */
const tailRange = (from: number, to: number): [number, number] => [-(to + 1), -(from + 1)];

async function rangeWaiting(redis: Redis, ref: QueueRef, start: number, end: number) {
  // Next to run first: workers take from the tail. A v5 `paused` list (or its leftover under v6, which v6's
  // resume moves to the tail of `wait`) runs before `wait`, so it comes first.
  const { paused: pausedKey, wait: waitKey } = queueKeys(ref);
  const first = await redis
    .multi()
    .llen(pausedKey)
    .llen(waitKey)
    .lrange(pausedKey, ...tailRange(start, end))
    .lrange(waitKey, ...tailRange(start, end))
    .exec();
  const [pausedLen, waitLen, pausedIds, waitIds] = replies(first, 4) as [number, number, string[], string[]];
  const total = pausedLen + waitLen;
  if (pausedLen === 0) {
    return { total, ids: [...waitIds].reverse() };
  }
  const fromPaused = [...pausedIds].reverse();
  const waitFrom = Math.max(0, start - pausedLen);
  const waitTo = end - pausedLen;
  if (waitLen === 0 || waitTo < 0) {
    return { total, ids: fromPaused };
  }
  // Both lists hold jobs (rare: v5 paused while a v6 producer kept adding to wait): read wait at its own offset.
  const rest = await redis.lrange(waitKey, ...tailRange(waitFrom, waitTo));
  return { total, ids: [...fromPaused, ...rest.reverse()] };
}

/** Values of a MULTI/pipeline reply; throws the first command error. */
function replies(results: Array<[Error | null, unknown]> | null, expected: number): unknown[] {
  if (!results || results.length < expected) {
    throw new Error('redis transaction was aborted');
  }
  return results.map(([error, value]) => {
    if (error) {
      throw error;
    }
    return value;
  });
}

async function rangeList(redis: Redis, key: string, start: number, end: number) {
  const [total, ids] = replies(await redis.multi().llen(key).lrange(key, start, end).exec(), 2);
  return { total: Number(total), ids: ids as string[] };
}

async function rangeZset(redis: Redis, key: string, start: number, end: number, newestFirst: boolean) {
  const multi = redis.multi().zcard(key);
  if (newestFirst) {
    multi.zrevrange(key, start, end, 'WITHSCORES');
  } else {
    multi.zrange(key, start, end, 'WITHSCORES');
  }
  const [total, flat] = replies(await multi.exec(), 2);
  const entries: RangeEntry[] = [];
  const values = flat as string[];
  for (let index = 0; index + 1 < values.length; index += 2) {
    entries.push({ id: values[index]!, score: Number(values[index + 1]) });
  }
  return { total: Number(total), entries };
}

/** Ids of one state, positions start..end in the order the browser shows them, and the state's size. */
export async function rangeState(
  redis: Redis,
  ref: QueueRef,
  state: JobState,
  start: number,
  end: number
): Promise<{ total: number; entries: RangeEntry[] }> {
  switch (state) {
    case 'waiting': {
      const { total, ids } = await rangeWaiting(redis, ref, start, end);
      return { total, entries: ids.filter((id) => !isMarker(id)).map((id) => ({ id })) };
    }
    case 'active': {
      // Workers LPUSH onto active (RPOPLPUSH/LMOVE): most recently started first.
      const { total, ids } = await rangeList(redis, queueKeys(ref).active, start, end);
      return { total, entries: ids.map((id) => ({ id })) };
    }
    // Lowest score first: next to run (prioritized), soonest due (delayed), waiting longest (children).
    case 'prioritized':
      return rangeZset(redis, queueKeys(ref).prioritized, start, end, false);
    case 'delayed':
      return rangeZset(redis, queueKeys(ref).delayed, start, end, false);
    case 'waiting-children':
      return rangeZset(redis, queueKeys(ref).waitingChildren, start, end, false);
    // Score = finishedOn: newest first.
    case 'failed':
      return rangeZset(redis, queueKeys(ref).failed, start, end, true);
    case 'completed':
      return rangeZset(redis, queueKeys(ref).completed, start, end, true);
  }
}

const SUMMARY_FIELDS = [
  'name',
  'timestamp',
  'processedOn',
  'finishedOn',
  'priority',
  'atm',
  'attemptsMade',
  'failedReason',
] as const;

const toInt = (value: string | null | undefined): number | null => {
  if (value === null || value === undefined || value === '') {
    return null;
  }
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
};

function truncateReason(reason: string | null | undefined): string | null {
  if (!reason) {
    return null;
  }
  return reason.length > FAILED_REASON_CHARS ? `${reason.slice(0, FAILED_REASON_CHARS - 1)}…` : reason;
}

function delayUntil(state: JobState | 'unknown', score: number | undefined): number | null {
  return state === 'delayed' && score !== undefined ? delayedDueMs(score) : null;
}

function summaryFrom(
  id: string,
  state: JobState,
  fields: Array<string | null>,
  dataBytes: number,
  score: number | undefined
): JobSummary {
  const [name, timestamp, processedOn, finishedOn, priority, atm, attemptsMade, failedReason] = fields;
  return {
    id,
    name: name ?? '',
    state,
    priority: toInt(priority) ?? 0,
    attemptsMade: toInt(atm) ?? toInt(attemptsMade) ?? 0,
    timestamp: toInt(timestamp) ?? 0,
    processedOn: toInt(processedOn),
    finishedOn: toInt(finishedOn),
    delayUntil: delayUntil(state, score),
    failedReason: truncateReason(failedReason),
    requestId: null,
    dataBytes,
  };
}

export interface ListJobsOptions {
  /** request_id per job id (e.g. from the ledger); looked up while Redis reads the job hashes. */
  requestIds?: (ids: string[]) => Promise<Map<string, string>>;
  /** Page size cap (default MAX_PAGE_COUNT, what the REST API allows; the jobs query allows more). */
  maxCount?: number;
}

/** One page of a state; `count` is capped (maxCount). Jobs removed between the two reads are skipped. */
export function listJobs(
  redis: Redis,
  ref: QueueRef,
  state: JobState,
  start: number,
  count: number,
  options: ListJobsOptions = {}
): Promise<JobListResponse> {
  return whileConnected(redis, () => readJobPage(redis, ref, state, start, count, options));
}

async function readJobPage(
  redis: Redis,
  ref: QueueRef,
  state: JobState,
  start: number,
  count: number,
  options: ListJobsOptions
): Promise<JobListResponse> {
  const size = Math.min(Math.max(1, count), options.maxCount ?? MAX_PAGE_COUNT);
  const { total, entries } = await rangeState(redis, ref, state, start, start + size - 1);
  const ids = entries.map((entry) => entry.id);
  const keys = queueKeys(ref);
  const pipeline = redis.pipeline();
  for (const id of ids) {
    pipeline.hmget(keys.job(id), ...SUMMARY_FIELDS);
    pipeline.hstrlen(keys.job(id), 'data');
  }
  const [results, requestIds] = await Promise.all([
    ids.length > 0 ? pipeline.exec() : Promise.resolve([]),
    ids.length > 0 && options.requestIds
      ? options.requestIds(ids).catch(() => new Map<string, string>())
      : new Map<string, string>(),
  ]);
  const jobs: JobSummary[] = [];
  entries.forEach((entry, index) => {
    const [fieldsError, fields] = results?.[index * 2] ?? [new Error('no reply')];
    const [, dataBytes] = results?.[index * 2 + 1] ?? [null, 0];
    const values = fields as Array<string | null> | undefined;
    // A hash without name and timestamp is gone (removed since the range read) or not a job.
    if (fieldsError || !values || (values[0] === null && values[1] === null)) {
      return;
    }
    const summary = summaryFrom(entry.id, state, values, Number(dataBytes ?? 0), entry.score);
    summary.requestId = requestIds.get(entry.id) ?? null;
    jobs.push(summary);
  });
  return { queue: ref.name, state, start, count: size, total, jobs };
}

// Which structure holds the id: zsets first (O(log N)), then `active` (short), then the waiting lists from the
// tail (next to run) with a scan limit, so a job deep in a 7M-entry list never costs a full scan. Read-only.
const STATE_LUA = `
local id = ARGV[1]
local zsets = { "completed", "failed", "delayed", "prioritized", "waiting-children" }
for i = 1, 5 do
  local score = redis.call("ZSCORE", KEYS[i], id)
  if score then return { zsets[i], score } end
end
if redis.call("LPOS", KEYS[6], id) then return { "active", false } end
local maxScan = tonumber(ARGV[2])
local unscanned = false
for i = 7, 8 do
  if redis.call("LPOS", KEYS[i], id, "RANK", -1, "MAXLEN", maxScan) then return { "waiting", false } end
  if redis.call("LLEN", KEYS[i]) > maxScan then unscanned = true end
end
if unscanned then return { "waiting", false } end
return { "unknown", false }
`;
/** KEYS[1..8] of STATE_LUA. */
const stateKeys = (ref: QueueRef): string[] => {
  const keys = queueKeys(ref);
  return [
    keys.completed,
    keys.failed,
    keys.delayed,
    keys.prioritized,
    keys.waitingChildren,
    keys.active,
    keys.wait,
    keys.paused,
  ];
};
const STATE_KEY_COUNT = 8;
const STATE_COMMAND = 'sysmonJobState';

// Cuts a large hash field in Redis so only the preview crosses the network.
const FIELD_PREVIEW_LUA = `
local value = redis.call("HGET", KEYS[1], ARGV[1])
if not value then return false end
return string.sub(value, 1, tonumber(ARGV[2]))
`;
const PREVIEW_COMMAND = 'sysmonFieldPreview';

type ScriptedRedis = Redis & {
  [STATE_COMMAND](...args: string[]): Promise<[string, string | null]>;
  [PREVIEW_COMMAND](key: string, field: string, bytes: string): Promise<string | null>;
};

function scripted(redis: Redis): ScriptedRedis {
  if (!(STATE_COMMAND in redis)) {
    redis.defineCommand(STATE_COMMAND, { numberOfKeys: STATE_KEY_COUNT, lua: STATE_LUA });
    redis.defineCommand(PREVIEW_COMMAND, { numberOfKeys: 1, lua: FIELD_PREVIEW_LUA });
  }
  return redis as ScriptedRedis;
}

const DETAIL_FIELDS = [...SUMMARY_FIELDS, 'opts', 'stacktrace', 'delay', 'returnvalue'] as const;

function parseJson(text: string | null | undefined): unknown {
  if (text === null || text === undefined) {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function requestIdFromData(data: unknown): string | null {
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    const record = data as Record<string, unknown>;
    for (const key of ['requestId', 'request_id']) {
      const value = record[key];
      if (typeof value === 'string' && value !== '') {
        return value;
      }
    }
  }
  return null;
}

export interface JobDetailOptions {
  ledgerRow?: (id: string) => Promise<LedgerRow | null>;
}

/** One job: fields, opts, stack trace, the last 100 log lines, state and its ledger row; null when absent. */
export function getJobDetail(
  redis: Redis,
  ref: QueueRef,
  id: string,
  options: JobDetailOptions = {}
): Promise<JobDetail | null> {
  return whileConnected(redis, () => readJobDetail(redis, ref, id, options));
}

async function readJobDetail(
  redis: Redis,
  ref: QueueRef,
  id: string,
  options: JobDetailOptions
): Promise<JobDetail | null> {
  if (!isJobId(id)) {
    return null;
  }
  const client = scripted(redis);
  const keys = queueKeys(ref);
  const key = keys.job(id);
  // Large return values get the same guard as data: read the size with the other fields, the value after.
  const fields = DETAIL_FIELDS.filter((field) => field !== 'returnvalue');
  const pipeline = client.pipeline();
  pipeline.hmget(key, ...fields);
  pipeline.hstrlen(key, 'data');
  pipeline.hstrlen(key, 'returnvalue');
  pipeline.lrange(keys.jobLogs(id), -LOG_LINES, -1);
  (pipeline as unknown as Record<string, (...args: string[]) => unknown>)[STATE_COMMAND]!(
    ...stateKeys(ref),
    id,
    String(STATE_SCAN_LIMIT)
  );
  const ledgerPromise = options.ledgerRow ? options.ledgerRow(id) : Promise.resolve(null);
  ledgerPromise.catch(() => undefined); // awaited below; avoid an unhandled rejection if Redis fails first
  const results = (await pipeline.exec()) ?? [];
  const [fieldsError, rawValues] = results[0] ?? [new Error('no reply')];
  if (fieldsError) {
    if (/WRONGTYPE/.test(fieldsError.message)) {
      return null;
    }
    throw fieldsError;
  }
  const values = rawValues as Array<string | null>;
  const byName = new Map(fields.map((field, index) => [field, values[index] ?? null]));
  if (byName.get('name') === null && byName.get('timestamp') === null) {
    return null;
  }
  const settled = (index: number) => {
    const [error, value] = results[index] ?? [new Error('no reply')];
    if (error) {
      throw error;
    }
    return value;
  };
  const dataBytes = Number(settled(1));
  const returnBytes = Number(settled(2));
  const logs = settled(3) as string[];
  const [stateName, score] = settled(4) as [string, string | null];
  const state = stateName as JobState | 'unknown';

  const second = client.pipeline();
  if (dataBytes <= DATA_LIMIT_BYTES) {
    second.hget(key, 'data');
  } else {
    (second as unknown as Record<string, (...args: string[]) => unknown>)[PREVIEW_COMMAND]!(
      key,
      'data',
      String(DATA_PREVIEW_BYTES)
    );
  }
  if (returnBytes <= DATA_LIMIT_BYTES) {
    second.hget(key, 'returnvalue');
  } else {
    (second as unknown as Record<string, (...args: string[]) => unknown>)[PREVIEW_COMMAND]!(
      key,
      'returnvalue',
      String(DATA_PREVIEW_BYTES)
    );
  }
  const [dataText, returnText] = replies(await second.exec(), 2) as Array<string | null>;
  const dataTruncated = dataBytes > DATA_LIMIT_BYTES;
  const data = dataTruncated ? null : parseJson(dataText);
  const ledger = await ledgerPromise.catch(() => null);

  const summary = summaryFrom(
    id,
    state === 'unknown' ? 'waiting' : state,
    SUMMARY_FIELDS.map((field) => byName.get(field) ?? null),
    dataBytes,
    score === null ? undefined : Number(score)
  );
  const stacktrace = parseJson(byName.get('stacktrace'));
  const opts = parseJson(byName.get('opts'));
  return {
    ...summary,
    state,
    queue: ref.name,
    requestId: requestIdFromData(data) ?? ledger?.requestId ?? null,
    data,
    ...(dataTruncated ? { dataTruncated: true, dataPreview: dataText ?? '' } : {}),
    opts: opts && typeof opts === 'object' && !Array.isArray(opts) ? (opts as Record<string, unknown>) : {},
    stacktrace: Array.isArray(stacktrace) ? stacktrace.map(String) : [],
    logs,
    returnValue: returnBytes > DATA_LIMIT_BYTES ? (returnText ?? '') : parseJson(returnText),
    ledger,
  };
}
