// Appends log records to <schema>.logs with one COPY in one transaction per call, so a resolved append means the
// lines are committed (ingest acknowledges only then). Rows are rendered straight to COPY text (no per-row
// parameters, no second JSON pass). A row for a day without a partition makes PostgreSQL refuse the COPY; the
// missing days are created and the COPY retried once (db/partitions.ts insertIntoPartitions). The store being
// unreachable (connection refused or lost, pool timeout, server shutting down, too many connections) is an
// UnavailableError with a Retry-After, never a 500.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { withTransaction } from '../../db/pool.ts';
import { insertIntoPartitions } from '../../db/partitions.ts';
import { quoteIdent } from '../../db/sql.ts';
import { UnavailableError } from '../../errors.ts';
import type { LogRecord } from '../store.ts';
import type { LogTable } from './target.ts';

/** Seconds a shipper is told to wait when PostgreSQL is unreachable. */
export const STORE_RETRY_AFTER_SECONDS = 5;
/** A COPY that takes longer than this (a stuck server, a lock) fails the request instead of holding it forever. */
export const APPEND_STATEMENT_TIMEOUT = '60s';

const COLUMNS = 'ts, level, service, host, message, request_id, trace_id, span_id, error_type, stack, attrs, truncated';
// COPY text format: backslash, newline, carriage return and tab are escaped; \N is NULL.
const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_SPECIAL_ALL = /[\\\n\r\t]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function copyField(value: string | null): string {
  if (value === null) {
    return '\\N';
  }
  return COPY_SPECIAL.test(value) ? value.replace(COPY_SPECIAL_ALL, (char) => COPY_ESCAPES[char]!) : value;
}

// Date#toISOString costs about a microsecond; lines of one batch share their minutes, so the
// "YYYY-MM-DDTHH:MM:" prefix is formatted once per minute and reused (a small cache, cleared when full).
const MINUTE_PREFIXES = new Map<number, string>();

/** The same text as Date#toISOString for the years PostgreSQL and the ingest window can hold (0000–9999). */
export function isoTime(date: Date): string {
  const ms = date.getTime();
  const minute = Math.floor(ms / 60_000);
  let prefix = MINUTE_PREFIXES.get(minute);
  if (prefix === undefined) {
    if (MINUTE_PREFIXES.size >= 4_096) {
      MINUTE_PREFIXES.clear();
    }
    prefix = new Date(minute * 60_000).toISOString().slice(0, 17);
    MINUTE_PREFIXES.set(minute, prefix);
  }
  const withinMinute = ms - minute * 60_000;
  const seconds = Math.floor(withinMinute / 1_000);
  const millis = withinMinute - seconds * 1_000;
  return `${prefix}${seconds < 10 ? '0' : ''}${seconds}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}

/** One record as a line of COPY text (columns in COLUMNS order). */
export function copyRow(record: LogRecord): string {
  // JSON.stringify never emits raw newlines or tabs, only backslash escapes (which copyField doubles).
  const attrs = JSON.stringify(record.attrs);
  return `${isoTime(record.ts)}\t${record.level}\t${copyField(record.service)}\t${copyField(record.host)}\t${copyField(
    record.message
  )}\t${copyField(record.requestId)}\t${copyField(record.traceId)}\t${copyField(record.spanId)}\t${copyField(
    record.errorType
  )}\t${copyField(record.stack)}\t${copyField(attrs)}\t${record.truncated ? 't' : 'f'}\n`;
}

// COPY data goes out in chunks of about this many characters.
const CHUNK_CHARS = 256 * 1024;

function* copyChunks(records: readonly LogRecord[]): Generator<string> {
  let chunk = '';
  for (const record of records) {
    chunk += copyRow(record);
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) {
    yield chunk;
  }
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovery)
  '53300', // too_many_connections
  '53100', // disk_full
  '25006', // read_only_sql_transaction (a standby after failover)
]);

/** True when the error says PostgreSQL cannot be reached or cannot take writes now (not: the data is wrong). */
export function isStoreUnavailable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) {
    return true;
  }
  return (
    typeof message === 'string' &&
    /timeout exceeded when trying to connect|Connection terminated|connection (?:is )?(?:closed|ended)|Client has encountered a connection error/i.test(
      message
    )
  );
}

export async function appendLogs(table: LogTable, records: readonly LogRecord[]): Promise<void> {
  if (records.length === 0) {
    return;
  }
  const target = { schema: table.schema, table: 'logs' };
  const sql = `COPY ${quoteIdent(table.schema)}.logs (${COLUMNS}) FROM STDIN`;
  try {
    await insertIntoPartitions(
      table.pool,
      target,
      records.map((record) => record.ts),
      () =>
        withTransaction(table.pool, async (client) => {
          await client.query(`SET LOCAL statement_timeout = '${APPEND_STATEMENT_TIMEOUT}'`);
          await pipeline(Readable.from(copyChunks(records)), client.query(copyFrom(sql)));
        })
    );
  } catch (error) {
    if (isStoreUnavailable(error)) {
      throw new UnavailableError(
        'log_store_unavailable',
        `the log store (PostgreSQL) is unreachable (${(error as Error).message}); nothing was stored`,
        STORE_RETRY_AFTER_SECONDS
      );
    }
    throw error;
  }
}
