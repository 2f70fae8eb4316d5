// Queue history from <schema>.queue_samples: one snapshot field over [from, to], per queue or per tier, in
// time buckets aligned to multiples of the bucket size (since the epoch), at most maxPoints per series.
// Per queue: the average of its samples in the bucket. Per tier: those per-queue averages summed over the tier's
// queues (a tier's depth is the sum of its queues' depths), except oldest_wait_ms, where the tier's value is the
// worst (max) of its queues.
import type pg from 'pg';
import { QUEUE_METRIC_FIELDS, TIERS, type QueueMetricField, type Tier } from '../../../src/api/queryModel.ts';
import type { QueueHistoryResponse } from '../../../src/api/queueApi.ts';
import { quoteIdent } from '../db/sql.ts';
import { HttpError } from '../http/errors.ts';
import { SAMPLES_TABLE } from './samplesRetention.ts';

export const DEFAULT_MAX_POINTS = 300;
export const MAX_POINTS_LIMIT = 10_000;
export const MIN_BUCKET_MS = 1_000;
export const DEFAULT_RANGE_MS = 60 * 60 * 1000;

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

export async function queryQueueHistory(
  pool: Pick<pg.Pool, 'query'>,
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

const QUERY_PARAMETERS = ['field', 'from', 'to', 'groupBy', 'queue', 'tier', 'maxPoints'] as const;

function invalid(parameter: string, message: string): HttpError {
  return new HttpError(400, 'invalid_parameter', `invalid parameter "${parameter}": ${message}`, [{ parameter }]);
}

/**
 * Validates GET /api/queues/history query parameters. Defaults: field=depth, to=now, from=to-1h, groupBy=queue,
 * maxPoints=300. Throws a 400 HttpError naming the parameter.
 */
export function parseHistoryParams(query: Record<string, unknown>, now: number = Date.now()): HistoryRequest {
  const single = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined) {
      return undefined;
    }
    if (typeof value !== 'string') {
      throw invalid(name, 'expected a single value');
    }
    return value.trim() === '' ? undefined : value.trim();
  };
  for (const name of Object.keys(query)) {
    if (!(QUERY_PARAMETERS as readonly string[]).includes(name)) {
      throw invalid(name, `unknown parameter; expected ${QUERY_PARAMETERS.join(', ')}`);
    }
  }
  const time = (name: string): Date | undefined => {
    const text = single(name);
    if (text === undefined) {
      return undefined;
    }
    // ISO 8601 or epoch milliseconds (what Grafana's range gives).
    const ms = /^\d{1,15}$/.test(text)
      ? Number(text)
      : /^\d{4}-\d{2}-\d{2}T/.test(text)
        ? Date.parse(text)
        : Number.NaN;
    if (Number.isNaN(ms)) {
      throw invalid(name, 'expected an ISO 8601 time (e.g. 2026-01-31T12:00:00Z) or epoch milliseconds');
    }
    return new Date(ms);
  };

  const field = single('field') ?? 'depth';
  if (!FIELD_NAMES.includes(field)) {
    throw invalid('field', `expected one of ${FIELD_NAMES.join(', ')}`);
  }
  const to = time('to') ?? new Date(now);
  const from = time('from') ?? new Date(to.getTime() - DEFAULT_RANGE_MS);
  if (from.getTime() > to.getTime()) {
    throw invalid('from', 'must not be after "to"');
  }
  const groupBy = single('groupBy') ?? 'queue';
  if (groupBy !== 'queue' && groupBy !== 'tier') {
    throw invalid('groupBy', 'expected queue or tier');
  }
  const tier = single('tier');
  if (tier !== undefined && !(TIERS as readonly string[]).includes(tier)) {
    throw invalid('tier', `expected one of ${TIERS.join(', ')}`);
  }
  const queue = single('queue');
  if (queue !== undefined && (queue.length > 500 || queue.includes(':'))) {
    throw invalid('queue', 'expected a BullMQ queue name (no ":", at most 500 characters)');
  }
  const maxPointsText = single('maxPoints');
  const maxPoints = maxPointsText === undefined ? DEFAULT_MAX_POINTS : Number(maxPointsText);
  if (!Number.isInteger(maxPoints) || maxPoints < 2 || maxPoints > MAX_POINTS_LIMIT) {
    throw invalid('maxPoints', `expected an integer from 2 to ${MAX_POINTS_LIMIT}`);
  }
  return {
    field: field as QueueMetricField,
    from,
    to,
    groupBy,
    maxPoints,
    ...(queue !== undefined ? { queue } : {}),
    ...(tier !== undefined ? { tier: tier as Tier } : {}),
  };
}
