// POST /v1/logs, OTLP/HTTP with JSON encoding (ExportLogsServiceRequest, as the OpenTelemetry Collector's otlphttp
// exporter with `encoding: json` and the SDKs' http/json exporters send it). Pure: the parsed body in, records and
// rejects out. resource.attributes service.name → service and host.name → host, the rest of the resource, the
// scope and the record's attributes → attrs; severityNumber (1–24) or severityText → level; body of any AnyValue
// kind → message; traceId/spanId hex; exception.type/stacktrace attributes → error_type/stack. 64-bit integers come
// as strings (proto3 JSON), numbers are accepted too. Records are numbered from 1 across the whole request.
import { InvalidInputError } from '../../errors.ts';
import type { LogRecord } from '../store.ts';
import type { IngestContext, IngestReject, ParsedBatch } from './batch.ts';
import { levelFromOtlp } from './levels.ts';
import { MAX_LABEL_CHARS } from './record.ts';
import { cutUtf8, truncationMarker, utf8Length } from './text.ts';
import { nanosToMs, ORIGINAL_TIME_ATTR, resolveTime, TIME_REPLACED_ATTR } from './time.ts';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const malformed = (where: string, problem: string) =>
  new InvalidInputError(`malformed OTLP logs body: ${where} ${problem}`, undefined, 'invalid_otlp_logs');

/** An OTLP AnyValue as plain JSON (kvlist → object, array → array, int64 strings → numbers when safe). */
export function anyValue(value: unknown): unknown {
  if (!isObject(value)) {
    return null;
  }
  if ('stringValue' in value) {
    return typeof value.stringValue === 'string' ? value.stringValue : String(value.stringValue);
  }
  if ('boolValue' in value) {
    return value.boolValue === true || value.boolValue === 'true';
  }
  if ('intValue' in value) {
    const number = Number(value.intValue);
    return Number.isSafeInteger(number) ? number : String(value.intValue);
  }
  if ('doubleValue' in value) {
    const number = Number(value.doubleValue);
    // NaN and Infinity have no JSON form: kept as their names.
    return Number.isFinite(number) ? number : String(value.doubleValue);
  }
  if ('bytesValue' in value) {
    return String(value.bytesValue); // base64, as sent
  }
  if ('arrayValue' in value) {
    const values = isObject(value.arrayValue) && Array.isArray(value.arrayValue.values) ? value.arrayValue.values : [];
    return values.map(anyValue);
  }
  if ('kvlistValue' in value) {
    const values = isObject(value.kvlistValue) ? value.kvlistValue.values : [];
    return keyValues(values);
  }
  return null;
}

