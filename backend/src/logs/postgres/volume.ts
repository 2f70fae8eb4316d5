// Log volume: lines per level per interval bucket (date_bin on ts, buckets aligned to the epoch).
// Two sources, one statement (one snapshot), exact:
//   - logs_volume_minutes (migration 014): counts per (minute, service, level) of every line with id ≤
//     rolled_up_to, kept by the rollup job below. Used for the whole minutes of the range when the search has no
//     words and no fields other than level and service, and the interval is whole minutes;
//   - the raw lines for the rest: the partial minutes at the range's ends, and ids above rolled_up_to (the
//     newest seconds, found through the id BRIN index).
// Otherwise (words, other fields) the raw lines only: index-only on (ts, id) INCLUDE (level) or
// (service, ts, id) INCLUDE (level) without words; words use the trigram index (every match is counted anyway,
// so no ordered scan could stop early; the planner chooses).
import type { LogLevel } from '@penguinmails/sysmon-contract';
import type pg from 'pg';
import { withTransaction } from '../../db/pool.ts';
import { quoteIdent } from '../../db/sql.ts';
import type { Logger } from '../../logger.ts';
import type { PeriodicJobDefinition } from '../../periodic/periodicJob.ts';
import type { SearchClause } from '../../search/language.ts';
import { filterConditions, SqlParams } from '../searchSql.ts';
import type { LogVolumeBucket, LogVolumeRequest } from '../store.ts';
import { logsTable, settledWatermark, withLogReadTimeout } from './search.ts';
import type { LogTable } from './target.ts';

const MINUTE_MS = 60_000;
/** Lines counted per rollup statement (a backlog is worked off over several runs). */
export const ROLLUP_BATCH_LINES = 1_000_000;
export const ROLLUP_INTERVAL_MS = 10_000;

/** Whether the minute rollup can answer this search: only level and service terms. */
export function rollupAnswers(clauses: readonly SearchClause[]): boolean {
  return clauses.every((clause) =>
    (clause.kind === 'or' ? clause.terms : [clause]).every(
      (term) => term.kind === 'field' && (term.field === 'level' || term.field === 'service')
    )
  );
}

export interface LogVolumeOptions {
  /** Learns which source answered (tests, the benchmark). */
  report?: (source: 'rollup' | 'raw') => void;
}

export async function logVolume(
  table: LogTable,
  request: LogVolumeRequest,
  options: LogVolumeOptions = {}
): Promise<LogVolumeBucket[]> {
  if (!(request.intervalMs >= 1)) {
    throw new RangeError(`volume interval must be at least 1 ms, not ${request.intervalMs}`);
  }
  const params = new SqlParams();
  const conditions = filterConditions(request, params, 'indexed')
    .map((condition) => condition.sql)
    .join(' AND ');
  const interval = `(${params.param(Math.round(request.intervalMs))}::bigint * interval '1 millisecond')`;
  const bucket = `date_bin(${interval}, l.ts, timestamptz '1970-01-01 00:00:00+00')`;
  const logs = logsTable(table.schema);
  // The whole minutes inside the range: [wholeFrom, wholeTo).
  const wholeFrom = Math.ceil(request.from.getTime() / MINUTE_MS) * MINUTE_MS;
  const wholeTo = Math.floor(request.to.getTime() / MINUTE_MS) * MINUTE_MS;
  const useRollup = rollupAnswers(request.search.terms) && request.intervalMs % MINUTE_MS === 0 && wholeTo > wholeFrom;
  let text: string;
  if (useRollup) {
    const a = `${params.param(new Date(wholeFrom).toISOString())}::timestamptz`;
    const b = `${params.param(new Date(wholeTo).toISOString())}::timestamptz`;
    const schema = quoteIdent(table.schema);
    const raw = (extra: string) =>
      `SELECT ${bucket} AS bucket, l.level, count(*) AS lines FROM ${logs} AS l WHERE ${conditions} AND ${extra} GROUP BY 1, 2`;
    text = `WITH state AS (SELECT rolled_up_to FROM ${schema}.logs_volume_rollup)
SELECT bucket, level, sum(lines)::bigint::text AS count FROM (
  SELECT ${bucket} AS bucket, l.level, sum(l.lines) AS lines
    FROM (SELECT minute AS ts, service, level, lines FROM ${schema}.logs_volume_minutes
           WHERE minute >= ${a} AND minute < ${b}) AS l
   WHERE ${conditions}
   GROUP BY 1, 2
  UNION ALL ${raw(`l.ts < ${a}`)}
  UNION ALL ${raw(`l.ts >= ${b}`)}
  UNION ALL ${raw(`l.ts >= ${a} AND l.ts < ${b} AND l.id > (SELECT rolled_up_to FROM state)`)}
) AS parts
GROUP BY 1, 2
ORDER BY 1, 2`;
  } else {
    text = `SELECT ${bucket} AS bucket, l.level, count(*)::text AS count FROM ${logs} AS l
  WHERE ${conditions}
  GROUP BY 1, 2
  ORDER BY 1, 2`;
  }
  options.report?.(useRollup ? 'rollup' : 'raw');
  return withLogReadTimeout(table, 'log volume', async (client) => {
    const { rows } = await client.query<{ bucket: Date; level: LogLevel; count: string }>(text, params.values);
    return rows.map((row) => ({ time: row.bucket, level: row.level, count: Number(row.count) }));
  });
}

