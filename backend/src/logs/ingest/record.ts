// One structured log object (a JSON line, a Loki line with its labels, an OTLP record) to a LogRecord. Knows the
// field names Node loggers write: the platform's own (ts, level, service, message, request_id, error_type, stack),
// pino (time epoch ms, numeric level, msg, err {type, message, stack}, hostname, pid, name), winston (timestamp,
// level names, message), bunyan (v, numeric level, name, hostname, time ISO, err). Everything not mapped to a
// column stays in attrs, nested objects kept.
import type { LogLevel } from '@penguinmails/sysmon-contract';
import type { LogRecord } from '../store.ts';
import type { IngestContext } from './batch.ts';
import { levelFrom } from './levels.ts';
import { ORIGINAL_TIME_ATTR, parseLogTime, resolveTime, TIME_REPLACED_ATTR } from './time.ts';
import { cutUtf8, truncationMarker } from './text.ts';

// First present key wins; later ones stay in attrs.
const TIME_KEYS = ['ts', 'time', 'timestamp', '@timestamp'] as const;
const LEVEL_KEYS = ['level', 'severity', 'lvl', 'levelname'] as const;
const MESSAGE_KEYS = ['msg', 'message'] as const;
const SERVICE_KEYS = ['service', 'service_name', 'app', 'name'] as const;
const HOST_KEYS = ['host', 'hostname'] as const;
const REQUEST_ID_KEYS = ['request_id', 'requestId', 'req_id', 'reqId'] as const;
const TRACE_ID_KEYS = ['trace_id', 'traceId'] as const;
const SPAN_ID_KEYS = ['span_id', 'spanId'] as const;
const ERROR_TYPE_KEYS = ['error_type', 'errorType'] as const;
const ERROR_OBJECT_KEYS = ['err', 'error'] as const;

/**
 * Identifiers (service, host, ids, error type) are indexed: a btree entry cannot exceed ~2.7 kB, so one absurd
 * request_id would fail the whole batch. Longer values are cut (and the line marked truncated).
 */
export const MAX_LABEL_CHARS = 512;

export interface RecordDefaults {
  service?: string;
  level?: LogLevel;
}

type Fields = Record<string, unknown>;

interface Extracted {
  value: string;
  cut: boolean;
}

/** A string (or finite number) label value, cut to MAX_LABEL_CHARS; undefined for anything else or empty. */
function label(value: unknown): Extracted | undefined {
  let text: string;
  if (typeof value === 'string') {
    text = value.trim();
  } else if (typeof value === 'number' && Number.isFinite(value)) {
    text = String(value);
  } else {
    return undefined;
  }
  if (text.length === 0) {
    return undefined;
  }
  return text.length > MAX_LABEL_CHARS
    ? { value: text.slice(0, MAX_LABEL_CHARS), cut: true }
    : { value: text, cut: false };
}

const isObject = (value: unknown): value is Fields =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Takes the first key of `keys` whose value `read` accepts out of `attrs`; returns what `read` made of it. */
function take<T>(attrs: Fields, keys: readonly string[], read: (value: unknown) => T | undefined): T | undefined {
  for (const key of keys) {
    if (key in attrs) {
      const value = read(attrs[key]);
      if (value !== undefined) {
        delete attrs[key];
        return value;
      }
    }
  }
  return undefined;
}

// ECS-style objects ({service: {name}}, {host: {name}}) as well as plain strings.
const labelOrName = (value: unknown): Extracted | undefined =>
  isObject(value) ? (label(value.name) ?? label(value.hostname)) : label(value);

/** "TypeError: x is not a function\n    at …" → TypeError. */
const STACK_TYPE = /^([A-Za-z_$][\w$.]*?(?:Error|Exception|Fault|Failure))\b/;

