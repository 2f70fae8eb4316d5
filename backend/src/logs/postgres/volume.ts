// Log volume: lines per level per interval bucket (date_bin on ts, buckets aligned to the epoch). Without words
// it reads only (ts, level) or (service, ts, level), index-only from the covering indexes of 013. Words use the
// trigram index (every match is counted anyway, so no ordered scan can stop early; the planner chooses).
import type { LogLevel } from '@penguinmails/sysmon-contract';
import { filterConditions, SqlParams } from '../searchSql.ts';
import type { LogVolumeBucket, LogVolumeRequest } from '../store.ts';
import { logsTable, withLogReadTimeout } from './search.ts';
import type { LogTable } from './target.ts';

export async function logVolume(table: LogTable, request: LogVolumeRequest): Promise<LogVolumeBucket[]> {
  if (!(request.intervalMs >= 1)) {
    throw new RangeError(`volume interval must be at least 1 ms, not ${request.intervalMs}`);
  }
  const params = new SqlParams();
  const conditions = filterConditions(request, params, 'indexed');
  const interval = `(${params.param(Math.round(request.intervalMs))}::bigint * interval '1 millisecond')`;
  const text = `SELECT date_bin(${interval}, l.ts, timestamptz '1970-01-01 00:00:00+00') AS bucket, l.level, count(*)::int AS count
  FROM ${logsTable(table.schema)} AS l
  WHERE ${conditions.map((condition) => condition.sql).join(' AND ')}
  GROUP BY 1, 2
  ORDER BY 1, 2`;
  return withLogReadTimeout(table, 'log volume', async (client) => {
    const { rows } = await client.query<{ bucket: Date; level: LogLevel; count: number }>(text, params.values);
    return rows.map((row) => ({ time: row.bucket, level: row.level, count: row.count }));
  });
}
