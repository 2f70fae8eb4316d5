// Log search on PostgreSQL: one page of matching lines, newest first (ORDER BY ts DESC, id DESC), a `before`
// cursor for older pages and an `after` cursor for the live tail.
//
// Plan choice by selectivity. With a trigram GIN index, PostgreSQL answers "newest 100 lines containing a common
// word" by fetching every match through the index and sorting them, where a newest-first scan with the filter
// stops after 100 hits; for a rare word it is the other way round. So a search with words runs as:
//   1. probe = the ordered scan, bounded: the newest PROBE_WINDOW lines passing the non-text conditions, filtered
//      by the words, stopping at limit + 1 hits. Enough hits: that is the answer (common words end here, and the
//      window's cost was the scan that answers them anyway).
//   2. otherwise the words are rarer than (limit + 1) / PROBE_WINDOW in that stream. The probe measured their
//      selectivity (hits / window); with the lines left in the range (from the window's rate) it prices both paths
//      (continuationPath): usually the rest of the range (older than the window's last line) runs on the trigram
//      path: the conditions in a subquery planned without ORDER BY/LIMIT (OFFSET 0), which picks the trigram
//      bitmap, then the top hits sorted; a word just under the threshold over days of lines (tens of thousands of
//      matches) instead continues the ordered scan.
// Searches without a word with a trigram are one ordered query (the planner's choice is right for them).
//
// Live tail (`after`): ids come from a sequence at insert, so a transaction committing late can commit ids below
// a cursor already handed out; a plain `id > after` loses those lines. The tail therefore only returns ids up to
// a watermark below which every id is settled (committed or rolled back): in a statement before the read, the
// sequence's value S and the start of the oldest transaction of another session that writes (has an xid, or is
// running a statement) are read. No such transaction: every id ≤ S is settled. Otherwise the watermark is the
// newest earlier sample of S taken before that transaction started (ids allocated before it started belong to
// transactions that have all ended). Samples are kept per store in memory from previous reads. Needs the service's
// role to see other sessions in pg_stat_activity (the same role, or pg_read_all_stats).
import type { LogLine } from '@penguinmails/sysmon-contract';
import type pg from 'pg';
import { isQueryCanceled, withStatementTimeout } from '../../db/pool.ts';
import { quoteIdent } from '../../db/sql.ts';
import { InvalidInputError, TimeoutError } from '../../errors.ts';
import { filterConditions, SqlParams, usesTrigramIndex, type Condition, type TextMode } from '../searchSql.ts';
import type { LogFilter, LogSearchPage, LogSearchRequest } from '../store.ts';
import type { LogTable } from './target.ts';

/** statement_timeout of a log read; past it the read fails with TimeoutError `query_timeout`. */
export const LOG_READ_TIMEOUT_MS = 10_000;

/** Lines the probe scans newest first before the trigram path takes over: 200 per line asked for, bounded. */
export function probeWindow(limit: number): number {
  return Math.min(100_000, Math.max(10_000, 200 * (limit + 1)));
}

export const logsTable = (schema: string) => `${quoteIdent(schema)}.logs`;

/** The columns of a line as LogRow reads them (alias l). */
export const LINE_COLUMNS = `l.id::text AS id, l.ts, l.level, l.service, l.host, l.message, l.request_id, l.trace_id,
  l.span_id, l.error_type, l.stack, l.attrs, l.truncated`;

export interface LogRow {
  id: string;
  ts: Date;
  level: LogLine['level'];
  service: string;
  host: string | null;
  message: string;
  request_id: string | null;
  trace_id: string | null;
  span_id: string | null;
  error_type: string | null;
  stack: string | null;
  attrs: Record<string, unknown>;
  truncated: boolean;
}

export function toLogLine(row: LogRow): LogLine {
  return {
    id: row.id,
    ts: row.ts.toISOString(),
    level: row.level,
    service: row.service,
    host: row.host,
    message: row.message,
    requestId: row.request_id,
    traceId: row.trace_id,
    spanId: row.span_id,
    errorType: row.error_type,
    stack: row.stack,
    attrs: row.attrs,
    truncated: row.truncated,
  };
}

/** Runs `work` under the log read timeout, turning a cancelled statement into TimeoutError. */
export async function withLogReadTimeout<T>(
  table: LogTable,
  what: string,
  work: (client: pg.PoolClient) => Promise<T>
): Promise<T> {
  try {
    return await withStatementTimeout(table.pool, LOG_READ_TIMEOUT_MS, work);
  } catch (error) {
    if (isQueryCanceled(error)) {
      throw new TimeoutError(
        'query_timeout',
        `${what} took longer than ${LOG_READ_TIMEOUT_MS / 1000} s and was stopped; narrow the time range or add a service, level or field`
      );
    }
    throw error;
  }
}

