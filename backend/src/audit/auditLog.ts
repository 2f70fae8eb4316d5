// The audit log of operator actions: who (the Grafana login), what, on which target, with which parameters, and
// how it ended. One row per action in <schema>.audit_events (migration 003). Retention: 7 years (DESIGN.md §5);
// nothing here deletes rows.
import type { AuditEvent } from '@penguinmails/sysmon-contract';
import type { Pool } from '../db/pool.ts';
import { quoteIdent } from '../db/sql.ts';

export interface AuditInput {
  actor: string;
  action: string;
  target: string | null;
  params: Record<string, unknown>;
  /** 'ok' or 'error: <message>'. */
  outcome: string;
  requestId: string | null;
}

/** Parameters larger than this (as JSON) are stored as a truncated preview, so a huge body cannot bloat the log. */
export const MAX_PARAMS_JSON = 8_192;
const MAX_OUTCOME = 2_000;

export const AUDIT_LIST_MAX = 500;

/** Params as stored: the object itself, or a preview when its JSON is too long. */
export function boundedParams(params: Record<string, unknown>): Record<string, unknown> {
  const json = JSON.stringify(params);
  if (json.length <= MAX_PARAMS_JSON) {
    return params;
  }
  return { truncated: true, preview: json.slice(0, 2_048) };
}

export function errorOutcome(message: string): string {
  const text = `error: ${message}`;
  return text.length > MAX_OUTCOME ? `${text.slice(0, MAX_OUTCOME - 1)}…` : text;
}

export async function recordAudit(pool: Pool, schema: string, event: AuditInput): Promise<void> {
  const outcome = event.outcome.length > MAX_OUTCOME ? `${event.outcome.slice(0, MAX_OUTCOME - 1)}…` : event.outcome;
  await pool.query(
    `INSERT INTO ${quoteIdent(schema)}.audit_events (actor, action, target, params, outcome, request_id)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6)`,
    [event.actor, event.action, event.target, JSON.stringify(boundedParams(event.params)), outcome, event.requestId]
  );
}

interface AuditRow {
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  params: Record<string, unknown>;
  outcome: string;
  request_id: string | null;
}

/** The newest `limit` events, newest first (uses audit_events_at_idx). */
export async function listAudit(pool: Pool, schema: string, limit: number): Promise<AuditEvent[]> {
  const { rows } = await pool.query<AuditRow>(
    `SELECT at, actor, action, target, params, outcome, request_id
     FROM ${quoteIdent(schema)}.audit_events ORDER BY at DESC, id DESC LIMIT $1`,
    [Math.min(Math.max(1, limit), AUDIT_LIST_MAX)]
  );
  return rows.map((row) => ({
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    target: row.target ?? '',
    params: row.params,
    outcome: row.outcome,
    requestId: row.request_id,
  }));
}
