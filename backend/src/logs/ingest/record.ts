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

// Which column each known key may fill (a slot), and its rank among that slot's keys (lower wins). One pass over
// the line's keys sorts them into the slots; everything else goes to attrs as it is. No per-line candidate objects
// and no delete: at tens of thousands of lines a second, allocation is what costs.
const enum Slot {
  Time,
  Level,
  Message,
  Service,
  Host,
  RequestId,
  TraceId,
  SpanId,
  ErrorType,
  Error,
  Stack,
}
const SLOT_COUNT = 11;
const SLOTS = new Map<string, { slot: Slot; rank: number }>();
const addSlot = (slot: Slot, keys: readonly string[]) => keys.forEach((key, rank) => SLOTS.set(key, { slot, rank }));
addSlot(Slot.Time, TIME_KEYS);
addSlot(Slot.Level, LEVEL_KEYS);
addSlot(Slot.Message, MESSAGE_KEYS);
addSlot(Slot.Service, SERVICE_KEYS);
addSlot(Slot.Host, HOST_KEYS);
addSlot(Slot.RequestId, REQUEST_ID_KEYS);
addSlot(Slot.TraceId, TRACE_ID_KEYS);
addSlot(Slot.SpanId, SPAN_ID_KEYS);
addSlot(Slot.ErrorType, ERROR_TYPE_KEYS);
addSlot(Slot.Error, ERROR_OBJECT_KEYS);
addSlot(Slot.Stack, ['stack']);

/** The keys of one line sorted into slots: per slot, every candidate key in rank order (usually one). */
class SlotTable {
  // keys[slot] holds the candidate keys of that slot, best rank first; undefined when none.
  readonly keys: Array<string[] | undefined> = new Array(SLOT_COUNT);
  readonly ranks: Array<number[] | undefined> = new Array(SLOT_COUNT);

  add(slot: Slot, key: string, rank: number): void {
    const keys = this.keys[slot];
    if (keys === undefined) {
      this.keys[slot] = [key];
      this.ranks[slot] = [rank];
      return;
    }
    const ranks = this.ranks[slot]!;
    let at = ranks.length;
    while (at > 0 && ranks[at - 1]! > rank) {
      at -= 1;
    }
    keys.splice(at, 0, key);
    ranks.splice(at, 0, rank);
  }
}

/** Takes the best candidate `read` accepts; every other one goes to attrs. */
function choose<T>(
  table: SlotTable,
  slot: Slot,
  fields: Fields,
  attrs: Fields,
  read: (value: unknown) => T | undefined
): { value: T; key: string } | undefined {
  const keys = table.keys[slot];
  if (keys === undefined) {
    return undefined;
  }
  let chosen: { value: T; key: string } | undefined;
  for (const key of keys) {
    const value = chosen === undefined ? read(fields[key]) : undefined;
    if (value !== undefined) {
      chosen = { value, key };
    } else {
      attrs[key] = fields[key];
    }
  }
  return chosen;
}

const readLevelField = (value: unknown): LogLevel | undefined => {
  const known = levelFrom(value);
  return known !== 'unknown' || typeof value === 'string' || typeof value === 'number' ? known : undefined;
};
const readStack = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const readErrorObject = (value: unknown): Fields | undefined => (isObject(value) ? value : undefined);

/**
 * Builds the record from a line's fields (the parsed JSON object, with any labels merged in). `fields` is only
 * read; attrs is a new object of the fields no column took.
 */