// ---- The tail watermark ------------------------------------------------------------------------------------------

interface SequenceSample {
  /** Server clock (clock_timestamp()) in µs since the epoch, read after the value. */
  atUs: bigint;
  value: bigint;
}

const MAX_SAMPLES = 256;
const samplesByStore = new WeakMap<pg.Pool, Map<string, SequenceSample[]>>();

function samplesOf(table: LogTable): SequenceSample[] {
  let bySchema = samplesByStore.get(table.pool);
  if (!bySchema) {
    bySchema = new Map();
    samplesByStore.set(table.pool, bySchema);
  }
  let samples = bySchema.get(table.schema);
  if (!samples) {
    samples = [];
    bySchema.set(table.schema, samples);
  }
  return samples;
}

/**
 * The highest id below which every id is settled (see the header), or undefined when none is known yet. Must run
 * before the statement that reads lines (that statement's snapshot then holds every settled line).
 */
export async function settledWatermark(client: pg.PoolClient, table: LogTable): Promise<bigint | undefined> {
  const { rows } = await client.query<{
    last_value: string;
    is_called: boolean;
    at_us: string;
    writer_us: string | null;
  }>(
    `SELECT s.last_value::text, s.is_called,
            (extract(epoch FROM clock_timestamp()) * 1000000)::bigint::text AS at_us,
            (SELECT (extract(epoch FROM min(a.xact_start)) * 1000000)::bigint::text
               FROM pg_stat_activity a
              WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.xact_start IS NOT NULL
                AND a.backend_type = 'client backend'
                AND (a.backend_xid IS NOT NULL OR a.state = 'active')) AS writer_us
       FROM ${quoteIdent(table.schema)}.logs_id_seq s`
  );
  const row = rows[0]!;
  const value = row.is_called ? BigInt(row.last_value) : BigInt(row.last_value) - 1n;
  const samples = samplesOf(table);
  samples.push({ atUs: BigInt(row.at_us), value });
  if (samples.length > MAX_SAMPLES) {
    samples.splice(0, samples.length - MAX_SAMPLES);
  }
  if (row.writer_us === null) {
    return value;
  }
  const writerStart = BigInt(row.writer_us);
  let watermark: bigint | undefined;
  for (const sample of samples) {
    if (sample.atUs < writerStart && (watermark === undefined || sample.value > watermark)) {
      watermark = sample.value;
    }
  }
  return watermark;
}

// ---- Search ------------------------------------------------------------------------------------------------------

const where = (conditions: readonly Condition[]) =>
  conditions.length > 0 ? `WHERE ${conditions.map((condition) => condition.sql).join('\n    AND ')}` : '';

interface Bound {
  tsUs: string;
  id: string;
}

function olderThan(bound: Bound, params: SqlParams): Condition[] {
  const ts = `('epoch'::timestamptz + ${params.param(bound.tsUs)}::bigint * interval '1 microsecond')`;
  return [
    // The plain ts bound prunes partitions; the row comparison is the exact keyset.
    { sql: `l.ts <= ${ts}`, text: false },
    { sql: `(l.ts, l.id) < (${ts}, ${params.param(bound.id)}::bigint)`, text: false },
  ];
}

export interface CompiledQuery {
  text: string;
  values: unknown[];
}

/** One ordered query: newest first, limit rows (the planner picks the index). */
export function compileOrderedSearch(
  filter: LogFilter,
  limit: number,
  bound?: Bound,
  mode: TextMode = 'unindexed'
): CompiledQuery {
  const params = new SqlParams();
  const conditions = [...filterConditions(filter, params, mode), ...(bound ? olderThan(bound, params) : [])];
  return {
    text: `SELECT ${LINE_COLUMNS} FROM ${logsTable('__schema__')} AS l
  ${where(conditions)}
  ORDER BY l.ts DESC, l.id DESC
  LIMIT ${params.param(limit)}`,
    values: params.values,
  };
}

/**
 * The probe: the newest `window` lines passing the non-text conditions, filtered by the text ones, at most `limit`
 * hits. The window's last line is returned too (matched = false unless it matches), as the boundary for step 2.
 */
