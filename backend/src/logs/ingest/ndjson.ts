// POST /api/logs/ingest: newline-delimited JSON, one log object per line (pure: text in, records and rejects out).
// Nothing is lost silently: a line that is not JSON is stored as a plain message (level unknown), a JSON string or
// number as its text, a line over the limit cut with a marker; empty lines are skipped; the only rejects are JSON
// that cannot be one log line (an array, null, nesting deeper than MAX_JSON_DEPTH), each with its line number.
import type { LogRecord } from '../store.ts';
import type { IngestContext, IngestReject, ParsedBatch } from './batch.ts';
import { buildRecord, oversizedRecord, plainRecord, type RecordDefaults } from './record.ts';
import { jsonDepth, mayHoldUnstorable, storableText, storableValue, utf8Length } from './text.ts';

/** jsonb nesting is parsed recursively by PostgreSQL; a pathological line must not fail the whole batch. */
export const MAX_JSON_DEPTH = 64;

/** How many objects and arrays the text opens at most (brackets counted natively; the depth can be no more). */
function openings(text: string): number {
  let count = 0;
  for (let at = text.indexOf('{'); at !== -1; at = text.indexOf('{', at + 1)) {
    count += 1;
  }
  for (let at = text.indexOf('['); at !== -1; at = text.indexOf('[', at + 1)) {
    count += 1;
  }
  return count;
}

export type LineOutcome = { record: LogRecord } | { reject: Omit<IngestReject, 'line'> };

// Only text starting like JSON is handed to JSON.parse (a plain-text line would just throw).
const JSON_START = /^[{["\-\d]|^(?:true|false|null)\b/;

/**
 * One line (a whole NDJSON line or a Loki entry's line) as a record, or why it cannot be one. `labels` are fields
 * that come with the line (Loki stream labels and structured metadata); the line's own fields win over them.
 */
export function parseLine(
  raw: string,
  context: IngestContext,
  labels?: Record<string, unknown>,
  defaults?: RecordDefaults
): LineOutcome {
  let parsed: unknown;
  let isJson = false;
  const start = raw.trimStart();
  if (JSON_START.test(start)) {
    try {
      parsed = JSON.parse(raw);
      isJson = true;
    } catch {
      // Not JSON: stored as text below.
    }
  }
  if (isJson && typeof parsed === 'object') {
    if (parsed === null) {
      return { reject: { code: 'json_null', reason: 'JSON null is not a log line' } };
    }
    if (Array.isArray(parsed)) {
      return {
        reject: { code: 'json_array', reason: 'a JSON array is not a log line: send one JSON object per line' },
      };
    }
    if (raw.length > 2 * MAX_JSON_DEPTH && openings(raw) > MAX_JSON_DEPTH && jsonDepth(raw) > MAX_JSON_DEPTH) {
      return { reject: { code: 'too_deep', reason: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` } };
    }
    let fields = parsed as Record<string, unknown>;
    if (mayHoldUnstorable(raw)) {
      fields = storableValue(fields) as Record<string, unknown>;
    }
    if (utf8Length(raw, context.maxLineBytes) > context.maxLineBytes) {
      return { record: oversizedRecord(storableText(raw), fields, context, labels, defaults) };
    }
    return { record: buildRecord(labels ? { ...labels, ...fields } : fields, context, defaults) };
  }
  // Plain text, or a JSON string/number/boolean: its text is the message.
  let text = storableText(isJson && typeof parsed === 'string' ? parsed : raw);
  if (utf8Length(text, context.maxLineBytes) > context.maxLineBytes) {
    return { record: oversizedRecord(text, undefined, context, labels ? { ...labels } : {}, defaults) };
  }
  text = text.trimEnd();
  return { record: plainRecord(text, context, labels ? { ...labels } : {}, defaults) };
}

/** Parses an NDJSON body. Line numbers are 1-based and count empty lines, so they match the sender's file. */
export function parseNdjson(text: string, context: IngestContext): ParsedBatch {
  const records: LogRecord[] = [];
  const rejects: IngestReject[] = [];
  let entries = 0;
  let lineNumber = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) {
      end = text.length;
    }
    lineNumber += 1;
    let line = text.slice(start, end);
    start = end + 1;
    if (line.endsWith('\r')) {
      line = line.slice(0, -1);
    }
    if (line.trim().length === 0) {
      continue;
    }
    entries += 1;
    const outcome = parseLine(line, context);
    if ('record' in outcome) {
      records.push(outcome.record);
    } else {
      rejects.push({ line: lineNumber, ...outcome.reject });
    }
  }
  return { records, rejects, entries };
}