/**
 * One rollup step: counts the lines with ids in (rolled_up_to, min(settled watermark, + batch)] into
 * logs_volume_minutes and moves rolled_up_to, in one transaction; deletes minutes before `deleteBefore` (the
 * lines of dropped partitions). Returns how many lines were counted.
 */
export async function rollUpVolume(
  table: LogTable,
  options: { batchLines?: number; deleteBefore?: Date } = {}
): Promise<number> {
  const schema = quoteIdent(table.schema);
  return withTransaction(table.pool, async (client: pg.PoolClient) => {
    // First statement of the transaction: pg_stat_activity is read afresh (it is cached per transaction).
    const watermark = await settledWatermark(client, table);
    const { rows } = await client.query<{ rolled_up_to: string }>(
      `SELECT rolled_up_to::text FROM ${schema}.logs_volume_rollup FOR UPDATE`
    );
    const from = BigInt(rows[0]!.rolled_up_to);
    if (options.deleteBefore) {
      await client.query(`DELETE FROM ${schema}.logs_volume_minutes WHERE minute < $1`, [options.deleteBefore]);
    }
    if (watermark === undefined || watermark <= from) {
      return 0;
    }
    const batch = BigInt(options.batchLines ?? ROLLUP_BATCH_LINES);
    const upTo = watermark < from + batch ? watermark : from + batch;
    const { rows: counted } = await client.query<{ lines: string }>(
      `WITH counts AS (
         SELECT date_bin(interval '1 minute', ts, timestamptz '1970-01-01 00:00:00+00') AS minute, service, level,
                count(*) AS lines
           FROM ${logsTable(table.schema)} WHERE id > $1 AND id <= $2 GROUP BY 1, 2, 3
       ), added AS (
         INSERT INTO ${schema}.logs_volume_minutes AS m (minute, service, level, lines)
         SELECT minute, service, level, lines FROM counts
         ON CONFLICT (minute, service, level) DO UPDATE SET lines = m.lines + excluded.lines
       )
       SELECT coalesce(sum(lines), 0)::text AS lines FROM counts`,
      [from.toString(), upTo.toString()]
    );
    await client.query(`UPDATE ${schema}.logs_volume_rollup SET rolled_up_to = $1`, [upTo.toString()]);
    return Number(counted[0]!.lines);
  });
}

/** The rollup as a periodic job (one replica, by lock): every 10 s, until the backlog is counted. */
export function logVolumeRollupJob(options: {
  table: LogTable;
  retentionDays: number;
  logger?: Logger;
  intervalMs?: number;
}): PeriodicJobDefinition {
  const { table, logger } = options;
  return {
    name: 'logs-volume-rollup',
    intervalMs: options.intervalMs ?? ROLLUP_INTERVAL_MS,
    lockKey: `sysmon:logs-volume-rollup:${table.schema}`,
    run: async () => {
      // Minutes of days whose partitions retention has dropped (whole UTC days before the cutoff).
      const cutoff = Date.now() - options.retentionDays * 86_400_000;
      const deleteBefore = new Date(Math.floor(cutoff / 86_400_000) * 86_400_000);
      let counted = await rollUpVolume(table, { deleteBefore });
      for (let more = 0; counted >= ROLLUP_BATCH_LINES && more < 10; more += 1) {
        counted = await rollUpVolume(table);
      }
      logger?.debug({ counted }, 'log volume rolled up');
    },
  };
}
