// Queue history from <schema>.queue_samples: one snapshot field over [from, to], per queue or per tier, in
// time buckets aligned to multiples of the bucket size (since the epoch), at most maxPoints per series.
// Per queue: the average of its samples in the bucket. Per tier: those per-queue averages summed over the tier's
// queues (a tier's depth is the sum of its queues' depths), except oldest_wait_ms, where the tier's value is the
// worst (max) of its queues.
// Guards: a range may span at most sampler.retentionDays (older samples are dropped anyway), the all-queues
// range scan has a BRIN index on sampled_at (migration 007), and the query runs under
// HISTORY_STATEMENT_TIMEOUT_MS (503 `query_timeout` past it).
import type pg from 'pg';
import {
  QUEUE_METRIC_FIELDS,
  TIERS,
  type QueueMetricField,
  type Tier,
  type QueueHistoryResponse,
} from '@penguinmails/sysmon-contract';
import { isQueryCanceled, withStatementTimeout } from '../db/pool.ts';
import { quoteIdent } from '../db/sql.ts';
import { TimeoutError } from '../errors.ts';
import { SAMPLES_TABLE } from './sampler.ts';

export const DEFAULT_MAX_POINTS = 300;
export const MAX_POINTS_LIMIT = 10_000;
export const MIN_BUCKET_MS = 1_000;
export const DEFAULT_RANGE_MS = 60 * 60 * 1000;
/** statement_timeout of a history query (SET LOCAL in its own transaction); past it: 503 `query_timeout`. */
export const HISTORY_STATEMENT_TIMEOUT_MS = 5_000;

export interface HistoryRequest {
  field: QueueMetricField;
  from: Date;
  to: Date;
  groupBy: 'queue' | 'tier';
  queue?: string;
  tier?: Tier;
  maxPoints: number;
  /** Smallest bucket wanted (Grafana's intervalMs); the bucket never gets smaller than 1 s. */
  minBucketMs?: number;
}

const FIELD_NAMES = QUEUE_METRIC_FIELDS.map((field) => field.value) as readonly string[];

/**
 * Bucket size: ceil(range / maxPoints) rounded up to whole seconds (and ≥ minBucketMs). Aligned buckets can
 * straddle one more bucket than range / size, so when that would exceed maxPoints the size is taken from
 * maxPoints - 1 instead.
 */
export function bucketSizeMs(fromMs: number, toMs: number, maxPoints: number, minBucketMs = 0): number {
  const range = Math.max(0, toMs - fromMs);
  const roundUp = (ms: number) => Math.max(MIN_BUCKET_MS, minBucketMs, Math.ceil(ms / 1000) * 1000);
  const size = roundUp(Math.ceil(range / maxPoints));
  if (maxPoints > 1 && bucketCount(fromMs, toMs, size) > maxPoints) {
    return roundUp(Math.ceil(range / (maxPoints - 1)));
  }
  return size;
}

/** Number of aligned buckets that [from, to] touches. */
export function bucketCount(fromMs: number, toMs: number, sizeMs: number): number {
  return Math.floor(toMs / sizeMs) - Math.floor(fromMs / sizeMs) + 1;
}

interface BucketRow {
  name: string;
  bucket: string;
  value: number | null;
}

/** Series names: the queue name, or prefix:queue where the same name lives under several prefixes. */
function queueSeriesNames(rows: ReadonlyArray<{ prefix: string; queue: string }>): Map<string, string> {
  const prefixesByQueue = new Map<string, Set<string>>();
  for (const row of rows) {
    const set = prefixesByQueue.get(row.queue) ?? new Set<string>();
    set.add(row.prefix);
    prefixesByQueue.set(row.queue, set);
  }
  const names = new Map<string, string>();
  for (const row of rows) {
    const key = `${row.prefix}\u0000${row.queue}`;
    names.set(key, (prefixesByQueue.get(row.queue)?.size ?? 0) > 1 ? `${row.prefix}:${row.queue}` : row.queue);
  }
  return names;
}

