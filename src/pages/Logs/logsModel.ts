// Pure functions of the Logs page: the queries it sends (contract query model) and what it reads back from the
// frames (contract frame definitions). The page's components only render what these return.
import {
  dataFrameFromJSON,
  FieldType,
  dateMath,
  dateTime,
  type DataFrame,
  type DataFrameJSON,
  type TimeRange,
} from '@grafana/data';
import {
  LOG_LABELS,
  LOG_LEVELS,
  LOG_LINES_FRAME,
  VARIABLE_FRAME,
  type LogFrameCustom,
  type LogLevel,
  type QueryRequest,
  type SysmonQueryInput,
} from '@penguinmails/sysmon-contract';
import type { QueryResponse } from '../../api/types';
import type { LogsViewState } from '../../utils/logsUrl';
import { volumeFields } from '../../utils/logVolume';

/** One log line as the page shows it. */
export interface LogRow {
  id: string;
  /** Epoch ms. */
  timestamp: number;
  level: LogLevel;
  body: string;
  /** service, host, request_id, trace_id, span_id, error_type, stack, truncated, attrs.<key>. */
  labels: Record<string, unknown>;
}

/** A page of lines and the cursors to go further. */
export interface LogPage {
  rows: LogRow[];
  searchWords: string[];
  /** `before` for the next older page; absent when there is no more. */
  nextCursor?: string;
  /** `after` for the tail. */
  newestId?: string;
}

/** Per-refId result: frames, or the error text the service gave for that query only. */
export interface RefIdResult {
  frames: DataFrameJSON[];
  error?: string;
}

export const LOGS_REF_ID = 'logs';
export const VOLUME_REF_ID = 'volume';
export const PAGE_SIZE = 500;
/** Bars of the volume histogram. */
export const VOLUME_BUCKETS = 120;

const L = LOG_LINES_FRAME.fields;

/** The search fields the page's chips and selects add to every query. */
function searchFields(view: LogsViewState) {
  return {
    search: view.search.trim() || undefined,
    levels: view.levels.length > 0 ? view.levels : undefined,
    services: view.services.length > 0 ? view.services : undefined,
  };
}

/** The range as the service takes it (ISO times). */
export function wireRange(range: TimeRange): { from: string; to: string } {
  return { from: range.from.toISOString(), to: range.to.toISOString() };
}

/** The volume histogram's bucket width for a range (whole seconds, at least one). */
export function volumeIntervalMs(range: TimeRange): number {
  const spanMs = Math.max(1000, range.to.valueOf() - range.from.valueOf());
  return Math.max(1000, Math.ceil(spanMs / VOLUME_BUCKETS / 1000) * 1000);
}

/** The search: newest lines (older ones with `before`) and, on a first page, the volume by level. */
export function searchRequest(view: LogsViewState, range: TimeRange, before?: string): QueryRequest {
  const fields = searchFields(view);
  const queries: SysmonQueryInput[] = [{ refId: LOGS_REF_ID, queryType: 'logs', ...fields, limit: PAGE_SIZE, before }];
  if (!before) {
    queries.push({ refId: VOLUME_REF_ID, queryType: 'log_volume', ...fields });
  }
  return { queries, range: wireRange(range), intervalMs: volumeIntervalMs(range), maxDataPoints: VOLUME_BUCKETS };
}

/** The volume alone (refreshed while tailing, so the chart and the chip counts include the new lines). */
export function volumeRequest(view: LogsViewState, range: TimeRange): QueryRequest {
  return {
    queries: [{ refId: VOLUME_REF_ID, queryType: 'log_volume', ...searchFields(view) }],
    range: wireRange(range),
    intervalMs: volumeIntervalMs(range),
    maxDataPoints: VOLUME_BUCKETS,
  };
}

/** The live tail's poll: only lines newer than `after`, over the last hour whatever range is chosen. */
export function tailRequest(view: LogsViewState, after: string | undefined, now = Date.now()): QueryRequest {
  return {
    queries: [{ refId: LOGS_REF_ID, queryType: 'logs', ...searchFields(view), limit: PAGE_SIZE, after }],
    range: { from: new Date(now - 3600_000).toISOString(), to: new Date(now + 60_000).toISOString() },
  };
}

export type ContextDirection = 'backward' | 'forward';
export const CONTEXT_SIZE = 20;

/** Lines of the same service just before (backward) or after (forward) a line. */
export function contextRequest(id: string, direction: ContextDirection, limit = CONTEXT_SIZE): QueryRequest {
  return { queries: [{ refId: `context-${direction}`, queryType: 'log_context', id, direction, limit }] };
}

/** The services for the service filter (the `variable` query). */
export function servicesRequest(range: TimeRange): QueryRequest {
  return { queries: [{ refId: 'services', queryType: 'variable', variable: 'service' }], range: wireRange(range) };
}