export function buildRecord(
  fields: Fields,
  context: IngestContext,
  defaults: RecordDefaults = {},
  options: BuildOptions = {}
): LogRecord {
  const attrs: Fields = {};
  const table = new SlotTable();
  const plain = options.plainMessage !== undefined;
  for (const key in fields) {
    const slot = SLOTS.get(key);
    if (slot === undefined || (plain && slot.slot === Slot.Message)) {
      attrs[key] = fields[key];
    } else {
      table.add(slot.slot, key, slot.rank);
    }
  }

  // Time: the best-ranked key, usable or not (an unreadable time is noted, not silently replaced).
  const timeKeys = table.keys[Slot.Time];
  const timeKey = timeKeys?.[0];
  for (let i = 1; i < (timeKeys?.length ?? 0); i += 1) {
    attrs[timeKeys![i]!] = fields[timeKeys![i]!];
  }
  const rawTime = timeKey === undefined ? undefined : fields[timeKey];
  const resolved = resolveTime(
    timeKey === undefined ? undefined : parseLogTime(rawTime),
    timeKey !== undefined,
    context
  );
  if (resolved.replaced) {
    attrs[ORIGINAL_TIME_ATTR] = rawTime;
    attrs[TIME_REPLACED_ATTR] = resolved.replaced;
  }

  // Level: the line's own when it names a known one, else the default (a Loki label), else unknown.
  let level: LogLevel = choose(table, Slot.Level, fields, attrs, readLevelField)?.value ?? 'unknown';
  if (level === 'unknown' && defaults.level) {
    level = defaults.level;
  }

  const service = choose(table, Slot.Service, fields, attrs, labelOrName)?.value;
  const host = choose(table, Slot.Host, fields, attrs, labelOrName)?.value;
  let requestId = choose(table, Slot.RequestId, fields, attrs, label)?.value;
  if (requestId === undefined && isObject(attrs.req)) {
    // pino-http: req.id (the req object stays in attrs as logged).
    requestId = label(attrs.req.id);
  }
  const traceId = choose(table, Slot.TraceId, fields, attrs, label)?.value;
  const spanId = choose(table, Slot.SpanId, fields, attrs, label)?.value;
  let errorType = choose(table, Slot.ErrorType, fields, attrs, label)?.value;
  let truncated = !!(service?.cut || host?.cut || requestId?.cut || traceId?.cut || spanId?.cut || errorType?.cut);

  // Errors: err/error objects ({type|name, message, stack, …}), then a top-level stack string.
  let stack: string | null = null;
  let errorMessage: string | undefined;
  const error = choose(table, Slot.Error, fields, attrs, readErrorObject);
  if (error) {
    const rest: Fields = {};
    let type: Extracted | undefined;
    let restKeys = 0;
    for (const key in error.value) {
      const value = error.value[key];
      if (key === 'stack' && typeof value === 'string') {
        stack = value;
      } else if (key === 'type' && type === undefined && (type = label(value)) !== undefined) {
        // taken as the error type
      } else {
        rest[key] = value;
        restKeys += 1;
      }
    }
    if (type === undefined && (type = label(rest.name)) !== undefined) {
      delete rest.name;
      restKeys -= 1;
    }
    if (type) {
      errorType ??= type;
      truncated ||= type.cut;
    }
    if (typeof rest.message === 'string') {
      errorMessage = rest.message;
    }
    if (restKeys > 0) {
      attrs[error.key] = rest;
    }
  }
  const topStack = choose(table, Slot.Stack, fields, attrs, readStack)?.value;
  if (stack === null && topStack !== undefined) {
    stack = topStack;
  } else if (topStack !== undefined) {
    attrs.stack = topStack;
  }
  let errorTypeText = errorType?.value ?? null;
  if (errorTypeText === null && stack !== null) {
    errorTypeText = STACK_TYPE.exec(stack)?.[1] ?? null;
  }

  let message = options.plainMessage ?? choose(table, Slot.Message, fields, attrs, messageText)?.value;
  message ??= errorMessage ?? (typeof attrs.error_message === 'string' ? attrs.error_message : '');

  return {
    ts: resolved.ts,
    level,
    service: service?.value ?? defaults.service ?? context.defaultService,
    host: host?.value ?? null,
    message,
    requestId: requestId?.value ?? null,
    traceId: traceId?.value ?? null,
    spanId: spanId?.value ?? null,
    errorType: errorTypeText,
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
