// Read queries over the job ledger (configured table, DESIGN.md §4; a job is (queue, id)): one row, request ids of listed jobs,
// finishes per queue in the last minute (the rate fallback), and the row shape the API returns.
import type { LedgerRow, LedgerStatus } from '@penguinmails/sysmon-contract';
import type { Pool } from '../db/pool.ts';
import { quoteIdent } from '../db/sql.ts';

/** Payloads larger than this (as JSON text) are replaced by a preview in a job's detail. */
export const DETAIL_PAYLOAD_LIMIT_BYTES = 256 * 1024;
/** Per-row limit in search results (up to 200 rows per page). */
export const SEARCH_PAYLOAD_LIMIT_BYTES = 32 * 1024;
export const PAYLOAD_PREVIEW_CHARS = 4 * 1024;

/**
 * Columns of a ledger row for the API, with the payload guarded: over `limitParam` (a placeholder such as `$2`) bytes of JSON text it comes
 * back as NULL plus a preview. `alias` qualifies the columns.
 */
export function ledgerColumnsSql(limitParam: string, alias = 'l'): string {
  const c = (column: string) => `${alias}.${column}`;
  const size = `octet_length(${c('payload')}::text)`;
  return [
    c('id'),
    c('queue'),
    c('name'),
    c('priority'),
    c('status'),
    `CASE WHEN ${size} > ${limitParam} THEN NULL ELSE ${c('payload')} END AS payload`,
    `CASE WHEN ${size} > ${limitParam} THEN left(${c('payload')}::text, ${PAYLOAD_PREVIEW_CHARS}) END AS payload_preview`,
    c('request_id'),
    c('attempts'),
    c('last_error'),
    c('created_at'),
    c('updated_at'),
    c('started_at'),
    c('finished_at'),
  ].join(', ');
}

export interface LedgerDbRow {
  id: string;
  queue: string;
  name: string;
  priority: number | null;
  status: string;
  payload: unknown;
  payload_preview: string | null;
  request_id: string | null;
  attempts: number | null;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const iso = (value: Date | null) => (value === null ? null : value.toISOString());

export function toLedgerRow(row: LedgerDbRow): LedgerRow {
  const truncated = row.payload_preview !== null;
  return {
    id: row.id,
    queue: row.queue,
    name: row.name,
    priority: row.priority,
    status: row.status as LedgerStatus,
    payload: truncated ? row.payload_preview : row.payload,
    ...(truncated ? { payloadTruncated: true } : {}),
    requestId: row.request_id,
    attempts: row.attempts ?? 0,
    lastError: row.last_error,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
  };
}

/** The ledger row of one job (identified by queue and BullMQ jobId), or null. */
export async function getLedgerRow(
  pool: Pool,
  ledgerTable: string,
  queue: string,
  id: string
): Promise<LedgerRow | null> {
  const { rows } = await pool.query<LedgerDbRow>(
    `SELECT ${ledgerColumnsSql('$3')} FROM ${quoteIdent(ledgerTable)} AS l WHERE l.queue = $1 AND l.id = $2`,
    [queue, id, DETAIL_PAYLOAD_LIMIT_BYTES]
  );
  return rows[0] ? toLedgerRow(rows[0]) : null;
}

/** request_id of each listed job that has a ledger row (primary-key lookups, one statement). */
export async function getLedgerRequestIds(
  pool: Pool,
  ledgerTable: string,
  queue: string,
  ids: readonly string[]
): Promise<Map<string, string>> {
  if (ids.length === 0) {
    return new Map();
  }
  const { rows } = await pool.query<{ id: string; request_id: string }>(
    `SELECT id, request_id FROM ${quoteIdent(ledgerTable)}
     WHERE queue = $1 AND id = ANY($2::text[]) AND request_id IS NOT NULL`,
    [queue, ids]
  );
  return new Map(rows.map((row) => [row.id, row.request_id]));
}

export interface LedgerFinishes {
  completed: number;
  failed: number;
}

/**
 * Completed and failed rows per queue with finished_at in the last `windowMs`: the throughput fallback for
 * queues whose workers do not record BullMQ metrics. One grouped range scan on (finished_at) for all queues
 * (index from migration 004).
 */
export async function getLedgerFinishes(
  pool: Pool,
  ledgerTable: string,
  windowMs = 60_000
): Promise<Map<string, LedgerFinishes>> {
  const { rows } = await pool.query<{ queue: string; completed: string; failed: string }>(
    `SELECT queue,
            count(*) FILTER (WHERE status = 'completed') AS completed,
            count(*) FILTER (WHERE status = 'failed') AS failed
     FROM ${quoteIdent(ledgerTable)}
     WHERE finished_at >= now() - $1 * interval '1 millisecond' AND status IN ('completed', 'failed')
     GROUP BY queue`,
    [windowMs]
  );
  return new Map(rows.map((row) => [row.queue, { completed: Number(row.completed), failed: Number(row.failed) }]));
}
