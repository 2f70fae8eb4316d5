// What a parser returns for one request: the records to store, the entries it could not store (1-based line or
// entry number, a stable code for metrics and a reason for people), and the context every parser shares.
import type { IngestResult, LogLevel } from '@penguinmails/sysmon-contract';
import type { LogRecord } from '../store.ts';

export interface IngestContext {
  /** Arrival time: the time of lines that say none (or one the store cannot keep). */
  now: Date;
  /** Service of lines that name none (the request's `service` parameter or header, else 'unknown'). */
  defaultService: string;
  /** A line longer than this (UTF-8 bytes) is stored cut, with a marker, truncated = true. */
  maxLineBytes: number;
  retentionDays: number;
}

/** Stable reject codes (the metric's label values). */
export const REJECT_CODES = [
  'json_array',
  'json_null',
  'too_deep',
  'invalid_entry',
  'invalid_timestamp',
  'invalid_record',
] as const;
export type RejectCode = (typeof REJECT_CODES)[number];

export interface IngestReject {
  /** 1-based line (NDJSON) or entry (Loki, OTLP) number. */
  line: number;
  code: RejectCode;
  reason: string;
}

export interface ParsedBatch {
  records: LogRecord[];
  rejects: IngestReject[];
  /** Entries seen (accepted + rejected; NDJSON: non-empty lines). */
  entries: number;
}

/** Per-reject detail in an answer is bounded; the rest are counted in `rejectsOmitted`. */
export const MAX_LISTED_REJECTS = 100;

export function ingestResult(batch: ParsedBatch): IngestResult {
  const listed = batch.rejects.slice(0, MAX_LISTED_REJECTS).map(({ line, reason }) => ({ line, reason }));
  return {
    accepted: batch.records.length,
    truncated: batch.records.reduce((count, record) => count + (record.truncated ? 1 : 0), 0),
    rejected: batch.rejects.length,
    rejects: listed,
    ...(batch.rejects.length > listed.length ? { rejectsOmitted: batch.rejects.length - listed.length } : {}),
  };
}

/** One line summing the rejects (Loki's 400 and OTLP's errorMessage), naming the first few. */
export function describeRejects(batch: ParsedBatch, noun: string): string {
  const first = batch.rejects
    .slice(0, 5)
    .map((reject) => `${noun} ${reject.line}: ${reject.reason}`)
    .join('; ');
  const more = batch.rejects.length > 5 ? `; and ${batch.rejects.length - 5} more` : '';
  return `${batch.rejects.length} of ${batch.entries} ${noun}s rejected (the other ${batch.records.length} are stored): ${first}${more}`;
}

export type { LogLevel };