/** The result of one refId; a missing result is an error too (never silently "no logs"). */
export function resultOf(response: QueryResponse, refId: string): RefIdResult {
  const result = response.results?.[refId];
  if (!result) {
    return { frames: [], error: `The service returned no result for query ${refId}` };
  }
  const error = result.error ?? (result.status !== undefined && result.status >= 400 ? `HTTP ${result.status}` : '');
  return { frames: (result.frames ?? []) as DataFrameJSON[], error: error || undefined };
}

const isLevel = (value: unknown): value is LogLevel =>
  typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value);

function labelsOf(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function fieldValues(frame: DataFrame, name: string): unknown[] {
  return frame.fields.find((field) => field.name === name)?.values ?? [];
}

/** The rows of log-lines frames (newest first, as the service sends them) and the first frame's cursors. */
export function readLogPage(frames: DataFrameJSON[]): LogPage {
  const rows: LogRow[] = [];
  let custom: Partial<LogFrameCustom> = {};
  frames.forEach((json, index) => {
    const frame = dataFrameFromJSON(json);
    if (index === 0) {
      custom = (frame.meta?.custom ?? {}) as Partial<LogFrameCustom>;
    }
    const times = fieldValues(frame, L.timestamp.name);
    const bodies = fieldValues(frame, L.body.name);
    const levels = fieldValues(frame, L.severity.name);
    const ids = fieldValues(frame, L.id.name);
    const labels = fieldValues(frame, L.labels.name);
    for (let row = 0; row < frame.length; row++) {
      const level = levels[row];
      rows.push({
        id: String(ids[row]),
        timestamp: Number(times[row]),
        level: isLevel(level) ? level : 'unknown',
        body: bodies[row] === null || bodies[row] === undefined ? '' : String(bodies[row]),
        labels: labelsOf(labels[row]),
      });
    }
  });
  return {
    rows,
    searchWords: Array.isArray(custom.searchWords) ? custom.searchWords : [],
    nextCursor: custom.nextCursor || undefined,
    newestId: custom.newestId || rows[0]?.id,
  };
}

/** One level's series of the volume histogram. */
export interface VolumeSeries {
  level: LogLevel;
  times: number[];
  counts: number[];
  total: number;
}

/** The volume frames (one per level, a number field labelled {level}), in the order of LOG_LEVELS. */
export function readVolume(frames: DataFrameJSON[]): VolumeSeries[] {
  const series: VolumeSeries[] = [];
  for (const json of frames) {
    const frame = dataFrameFromJSON(json);
    const fields = volumeFields(frame);
    if (!fields) {
      continue;
    }
    const { time, count } = fields;
    const label = count.labels?.level ?? frame.name;
    const level = isLevel(label) ? label : 'unknown';
    const counts = count.values.map((value) => (typeof value === 'number' && Number.isFinite(value) ? value : 0));
    series.push({ level, times: time.values.map(Number), counts, total: counts.reduce((a, b) => a + b, 0) });
  }
  return series.sort((a, b) => LOG_LEVELS.indexOf(a.level) - LOG_LEVELS.indexOf(b.level));
}

/** The service names of the `variable` answer. */
export function readServices(frames: DataFrameJSON[]): string[] {
  const names = new Set<string>();
  for (const json of frames) {
    const frame = dataFrameFromJSON(json);
    const field =
      frame.fields.find((f) => f.name === VARIABLE_FRAME.fields.value.name) ??
      frame.fields.find((f) => f.name === VARIABLE_FRAME.fields.text.name) ??
      frame.fields.find((f) => f.type === FieldType.string);
    for (const value of field?.values ?? []) {
      if (typeof value === 'string' && value) {
        names.add(value);
      }
    }
  }
  return Array.from(names).sort();
}

/** A label as text ('' when absent); objects as JSON. */
export function labelText(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Labels that filter the search when clicked, and the search field each adds. */
export const FILTER_FIELDS: Record<string, string> = {
  [LOG_LABELS.service]: 'service',
  [LOG_LABELS.host]: 'host',
  [LOG_LABELS.requestId]: 'request_id',
  [LOG_LABELS.traceId]: 'trace_id',
  [LOG_LABELS.spanId]: 'span_id',
  [LOG_LABELS.errorType]: 'error_type',
};

/** The search field of a label key, or undefined when the language cannot filter by it. */
export function filterFieldOf(key: string): string | undefined {
  return FILTER_FIELDS[key] ?? (key.startsWith('attrs.') && key.length > 'attrs.'.length ? key : undefined);
}

/** A parsed relative or absolute range for the raw URL values (Grafana's own rules: now-1h, epoch ms, ISO). */
export function timeRangeOf(from: string, to: string): TimeRange {
  // A value Grafana cannot read falls back to the default range's end.
  const parse = (raw: string, roundUp: boolean) =>
    (/^\d+$/.test(raw) ? dateTime(Number(raw)) : dateMath.toDateTime(raw, { roundUp })) ??
    dateMath.toDateTime(roundUp ? 'now' : 'now-1h', { roundUp })!;
  return { from: parse(from, false), to: parse(to, true), raw: { from, to } };
}