export function compileProbeSearch(filter: LogFilter, limit: number, window: number, bound?: Bound): CompiledQuery {
  const params = new SqlParams();
  const conditions = [...filterConditions(filter, params, 'unindexed'), ...(bound ? olderThan(bound, params) : [])];
  const inner = conditions.filter((condition) => !condition.text);
  const text = conditions.filter((condition) => condition.text).map((condition) => condition.sql);
  const windowParam = params.param(window);
  const matched = text.length > 0 ? text.join(' AND ') : 'true';
  return {
    text: `SELECT ${LINE_COLUMNS}, l.matched, l.rn, (extract(epoch FROM l.ts) * 1000000)::bigint::text AS ts_us
  FROM (
    SELECT l.*, ${matched} AS matched FROM (
      SELECT l.*, row_number() OVER (ORDER BY l.ts DESC, l.id DESC) AS rn FROM ${logsTable('__schema__')} AS l
      ${where(inner)}
      ORDER BY l.ts DESC, l.id DESC
      LIMIT ${windowParam}
    ) AS l
  ) AS l
  WHERE l.matched OR l.rn = ${windowParam}
  ORDER BY l.ts DESC, l.id DESC
  LIMIT ${params.param(limit + 1)}`,
    values: params.values,
  };
}

/** Step 2: the trigram path over lines older than the probe window (planned without ORDER BY/LIMIT). */
export function compileIndexedSearch(filter: LogFilter, limit: number, bound: Bound): CompiledQuery {
  const params = new SqlParams();
  const conditions = [...filterConditions(filter, params, 'indexed'), ...olderThan(bound, params)];
  return {
    text: `SELECT l.* FROM (
    SELECT ${LINE_COLUMNS}, l.ts AS sort_ts, l.id AS sort_id FROM ${logsTable('__schema__')} AS l
    ${where(conditions)}
    OFFSET 0
  ) l
  ORDER BY l.sort_ts DESC, l.sort_id DESC
  LIMIT ${params.param(limit)}`,
    values: params.values,
  };
}

/** Lines with an id in (after, upTo], oldest first (so a tail never skips), at most `limit`. */
export function compileTailSearch(filter: LogFilter, limit: number, after: bigint, upTo: bigint): CompiledQuery {
  const params = new SqlParams();
  const conditions = [
    ...filterConditions(filter, params, 'unindexed'),
    { sql: `l.id > ${params.param(after.toString())}::bigint`, text: false },
    { sql: `l.id <= ${params.param(upTo.toString())}::bigint`, text: false },
  ];
  return {
    text: `SELECT ${LINE_COLUMNS} FROM ${logsTable('__schema__')} AS l
  ${where(conditions)}
  ORDER BY l.id
  LIMIT ${params.param(limit)}`,
    values: params.values,
  };
}

const inSchema = (query: CompiledQuery, schema: string) =>
  query.text.replaceAll(logsTable('__schema__'), logsTable(schema));

async function cursorBound(client: pg.PoolClient, table: LogTable, id: bigint): Promise<Bound> {
  const { rows } = await client.query<{ ts_us: string }>(
    `SELECT (extract(epoch FROM ts) * 1000000)::bigint::text AS ts_us FROM ${logsTable(table.schema)} WHERE id = $1`,
    [id.toString()]
  );
  if (!rows[0]) {
    throw new InvalidInputError(`no log line ${id} (it may have passed retention); search again`, 'before');
  }
  return { tsUs: rows[0].ts_us, id: id.toString() };
}

const byNewest = (a: LogRow, b: LogRow) =>
  b.ts.getTime() - a.ts.getTime() || (BigInt(b.id) > BigInt(a.id) ? 1 : BigInt(b.id) < BigInt(a.id) ? -1 : 0);

/**
 * Fetching a match through the trigram index (bitmap, recheck, random heap page) costs about this many lines of
 * the newest-first scan (measured: BENCHMARKS.md, "Logs: search").
 */
export const TRIGRAM_FETCH_COST = 4;

/**
 * After a probe that found too few hits: go on with the ordered scan or switch to the trigram path, by the
 * selectivity the probe measured (hits / window) and the lines left in the range (estimated from the window's
 * rate: window lines over its time span). Ordered: (need / selectivity) lines more. Trigram: selectivity × rest
 * matches at TRIGRAM_FETCH_COST each. No hits at all: trigram.
 */
export function continuationPath(probe: {
  limit: number;
  hits: number;
  window: number;
  windowSpanMs: number;
  restSpanMs: number;
}): 'indexed' | 'probe+ordered' {
  if (probe.hits === 0 || probe.windowSpanMs <= 0) {
    return 'indexed';
  }
  const selectivity = probe.hits / probe.window;
  const restLines = (probe.window * Math.max(0, probe.restSpanMs)) / probe.windowSpanMs;
  const orderedLines = (probe.limit + 1 - probe.hits) / selectivity;
  const trigramLines = TRIGRAM_FETCH_COST * selectivity * restLines;
  return orderedLines < trigramLines ? 'probe+ordered' : 'indexed';
}

