// The audit log's retention: operator actions are kept 7 years (DESIGN.md §5). audit_events is one table (not
// partitioned: a few rows a day), so expired rows are deleted, in bounded batches so that one run never holds
// long locks or writes one huge transaction; a backlog is worked off over several runs.
import type pg from 'pg';
import { quoteIdent } from '../db/sql.ts';
import type { Logger } from '../logger.ts';
import type { PeriodicJobDefinition } from '../periodic/periodicJob.ts';

export const AUDIT_RETENTION_YEARS = 7;
export const AUDIT_DELETE_BATCH = 5_000;
/** Batches per run (the next run, an hour later, continues). */
export const AUDIT_MAX_BATCHES_PER_RUN = 20;
const DAILY_MS = 24 * 60 * 60 * 1000;

/** The oldest `at` kept: `years` calendar years before now (UTC). */
export function auditCutoff(now: Date | number, years = AUDIT_RETENTION_YEARS): Date {
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  return cutoff;
}

/** Deletes audit events older than the cutoff, `batch` rows per statement; returns how many were deleted. */
export async function deleteExpiredAudit(
  pool: Pick<pg.Pool, 'query'>,
  schema: string,
  options: { now?: Date | number; batch?: number; maxBatches?: number } = {}
): Promise<number> {
  const cutoff = auditCutoff(options.now ?? Date.now());
  const batch = options.batch ?? AUDIT_DELETE_BATCH;
  const table = `${quoteIdent(schema)}.audit_events`;
  let deleted = 0;
  for (let run = 0; run < (options.maxBatches ?? AUDIT_MAX_BATCHES_PER_RUN); run += 1) {
    // The oldest rows first, through audit_events_at_idx.
    const { rowCount } = await pool.query(
      `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE at < $1 ORDER BY at LIMIT $2)`,
      [cutoff, batch]
    );
    deleted += rowCount ?? 0;
    if ((rowCount ?? 0) < batch) {
      break;
    }
  }
  return deleted;
}

export function auditRetentionJob(options: {
  pool: Pick<pg.Pool, 'query'>;
  schema: string;
  logger?: Logger;
  intervalMs?: number;
}): PeriodicJobDefinition {
  const { pool, schema, logger } = options;
  return {
    name: 'audit-retention',
    intervalMs: options.intervalMs ?? DAILY_MS / 24,
    lockKey: `sysmon:audit-retention:${schema}`,
    run: async () => {
      const deleted = await deleteExpiredAudit(pool, schema);
      if (deleted > 0) {
        logger?.info({ deleted, retentionYears: AUDIT_RETENTION_YEARS }, 'expired audit events deleted');
      }
    },
  };
}
