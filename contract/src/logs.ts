// The log vertical's contract (DESIGN.md §5): levels, the stored line, the frames of the `logs`, `log_volume` and
// `log_context` query types, and the ingest API's answer. The service, the data source and the Logs page all use
// these names.
import { UNITS } from './units.ts';
import { field, type FrameDefinition, type SeriesFrameDefinition } from './frames.ts';
import { shownAt } from './pages.ts';

/** Levels in increasing severity; `unknown` (a line that said none, or was not JSON) sorts below everything. */
export const LOG_LEVELS = ['unknown', 'trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A level's rank for `level:>=warn` (higher is more severe). */
export function logLevelRank(level: LogLevel): number {
  return LOG_LEVELS.indexOf(level);
}

/** The fields the search language knows besides words (`attrs.<key>:` for any attribute). */
export const LOG_SEARCH_FIELDS = [
  'level',
  'service',
  'host',
  'request_id',
  'trace_id',
  'span_id',
  'error_type',
] as const;
export const LOG_ATTRS_PREFIX = 'attrs.';

/** One stored log line as the service returns it (ids are strings: bigint on the service side). */
export interface LogLine {
  id: string;
  /** ISO 8601. */
  ts: string;
  level: LogLevel;
  service: string;
  host: string | null;
  message: string;
  requestId: string | null;
  traceId: string | null;
  spanId: string | null;
  errorType: string | null;
  stack: string | null;
  attrs: Record<string, unknown>;
  /** The line was longer than the ingest limit and was stored cut, with a marker. */
  truncated: boolean;
}

const f = field;

const LOG_LINES = {
  area: 'logs',
  source: 'log store',
  updates:
    'at every query; a line is there as soon as ingest committed it (the Logs page’s live tail polls every 0.5 s)',
} as const;

/**
 * queryType `logs` and `log_context`: Grafana's data plane log-lines frame (meta.type 'log-lines'), newest first.
 * `labels` is a JSON object (type other) with service, host, request_id, trace_id, span_id, error_type, stack
 * and every attribute as `attrs.<key>`; Grafana shows them as the line's fields. `id` is the stored line's id,
 * unique, which Grafana's logs panel keys rows by.
 */
export const LOG_LINES_FRAME = {
  name: 'logs',
  type: 'log-lines',
  typeVersion: [0, 0] as [number, number],
  about: { key: 'logs', ...LOG_LINES, shownAt: shownAt('logs', 'the lines') },
  fields: {
    timestamp: f('timestamp', 'time', {
      description: 'When the line was logged (the logger’s own time, else when it arrived)',
    }),
    body: f('body', 'string', { description: 'The message' }),
    severity: f('severity', 'string', {
      description: 'The level: trace, debug, info, warn, error, fatal or unknown (a line that said none)',
    }),
    id: f('id', 'string', { description: 'The stored line’s id: unique and increasing in arrival order' }),
    labels: f('labels', 'other', {
      description: 'Service, host, request and trace ids, error type, stack trace and attributes (attrs.<key>)',
    }),
  },
} as const satisfies FrameDefinition & { type: string; typeVersion: [number, number] };

/** The label keys of a log line (besides `attrs.<key>`), as the frame's `labels` and Explore's filters name them. */
export const LOG_LABELS = {
  service: 'service',
  host: 'host',
  requestId: 'request_id',
  traceId: 'trace_id',
  spanId: 'span_id',
  errorType: 'error_type',
  stack: 'stack',
  truncated: 'truncated',
} as const;

const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** Attributes as `attrs.<key>` labels: nested objects flattened into dotted keys, other values as JSON text. */
function attributeLabels(attrs: Record<string, unknown>, prefix = 'attrs.', into: Record<string, string> = {}) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      attributeLabels(value as Record<string, unknown>, `${prefix}${key}.`, into);
    } else if (value !== undefined) {
      into[`${prefix}${key}`] = text(value);
    }
  }
  return into;
}

/** A line's `labels`: the set fields (never nulls) and its attributes. */
export function logLineLabels(line: LogLine): Record<string, string> {
  const labels: Record<string, string> = { [LOG_LABELS.service]: line.service };
  const optional: Array<[string, string | null]> = [
    [LOG_LABELS.host, line.host],
    [LOG_LABELS.requestId, line.requestId],
    [LOG_LABELS.traceId, line.traceId],
    [LOG_LABELS.spanId, line.spanId],
    [LOG_LABELS.errorType, line.errorType],
    [LOG_LABELS.stack, line.stack],
  ];
  for (const [key, value] of optional) {
    if (value !== null) {
      labels[key] = value;
    }
  }
  if (line.truncated) {
    labels[LOG_LABELS.truncated] = 'true';
  }
  return attributeLabels(line.attrs, 'attrs.', labels);
}

/**
 * queryType `log_volume`: one frame per level (what Explore's volume histogram expects): a time field and a
 * number field labelled `{level}`, counts per interval bucket.
 */
export const LOG_VOLUME_FRAME = {
  type: 'timeseries-multi',
  typeVersion: [0, 1] as [number, number],
  about: { key: 'log_volume', ...LOG_LINES, shownAt: shownAt('logs', 'the volume by level') },
  fields: {
    time: f('time', 'time', { description: 'The start of the interval' }),
    count: f('count', 'number', {
      unit: UNITS.count,
      description: 'Lines logged in the interval at one level (the field is labelled {level})',
      reading: 'error and fatal rising together across services points at a shared dependency, not one service.',
      metric: 'logLinesIngested',
    }),
  },
} as const satisfies SeriesFrameDefinition;

/** The `meta.custom` of a logs frame: words to highlight and the cursors to page further. */
export interface LogFrameCustom {
  searchWords: string[];
  /** Pass as `before` for the next (older) page; absent when there is no more. */
  nextCursor?: string;
  /** The newest id in the frame: pass as `after` to tail. */
  newestId?: string;
}

/** POST /api/logs/ingest, /loki/api/v1/push and /v1/logs answer this once every accepted line is committed. */
export interface IngestResult {
  /** Lines stored (including truncated ones). */
  accepted: number;
  /** Lines stored cut to the line limit, marked `truncated: true`. */
  truncated: number;
  /** Lines not stored; each is listed in `rejects` (up to a bound, then `rejectsOmitted`). */
  rejected: number;
  /** 1-based line (NDJSON) or entry number, and why. */
  rejects: Array<{ line: number; reason: string }>;
  rejectsOmitted?: number;
}