export interface SearchPlanReport {
  /**
   * Which path answered: ordered (one query, no words), probe (the bounded ordered scan sufficed), indexed (probe,
   * then the trigram path), probe+ordered (probe, then the ordered scan went on: selectivity just under the probe's).
   */
  path: 'ordered' | 'probe' | 'indexed' | 'probe+ordered' | 'tail';
  /** The statements that read lines, as run (for EXPLAIN in tests and the benchmark). */
  queries: CompiledQuery[];
}

export interface SearchLogsOptions {
  /** Learns which path ran and its statements (tests, the benchmark). */
  report?: (plan: SearchPlanReport) => void;
  /** Overrides probeWindow(limit) (tests of the two-step path on small data). */
  probeWindow?: number;
  /** Overrides continuationPath (tests of both continuations on small data). */
  continuation?: 'indexed' | 'probe+ordered';
}

/** One page of a log search. */
export async function searchLogs(
  table: LogTable,
  request: LogSearchRequest,
  options: SearchLogsOptions = {}
): Promise<LogSearchPage> {
  const { report } = options;
  const limit = request.limit;
  return withLogReadTimeout(table, 'log search', async (client) => {
    const queries: CompiledQuery[] = [];
    const run = async (query: CompiledQuery) => {
      const statement = { text: inSchema(query, table.schema), values: query.values };
      queries.push(statement);
      return (await client.query<LogRow & { matched?: boolean; rn?: string; ts_us?: string }>(statement)).rows;
    };

    const watermark = await settledWatermark(client, table);
    if (request.after !== undefined) {
      if (watermark === undefined || watermark <= request.after) {
        report?.({ path: 'tail', queries });
        return { lines: [], newestId: request.after.toString() };
      }
      const rows = await run(compileTailSearch(request, limit + 1, request.after, watermark));
      report?.({ path: 'tail', queries });
      const page = rows.slice(0, limit);
      const newest = page.length > 0 ? page[page.length - 1]!.id : request.after.toString();
      return { lines: page.sort(byNewest).map(toLogLine), newestId: newest };
    }

    const bound = request.before !== undefined ? await cursorBound(client, table, request.before) : undefined;
    let rows: LogRow[];
    if (!usesTrigramIndex(request.search.terms)) {
      rows = await run(compileOrderedSearch(request, limit + 1, bound));
      report?.({ path: 'ordered', queries });
    } else {
      const window = options.probeWindow ?? probeWindow(limit);
      const probed = await run(compileProbeSearch(request, limit, window, bound));
      rows = probed.filter((row) => row.matched);
      const last = probed[probed.length - 1];
      if (rows.length > limit || !last || last.rn === undefined || Number(last.rn) < window) {
        // Enough hits, or the window held the whole (rest of the) range.
        report?.({ path: 'probe', queries });
      } else {
        const boundary = { tsUs: last.ts_us!, id: last.id };
        const windowEndMs = Math.min(request.to.getTime(), Date.now());
        const path =
          options.continuation ??
          continuationPath({
            limit,
            hits: rows.length,
            window,
            windowSpanMs: windowEndMs - Number(BigInt(boundary.tsUs) / 1000n),
            restSpanMs: Number(BigInt(boundary.tsUs) / 1000n) - request.from.getTime(),
          });
        const need = limit + 1 - rows.length;
        const rest = await run(
          path === 'indexed'
            ? compileIndexedSearch(request, need, boundary)
            : compileOrderedSearch(request, need, boundary, 'unindexed')
        );
        rows = [...rows, ...rest];
        report?.({ path, queries });
      }
    }
    const page = rows.slice(0, limit);
    const more = rows.length > limit;
    let newestId: string | undefined;
    if (bound === undefined && watermark !== undefined) {
      // The tail continues from here: never past an unsettled id (it may repeat a line shown here; ids dedupe).
      const newest = page.reduce<bigint | undefined>(
        (max, row) => (max === undefined || BigInt(row.id) > max ? BigInt(row.id) : max),
        undefined
      );
      newestId = (newest === undefined || newest > watermark ? watermark : newest).toString();
    }
    return {
      lines: page.map(toLogLine),
      ...(more && page.length > 0 ? { nextCursor: page[page.length - 1]!.id } : {}),
      ...(newestId !== undefined ? { newestId } : {}),
    };
  });
}
