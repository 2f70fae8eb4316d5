// Distinct services or levels with lines in a range, for variables and pickers. Services: a loose index scan
// (recursive CTE) over the leading column of (service, ts, id): one index descent per distinct service instead of
// reading every line. Levels: one EXISTS probe per level, which stops at the first line of that level: info and
// debug are found at once on the (ts, id) INCLUDE (level) index, the rarer levels on the partial severe-level index.
import { LOG_LEVELS } from '@penguinmails/sysmon-contract';
import { logsTable, withLogReadTimeout } from './search.ts';
import type { LogTable } from './target.ts';

export async function logValues(
  table: LogTable,
  variable: 'service' | 'level',
  range: { from: Date; to: Date }
): Promise<string[]> {
  const logs = logsTable(table.schema);
  const inRange = 'l.ts >= $1::timestamptz AND l.ts <= $2::timestamptz';
  const text =
    variable === 'service'
      ? `WITH RECURSIVE services(service) AS (
           (SELECT l.service FROM ${logs} AS l WHERE ${inRange} ORDER BY l.service LIMIT 1)
           UNION ALL
           SELECT (SELECT l.service FROM ${logs} AS l WHERE l.service > services.service AND ${inRange}
                    ORDER BY l.service LIMIT 1)
             FROM services WHERE services.service IS NOT NULL
         )
         SELECT service AS value FROM services WHERE service IS NOT NULL`
      : `SELECT level AS value FROM unnest($3::text[]) WITH ORDINALITY AS levels(level, rank)
          WHERE EXISTS (SELECT 1 FROM ${logs} AS l WHERE l.level = levels.level AND ${inRange})
          ORDER BY rank`;
  const values = [range.from.toISOString(), range.to.toISOString(), ...(variable === 'level' ? [LOG_LEVELS] : [])];
  return withLogReadTimeout(table, `log ${variable} values`, async (client) => {
    const { rows } = await client.query<{ value: string }>(text, values);
    return rows.map((row) => row.value);
  });
}
