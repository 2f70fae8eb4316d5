// Context of one line: the lines of the same service just before it (older, newest first) or just after it
// (newer, oldest first), in the (ts, id) order the search shows. One keyset query on the (service, ts, id) index
// of the parent table: the partitions are read in ts order and the scan stops after `limit` lines, so a line at a
// partition boundary simply continues into the neighbouring day (no "error loading more").
import type { LogContextRequest } from '../store.ts';
import { NotFoundError } from '../../errors.ts';
import type { LogLine } from '@penguinmails/sysmon-contract';
import { LINE_COLUMNS, logsTable, toLogLine, withLogReadTimeout, type LogRow } from './search.ts';
import type { LogTable } from './target.ts';

export async function logContext(table: LogTable, request: LogContextRequest): Promise<LogLine[]> {
  const logs = logsTable(table.schema);
  return withLogReadTimeout(table, 'log context', async (client) => {
    const { rows: anchors } = await client.query<{ service: string; ts_us: string }>(
      `SELECT service, (extract(epoch FROM ts) * 1000000)::bigint::text AS ts_us FROM ${logs} WHERE id = $1`,
      [request.id.toString()]
    );
    const anchor = anchors[0];
    if (!anchor) {
      throw new NotFoundError('log_line_not_found', `no log line ${request.id} (it may have passed retention)`);
    }
    const ts = `('epoch'::timestamptz + $2::bigint * interval '1 microsecond')`;
    const backward = request.direction === 'backward';
    const { rows } = await client.query<LogRow>(
      `SELECT ${LINE_COLUMNS} FROM ${logs} AS l
        WHERE l.service = $1 AND l.ts ${backward ? '<=' : '>='} ${ts}
          AND (l.ts, l.id) ${backward ? '<' : '>'} (${ts}, $3::bigint)
        ORDER BY l.ts ${backward ? 'DESC' : 'ASC'}, l.id ${backward ? 'DESC' : 'ASC'}
        LIMIT $4`,
      [anchor.service, anchor.ts_us, request.id.toString(), request.limit]
    );
    return rows.map(toLogLine);
  });
}
