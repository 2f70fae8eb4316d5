// POST /loki/api/v1/push, JSON form: {streams: [{stream: {label: value}, values: [["<ns>", "<line>", {metadata}?]]}]}
// (what Promtail, Grafana Alloy, Vector's and Fluent Bit's loki outputs send with JSON encoding). Pure: the parsed
// body in, records and rejects out. The service label (service_name, service, job, app) names the service, the
// level label (level, detected_level, severity) the level; other labels and the structured metadata become attrs
// (metadata trace_id/span_id/request_id fill those columns). A line that is itself JSON is read like an NDJSON line.
// Entries are numbered from 1 across all streams, in order.
import { InvalidInputError } from '../../errors.ts';
import type { LogRecord } from '../store.ts';
import type { IngestContext, IngestReject, ParsedBatch } from './batch.ts';
import { levelFrom } from './levels.ts';
import { parseLine } from './ndjson.ts';
import type { RecordDefaults } from './record.ts';
import { nanosToMs, ORIGINAL_TIME_ATTR, resolveTime, TIME_REPLACED_ATTR } from './time.ts';

const SERVICE_LABELS = ['service_name', 'service', 'job', 'app'] as const;
const LEVEL_LABELS = ['level', 'detected_level', 'severity'] as const;

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const malformed = (where: string, problem: string) =>
  new InvalidInputError(`malformed Loki push body: ${where} ${problem}`, undefined, 'invalid_loki_push');

/** Splits a stream's labels into the service and level they name and the rest (attrs). */
function streamLabels(stream: Record<string, unknown>): { defaults: RecordDefaults; labels: Record<string, unknown> } {
  const labels: Record<string, unknown> = { ...stream };
  const defaults: RecordDefaults = {};
  for (const key of SERVICE_LABELS) {
    if (typeof labels[key] === 'string' && labels[key] !== '') {
      defaults.service ??= labels[key].slice(0, 512);
      delete labels[key];
    }
  }
  for (const key of LEVEL_LABELS) {
    if (key in labels) {
      const level = levelFrom(labels[key]);
      if (level !== 'unknown') {
        defaults.level ??= level;
      }
      delete labels[key];
    }
  }
  return { defaults, labels };
}

export function parseLokiPush(body: unknown, context: IngestContext): ParsedBatch {
  if (!isObject(body) || !Array.isArray(body.streams)) {
    throw malformed('the body', 'must be an object with a "streams" array');
  }
  const records: LogRecord[] = [];
  const rejects: IngestReject[] = [];
  let entry = 0;
  body.streams.forEach((stream: unknown, streamIndex) => {
    if (!isObject(stream) || !Array.isArray(stream.values)) {
      throw malformed(`streams[${streamIndex}]`, 'must be an object with a "values" array');
    }
    if (stream.stream !== undefined && !isObject(stream.stream)) {
      throw malformed(`streams[${streamIndex}].stream`, 'must be an object of labels');
    }
    const { defaults, labels } = streamLabels(stream.stream ?? {});
    for (const value of stream.values as unknown[]) {
      entry += 1;
      const reject = (code: IngestReject['code'], reason: string) => rejects.push({ line: entry, code, reason });
      if (!Array.isArray(value) || value.length < 2 || value.length > 3) {
        reject('invalid_entry', 'an entry must be ["<unix ns>", "<line>"] or ["<unix ns>", "<line>", {metadata}]');
        continue;
      }
      const [ns, line, metadata] = value as [unknown, unknown, unknown];
      const ms = nanosToMs(ns);
      if (ms === undefined) {
        reject(
          'invalid_timestamp',
          `timestamp ${JSON.stringify(ns)?.slice(0, 40)} is not a string of unix nanoseconds`
        );
        continue;
      }
      if (typeof line !== 'string') {
        reject('invalid_entry', 'the line must be a string');
        continue;
      }
      if (metadata !== undefined && !isObject(metadata)) {
        reject('invalid_entry', 'structured metadata must be an object');
        continue;
      }
      // The entry's timestamp is the line's time unless the line (JSON) carries its own.
      const fields: Record<string, unknown> = { ...labels, ...(metadata ?? {}) };
      const outcome = parseLine(line, context, fields, defaults);
      if ('reject' in outcome) {
        rejects.push({ line: entry, ...outcome.reject });
        continue;
      }
      records.push(withEntryTime(outcome.record, line, ms, context));
    }
  });
  return { records, rejects, entries: entry };
}

// A line whose own JSON named a time keeps it; otherwise the entry's timestamp applies (within the same window).
const OWN_TIME = /"(?:ts|time|timestamp|@timestamp)"\s*:/;

function withEntryTime(record: LogRecord, line: string, ms: number, context: IngestContext): LogRecord {
  if (OWN_TIME.test(line) || ORIGINAL_TIME_ATTR in record.attrs) {
    return record;
  }
  const resolved = resolveTime(ms, true, context);
  if (resolved.replaced) {
    const original = new Date(ms).toISOString();
    return {
      ...record,
      ts: resolved.ts,
      attrs: { ...record.attrs, [ORIGINAL_TIME_ATTR]: original, [TIME_REPLACED_ATTR]: resolved.replaced },
    };
  }
  return { ...record, ts: resolved.ts };
}