function messageText(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  if (value === undefined || value === null) {
    return undefined;
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export interface BuildOptions {
  /** The whole line is this text (a line that is not a JSON object); `fields` then only holds labels. */
  plainMessage?: string;
}

/**
 * Builds the record; takes ownership of `fields` (mapped keys are removed from it, the rest become attrs).
 */
export function buildRecord(
  fields: Fields,
  context: IngestContext,
  defaults: RecordDefaults = {},
  options: BuildOptions = {}
): LogRecord {
  const attrs = fields;
  let truncated = false;
  const cutLabel = (extracted: Extracted | undefined): string | null => {
    if (!extracted) {
      return null;
    }
    truncated ||= extracted.cut;
    return extracted.value;
  };

  // Time.
  let rawTime: unknown;
  let timeKey: string | undefined;
  for (const key of TIME_KEYS) {
    if (key in attrs) {
      rawTime = attrs[key];
      timeKey = key;
      break;
    }
  }
  const resolved = resolveTime(parseLogTime(rawTime), timeKey !== undefined, context);
  if (timeKey !== undefined) {
    delete attrs[timeKey];
    if (resolved.replaced) {
      attrs[ORIGINAL_TIME_ATTR] = rawTime;
      attrs[TIME_REPLACED_ATTR] = resolved.replaced;
    }
  }

  // Level: the line's own when it names a known one, else the default (a Loki label), else unknown.
  let level: LogLevel = 'unknown';
  for (const key of LEVEL_KEYS) {
    if (key in attrs) {
      const value = attrs[key];
      const known = levelFrom(value);
      if (known !== 'unknown' || typeof value === 'string' || typeof value === 'number') {
        level = known;
        delete attrs[key];
        break;
      }
    }
  }
  if (level === 'unknown' && defaults.level) {
    level = defaults.level;
  }

  const service = cutLabel(take(attrs, SERVICE_KEYS, labelOrName)) ?? defaults.service ?? context.defaultService;
  const host = cutLabel(take(attrs, HOST_KEYS, labelOrName));
  let requestId = cutLabel(take(attrs, REQUEST_ID_KEYS, label));
  if (requestId === null && isObject(attrs.req)) {
    // pino-http: req.id (the req object stays in attrs as logged).
    requestId = cutLabel(label(attrs.req.id));
  }
  const traceId = cutLabel(take(attrs, TRACE_ID_KEYS, label));
  const spanId = cutLabel(take(attrs, SPAN_ID_KEYS, label));

  // Errors: err/error objects ({type|name, message, stack, …}), then top-level error_type and stack strings.
  let errorType = cutLabel(take(attrs, ERROR_TYPE_KEYS, label));
  let stack: string | null = null;
  let errorMessage: string | undefined;
  for (const key of ERROR_OBJECT_KEYS) {
    const error = attrs[key];
    if (!isObject(error)) {
      continue;
    }
    const rest: Fields = { ...error };
    if (typeof rest.stack === 'string') {
      stack ??= rest.stack;
      delete rest.stack;
    }
    const type = label(rest.type) ?? label(rest.name);
    if (type) {
      errorType ??= cutLabel(type);
      delete rest[label(rest.type) ? 'type' : 'name'];
    }
    if (typeof rest.message === 'string') {
      errorMessage ??= rest.message;
    }
    if (Object.keys(rest).length > 0) {
      attrs[key] = rest;
    } else {
      delete attrs[key];
    }
    break;
  }
  if (stack === null && typeof attrs.stack === 'string') {
    stack = attrs.stack;
    delete attrs.stack;
  }
  if (errorType === null && stack !== null) {
    errorType = STACK_TYPE.exec(stack)?.[1] ?? null;
  }

  let message = options.plainMessage;
  if (message === undefined) {
    for (const key of MESSAGE_KEYS) {
      if (key in attrs) {
        const text = messageText(attrs[key]);
        if (text !== undefined) {
          message = text;
          delete attrs[key];
          break;
        }
      }
    }
  }
  message ??= errorMessage ?? (typeof attrs.error_message === 'string' ? attrs.error_message : '');

  return {
    ts: resolved.ts,
    level,
    service,
    host,
    message,
    requestId,
    traceId,
    spanId,
    errorType,
    stack,
    attrs,
    truncated,
  };
}

/** A line that is not a JSON object: the whole text is the message, level unknown (or the default). */
export function plainRecord(text: string, context: IngestContext, labels: Fields = {}, defaults: RecordDefaults = {}) {
  return buildRecord(labels, context, defaults, { plainMessage: text });
}

/**
 * A line over the limit: the raw text cut to maxLineBytes with a marker is the message; when the line is a JSON
 * object its labels (time, level, service, host, ids, error type) are still read, but attrs and stack are not kept
 * apart (they are in the cut text as far as it goes). truncated = true.
 */
export function oversizedRecord(
  raw: string,
  parsed: Fields | undefined,
  context: IngestContext,
  labels: Fields = {},
  defaults: RecordDefaults = {}
): LogRecord {
  const { text, cutBytes } = cutUtf8(raw, context.maxLineBytes);
  const record = buildRecord({ ...labels, ...(parsed ?? {}) }, context, defaults, {
    plainMessage: `${text}${truncationMarker(cutBytes)}`,
  });
  const kept: Fields = {};
  for (const key of [ORIGINAL_TIME_ATTR, TIME_REPLACED_ATTR]) {
    if (key in record.attrs) {
      kept[key] = record.attrs[key];
    }
  }
  return { ...record, attrs: kept, stack: null, truncated: true };
}