/** OTLP KeyValue[] as an object; entries without a string key are skipped. */
export function keyValues(list: unknown): Json {
  const object: Json = {};
  if (Array.isArray(list)) {
    for (const item of list) {
      if (isObject(item) && typeof item.key === 'string') {
        object[item.key] = anyValue(item.value);
      }
    }
  }
  return object;
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.length > 0 ? value.slice(0, MAX_LABEL_CHARS) : null;

// Hex ids; all-zero (or empty) means "not set" in OTLP.
function hexId(value: unknown, length: number): string | null {
  if (typeof value !== 'string' || value.length !== length || !/^[0-9a-fA-F]+$/.test(value) || /^0+$/.test(value)) {
    return null;
  }
  return value.toLowerCase();
}

const EXCEPTION_TYPE = 'exception.type';
const EXCEPTION_MESSAGE = 'exception.message';
const EXCEPTION_STACK = 'exception.stacktrace';

interface ResourceOf {
  service: string | null;
  host: string | null;
  /** The resource's other attributes. */
  attrs: Json;
}

function recordOf(logRecord: Json, resource: ResourceOf, scope: Json, context: IngestContext): LogRecord {
  const attributes = keyValues(logRecord.attributes);
  const attrs: Json = { ...resource.attrs, ...scope, ...attributes };
  let truncated = false;

  // Time: timeUnixNano when set (non-zero), else observedTimeUnixNano, else arrival.
  const rawTime = [logRecord.timeUnixNano, logRecord.observedTimeUnixNano].find(
    (value) => value !== undefined && value !== null && value !== '0' && value !== 0 && value !== ''
  );
  const resolved = resolveTime(nanosToMs(rawTime), rawTime !== undefined, context);
  if (resolved.replaced) {
    attrs[ORIGINAL_TIME_ATTR] = rawTime;
    attrs[TIME_REPLACED_ATTR] = resolved.replaced;
  }

  const body = anyValue(logRecord.body);
  let message = typeof body === 'string' ? body : body === null ? '' : JSON.stringify(body);
  if (isObject(body)) {
    attrs.body = body; // searchable as attrs.body.<key>
  }
  const errorType = text(attributes[EXCEPTION_TYPE]);
  const stack = typeof attributes[EXCEPTION_STACK] === 'string' ? attributes[EXCEPTION_STACK] : null;
  delete attrs[EXCEPTION_TYPE];
  delete attrs[EXCEPTION_STACK];
  if (message === '' && typeof attributes[EXCEPTION_MESSAGE] === 'string') {
    message = attributes[EXCEPTION_MESSAGE];
  }
  if (typeof logRecord.eventName === 'string' && logRecord.eventName !== '') {
    attrs['event.name'] = logRecord.eventName;
  }
  const requestId = text(attributes.request_id) ?? text(attributes.requestId) ?? text(attributes['http.request.id']);
  for (const key of ['request_id', 'requestId']) {
    if (text(attributes[key]) === requestId) {
      delete attrs[key];
    }
  }
  if (utf8Length(message, context.maxLineBytes) > context.maxLineBytes) {
    const { text: cut, cutBytes } = cutUtf8(message, context.maxLineBytes);
    message = `${cut}${truncationMarker(cutBytes)}`;
    truncated = true;
  }
  return {
    ts: resolved.ts,
    level: levelFromOtlp(logRecord.severityNumber, logRecord.severityText),
    service: resource.service ?? context.defaultService,
    host: resource.host,
    message,
    requestId,
    traceId: hexId(logRecord.traceId, 32),
    spanId: hexId(logRecord.spanId, 16),
    errorType,
    stack,
    attrs,
    truncated,
  };
}

export function parseOtlpLogs(body: unknown, context: IngestContext): ParsedBatch {
  if (!isObject(body)) {
    throw malformed('the body', 'must be a JSON object (ExportLogsServiceRequest)');
  }
  const resourceLogs = body.resourceLogs ?? [];
  if (!Array.isArray(resourceLogs)) {
    throw malformed('resourceLogs', 'must be an array');
  }
  const records: LogRecord[] = [];
  const rejects: IngestReject[] = [];
  let entry = 0;
  resourceLogs.forEach((resourceLog: unknown, r) => {
    if (!isObject(resourceLog)) {
      throw malformed(`resourceLogs[${r}]`, 'must be an object');
    }
    const resource = isObject(resourceLog.resource) ? keyValues(resourceLog.resource.attributes) : {};
    const scopeLogs = resourceLog.scopeLogs ?? [];
    if (!Array.isArray(scopeLogs)) {
      throw malformed(`resourceLogs[${r}].scopeLogs`, 'must be an array');
    }
    // service.name and host.name are columns; the rest of the resource is kept with every line.
    const resourceAttrs = { ...resource };
    delete resourceAttrs['service.name'];
    delete resourceAttrs['host.name'];
    const resourceOf: ResourceOf = {
      service: text(resource['service.name']),
      host: text(resource['host.name']),
      attrs: resourceAttrs,
    };
    scopeLogs.forEach((scopeLog: unknown, s) => {
      if (!isObject(scopeLog)) {
        throw malformed(`resourceLogs[${r}].scopeLogs[${s}]`, 'must be an object');
      }
      const logRecords = scopeLog.logRecords ?? [];
      if (!Array.isArray(logRecords)) {
        throw malformed(`resourceLogs[${r}].scopeLogs[${s}].logRecords`, 'must be an array');
      }
      const scope: Json = {};
      if (isObject(scopeLog.scope)) {
        if (typeof scopeLog.scope.name === 'string' && scopeLog.scope.name !== '') {
          scope['otel.scope.name'] = scopeLog.scope.name;
        }
        if (typeof scopeLog.scope.version === 'string' && scopeLog.scope.version !== '') {
          scope['otel.scope.version'] = scopeLog.scope.version;
        }
        Object.assign(scope, keyValues(scopeLog.scope.attributes));
      }
      for (const logRecord of logRecords as unknown[]) {
        entry += 1;
        if (!isObject(logRecord)) {
          rejects.push({ line: entry, code: 'invalid_record', reason: 'a log record must be an object' });
          continue;
        }
        if (logRecord.attributes !== undefined && !Array.isArray(logRecord.attributes)) {
          rejects.push({ line: entry, code: 'invalid_record', reason: 'attributes must be an array of {key, value}' });
          continue;
        }
        records.push(recordOf(logRecord, resourceOf, scope, context));
      }
    });
  });
  return { records, rejects, entries: entry };
}
