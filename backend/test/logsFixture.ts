// Log store test fixtures: a migrated schema (core + logs migrations) and lines inserted with plain SQL.
import pg from 'pg';
import { logsUnit } from '../src/units/logs/index.ts';
import { migrate } from '../src/server.ts';
import { quoteIdent } from '../src/db/sql.ts';
import { TEST_DATABASE_URL } from './helpers.ts';

export interface FixtureLine {
  ts: Date;
  level?: string;
  service?: string;
  host?: string | null;
  message: string;
  request_id?: string | null;
  trace_id?: string | null;
  span_id?: string | null;
  error_type?: string | null;
  stack?: string | null;
  attrs?: Record<string, unknown>;
}

export async function logsSchema(schema: string): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 6 });
  await migrate(pool, { schema, ledgerTable: `${schema}.job_ledger` }, [logsUnit()]);
  return pool;
}

/** Inserts lines in the given order (ids increase in that order); returns their ids. */
export async function insertLines(
  pool: Pick<pg.Pool, 'query'>,
  schema: string,
  lines: readonly FixtureLine[]
): Promise<string[]> {
  const rows = lines.map((line, index) => ({
    n: index,
    ts: line.ts.toISOString(),
    level: line.level ?? 'info',
    service: line.service ?? 'api',
    host: line.host ?? null,
    message: line.message,
    request_id: line.request_id ?? null,
    trace_id: line.trace_id ?? null,
    span_id: line.span_id ?? null,
    error_type: line.error_type ?? null,
    stack: line.stack ?? null,
    attrs: line.attrs ?? {},
  }));
  const { rows: inserted } = await pool.query<{ id: string }>(
    `INSERT INTO ${quoteIdent(schema)}.logs (ts, level, service, host, message, request_id, trace_id, span_id, error_type, stack, attrs)
     SELECT ts, level, service, host, message, request_id, trace_id, span_id, error_type, stack, attrs
       FROM jsonb_to_recordset($1::jsonb) AS r(ts timestamptz, level text, service text, host text,
            message text, request_id text, trace_id text, span_id text, error_type text, stack text, attrs jsonb, n bigint)
      ORDER BY n
     RETURNING id::text`,
    [JSON.stringify(rows)]
  );
  return inserted.map((row) => row.id);
}
