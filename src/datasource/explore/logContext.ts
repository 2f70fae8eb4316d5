// Explore's and the logs panel's "show context": the lines of the same service just before or after a row.
import {
  DataQueryRequest,
  dateTime,
  LogRowContextOptions,
  LogRowContextQueryDirection,
  LogRowModel,
} from '@grafana/data';
import { LOG_LINES_FRAME, logContextQuerySchema } from '@penguinmails/sysmon-contract';
import type { SysmonDataQuery } from '../types';

const LOG_ID = /^\d{1,19}$/;
const LIMIT = logContextQuerySchema.shape.limit.unwrap();
const MAX_LIMIT = LIMIT.maxValue ?? 500;
const DEFAULT_LIMIT = logContextQuerySchema.shape.limit.parse(undefined);
export const LOG_CONTEXT_REF_ID_PREFIX = 'log-context-';
// The service finds context by id alone; the range only bounds which partitions it may read.
const DEFAULT_CONTEXT_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The stored id of a row: its frame's `id` field (the logs panel's row id is the same value). */
export function logIdOf(row: LogRowModel): string | undefined {
  const idField = row.dataFrame.fields.find((field) => field.name === LOG_LINES_FRAME.fields.id.name);
  const value = idField?.values[row.rowIndex] ?? row.rowId;
  return value !== undefined && value !== null && LOG_ID.test(String(value)) ? String(value) : undefined;
}

/** One prefix however often context is loaded from a context row ("load more" anchors on the rows it showed). */
const contextRefIdOf = (refId = 'A') =>
  refId.startsWith(LOG_CONTEXT_REF_ID_PREFIX) ? refId : `${LOG_CONTEXT_REF_ID_PREFIX}${refId}`;

/** The log_context query for a row; null when the row has no stored id (not one of ours). */
export function logContextQueryOf(row: LogRowModel, options?: LogRowContextOptions): SysmonDataQuery | null {
  const id = logIdOf(row);
  if (!id) {
    return null;
  }
  const limit = Math.min(Math.max(Math.trunc(options?.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
  return {
    refId: contextRefIdOf(row.dataFrame.refId),
    queryType: 'log_context',
    id,
    direction: options?.direction === LogRowContextQueryDirection.Forward ? 'forward' : 'backward',
    limit,
  };
}

/** The request for a context query: a time window on the row's side of its timestamp. */
export function logContextRequestOf(
  row: LogRowModel,
  query: SysmonDataQuery,
  options?: LogRowContextOptions
): DataQueryRequest<SysmonDataQuery> {
  const window = options?.timeWindowMs ?? DEFAULT_CONTEXT_WINDOW_MS;
  const at = row.timeEpochMs;
  const [fromMs, toMs] = query.direction === 'forward' ? [at, at + window] : [at - window, at + 1];
  const from = dateTime(fromMs);
  const to = dateTime(toMs);
  return {
    requestId: `${query.refId}-${query.id}-${query.direction}`,
    targets: [query],
    range: { from, to, raw: { from, to } },
    interval: '1s',
    intervalMs: 1000,
    maxDataPoints: query.limit,
    scopedVars: options?.scopedVars ?? {},
    timezone: 'utc',
    app: 'explore',
    startTime: Date.now(),
  };
}
