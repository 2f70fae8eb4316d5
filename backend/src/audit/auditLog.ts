// The audit log of operator actions: who (the Grafana login), what, on which target, with which parameters, and
// how it ended. One row per action in <schema>.audit_events (migrations 003, 008), written as an intent before the
// action and completed after it. Retention: 7 years (DESIGN.md §5);
// nothing here deletes rows.
import type { AuditEvent } from '@penguinmails/sysmon-contract';
import type { Pool } from '../db/pool.ts';
import { quoteIdent } from '../db/sql.ts';

export interface AuditIntent {
  actor: string;
  action: string;
  target: string | null;
  params: Record<string, unknown>;
  requestId: string | null;
  /** Which token made the call (e.g. `operator`). */
  token: string | null;
}

export interface AuditInput extends AuditIntent {
  /** 'ok', 'error: <message>', or 'pending' while the action runs. */
  outcome: string;
}

/** Parameters larger than this (as JSON) are stored as a truncated preview, so a huge body cannot bloat the log. */
export const MAX_PARAMS_JSON = 8_192;
const PREVIEW_CHARS = 2_048;
const MAX_TEXT = 2_000;
export const PENDING = 'pending';

export const AUDIT_LIST_MAX = 500;

// A high surrogate without its low half, or a low one without its high half: jsonb refuses their \u escapes.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as PostgreSQL can store it: NUL (which text and jsonb refuse) shown as `\0`, unpaired surrogates (which jsonb
 * refuses) as U+FFFD, at most `max` characters, cut between code points (never inside a surrogate pair) and marked
 * with `…`.
 */
export function storableText(text: string, max = MAX_TEXT): string {
  const clean = text.replaceAll('\u0000', '\\0').replace(LONE_SURROGATE, '\uFFFD');
  if (clean.length <= max) {
    return clean;
  }
  let cut = max - 1;
  const code = clean.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) {
    cut -= 1; // a high surrogate would be left without its low half
  }
  return `${clean.slice(0, cut)}…`;
}

/** Every string (keys included) of a JSON value made storable (storableText without a length limit). */
function storableJson(value: unknown): unknown {
  if (typeof value === 'string') {
    return storableText(value, Number.POSITIVE_INFINITY);
  }
  if (Array.isArray(value)) {
    return value.map(storableJson);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, entry]) => [storableText(key, Number.POSITIVE_INFINITY), storableJson(entry)])
    );
  }
  return value;
}

/** Params as stored: the object itself made storable, or a preview when its JSON is too long. */
export function boundedParams(params: Record<string, unknown>): Record<string, unknown> {
  const storable = storableJson(params) as Record<string, unknown>;
  const json = JSON.stringify(storable);
  if (json.length <= MAX_PARAMS_JSON) {
    return storable;
  }
  return { truncated: true, preview: storableText(json, PREVIEW_CHARS) };
}

export function errorOutcome(message: string): string {
  return storableText(`error: ${message}`);
}

const table = (schema: string) => `${quoteIdent(schema)}.audit_events`;

/** Writes a finished event in one go (a call refused before it acted). */
export async function recordAudit(pool: Pick<Pool, 'query'>, schema: string, event: AuditInput): Promise<void> {
  await pool.query(
    `INSERT INTO ${table(schema)} (actor, action, target, params, outcome, request_id, token, finished_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, now())`,
    [
      storableText(event.actor),
      event.action,
      event.target === null ? null : storableText(event.target),
      JSON.stringify(boundedParams(event.params)),
      storableText(event.outcome),
      event.requestId,
      event.token,
    ]
  );
}

/** Writes the intent of an action about to run (outcome `pending`); returns its id for completeAudit. */
export async function recordIntent(pool: Pick<Pool, 'query'>, schema: string, intent: AuditIntent): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO ${table(schema)} (actor, action, target, params, outcome, request_id, token)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7) RETURNING id::text`,
    [
      storableText(intent.actor),
      intent.action,
      intent.target === null ? null : storableText(intent.target),
      JSON.stringify(boundedParams(intent.params)),
      PENDING,
      intent.requestId,
      intent.token,
    ]
  );
  return rows[0]!.id;
}

/** Completes an intent with the action's outcome (and what it did, merged into its params). */
export async function completeAudit(
  pool: Pick<Pool, 'query'>,
  schema: string,
  id: string,
  completion: { outcome: string; result?: Record<string, unknown> }
): Promise<void> {
  await pool.query(
    `UPDATE ${table(schema)} SET outcome = $2, finished_at = now(),
            params = CASE WHEN $3::jsonb IS NULL THEN params ELSE params || jsonb_build_object('result', $3::jsonb) END
      WHERE id = $1`,
    [id, storableText(completion.outcome), completion.result ? JSON.stringify(boundedParams(completion.result)) : null]
  );
}

interface AuditRow {
  at: Date;
  finished_at: Date | null;
  actor: string;
  action: string;
  target: string | null;
  params: Record<string, unknown>;
  outcome: string;
  request_id: string | null;
  token: string | null;
}

function auditEvent(row: AuditRow): AuditEvent {
  return {
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    target: row.target ?? '',
    params: row.params,
    outcome: row.outcome,
    requestId: row.request_id,
    token: row.token,
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

/** Events asked for within a range, oldest first, at most `limit` (uses audit_events_at_idx). */
export async function auditBetween(
  pool: Pool,
  schema: string,
  range: { from: Date; to: Date; limit: number }
): Promise<AuditEvent[]> {
  const { rows } = await pool.query<AuditRow>(
    `SELECT at, finished_at, actor, action, target, params, outcome, request_id, token
     FROM ${quoteIdent(schema)}.audit_events WHERE at >= $1 AND at < $2 ORDER BY at, id LIMIT $3`,
    [range.from, range.to, range.limit]
  );
  return rows.map(auditEvent);
}

/** The newest `limit` events, newest first (uses audit_events_at_idx). */
export async function listAudit(pool: Pool, schema: string, limit: number): Promise<AuditEvent[]> {
  const { rows } = await pool.query<AuditRow>(
    `SELECT at, finished_at, actor, action, target, params, outcome, request_id, token
     FROM ${quoteIdent(schema)}.audit_events ORDER BY at DESC, id DESC LIMIT $1`,
    [Math.min(Math.max(1, limit), AUDIT_LIST_MAX)]
  );
  return rows.map(auditEvent);
}