export interface HistoryQueryOptions {
  /** statement_timeout in ms (default HISTORY_STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs?: number;
}

/** Throws TimeoutError `query_timeout` when the query runs past the statement timeout. */
export async function queryQueueHistory(
  pool: Pick<pg.Pool, 'connect'>,
  schema: string,
  request: HistoryRequest,
  options: HistoryQueryOptions = {}
): Promise<QueueHistoryResponse> {
  const timeoutMs = options.statementTimeoutMs ?? HISTORY_STATEMENT_TIMEOUT_MS;
  try {
    return await withStatementTimeout(pool, timeoutMs, (client) => runHistoryQuery(client, schema, request));
  } catch (error) {
    if (isQueryCanceled(error)) {
      throw new TimeoutError(
        'query_timeout',
        `queue history of ${request.field} from ${request.from.toISOString()} to ${request.to.toISOString()} took ` +
          `longer than ${timeoutMs / 1000} s and was stopped; ask for a shorter range, a queue or a tier`
      );
    }
    throw error;
  }
}

async function runHistoryQuery(
  pool: Pick<pg.PoolClient, 'query'>,
  schema: string,
  request: HistoryRequest
): Promise<QueueHistoryResponse> {
  if (!FIELD_NAMES.includes(request.field)) {
    // Guarded by the callers' validation too; the field becomes an identifier in the SQL below.
    throw new RangeError(`unknown queue metric field ${request.field}`);
  }
  const fromMs = request.from.getTime();
  const toMs = request.to.getTime();
  const bucketMs = bucketSizeMs(fromMs, toMs, request.maxPoints, request.minBucketMs);
  const table = `${quoteIdent(schema)}.${quoteIdent(SAMPLES_TABLE)}`;
  const column = quoteIdent(request.field);
  const params: unknown[] = [request.from, request.to, bucketMs];
  const filters = ['sampled_at >= $1', 'sampled_at <= $2'];
  if (request.queue !== undefined) {
    params.push(request.queue);
    filters.push(`queue = $${params.length}`);
  }
  if (request.tier !== undefined) {
    params.push(request.tier);
    filters.push(`tier = $${params.length}`);
  }
  // Epoch-aligned bucket start in ms, computed in numeric so it is exact.
  const bucket = `(floor(extract(epoch FROM sampled_at) * 1000 / $3::bigint) * $3::bigint)::bigint`;
  const where = filters.join(' AND ');

  let series: QueueHistoryResponse['series'];
  if (request.groupBy === 'queue') {
    const { rows } = await pool.query<BucketRow & { prefix: string; queue: string }>(
      `SELECT prefix, queue, ${bucket} AS bucket, avg(${column})::float8 AS value
         FROM ${table} WHERE ${where}
        GROUP BY prefix, queue, 3
        ORDER BY queue, prefix, 3`,
      params
    );
    const names = queueSeriesNames(rows);
    series = toSeries(rows.map((row) => ({ ...row, name: names.get(`${row.prefix}\u0000${row.queue}`)! })));
  } else {
    const combine = request.field === 'oldest_wait_ms' ? 'max' : 'sum';
    const { rows } = await pool.query<BucketRow>(
      `SELECT tier AS name, bucket, ${combine}(value)::float8 AS value
         FROM (SELECT prefix, queue, tier, ${bucket} AS bucket, avg(${column}) AS value
                 FROM ${table} WHERE ${where}
                GROUP BY prefix, queue, tier, 4) per_queue
        GROUP BY tier, bucket
        ORDER BY array_position(ARRAY[${TIERS.map((tier) => `'${tier}'`).join(', ')}]::text[], tier), bucket`,
      params
    );
    series = toSeries(rows);
  }
  return { field: request.field, series };
}

/** Rows ordered by series then bucket → one series per name, in first-seen order. */
function toSeries(rows: readonly BucketRow[]): QueueHistoryResponse['series'] {
  const byName = new Map<string, Array<[number, number | null]>>();
  for (const row of rows) {
    const points = byName.get(row.name) ?? [];
    points.push([Number(row.bucket), row.value === null ? null : Number(row.value)]);
    byName.set(row.name, points);
  }
  return [...byName].map(([name, points]) => ({ name, points }));
}
