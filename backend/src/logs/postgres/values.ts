// Distinct services or levels with lines in a range, for variables and pickers. Services: a loose index scan
// (recursive CTE) over the leading column of (service, ts, id): one index descent per distinct service instead of
// reading every line. Levels: one EXISTS probe per level, which stops at the first line of that level: info and
// debug are found at once on the (ts, id) INCLUDE (level) index, the rarer levels on the partial severe-level index.
import { LOG_LEVELS } from '@penguinmails/sysmon-contract';
import { logsTable, withLogReadTimeout } from './search.ts';
import type { LogTable } from './target.ts';

/** The statement listing the levels with lines in [$1, $2] (exported for the EXPLAIN test). */
export function levelValuesSql(schema: string): string {
  const logs = logsTable(schema);
  const inRange = 'l.ts >= $1::timestamptz AND l.ts <= $2::timestamptz';
  // One EXISTS per level, the level a literal (the contract's constants, never input): with `level = $n` from a
  // row of unnest the planner could not prove the partial index usable and scanned every line (2.3 s on 10 M).
  return (
    LOG_LEVELS.map((level, rank) => {
      if (!/^[a-z]+$/.test(level)) {
        throw new Error(`level ${level} cannot be written as a literal`);
      }
      return `SELECT ${rank} AS rank, '${level}' AS value
         WHERE EXISTS (SELECT 1 FROM ${logs} AS l WHERE l.level = '${level}' AND ${inRange})`;
    }).join('\n UNION ALL ') + '\n ORDER BY rank'
  );
}

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
      : levelValuesSql(table.schema);
  const values = [range.from.toISOString(), range.to.toISOString()];
  return withLogReadTimeout(table, `log ${variable} values`, async (client) => {
    const { rows } = await client.query<{ value: string }>(text, values);
    return rows.map((row) => row.value);
  });
}
