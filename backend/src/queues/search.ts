// Job search over the ledger: the search-language AST plus filters → one parameterised SQL statement, keyset
// paginated by (created_at, queue, id) descending (a job is (queue, id)) with an opaque cursor.
// Text terms are ILIKE on payload::text and last_error: a sequential filter over the rows the other conditions
// leave. Fine for the ledger sizes seen so far; the scale-up path is pg_trgm GIN indexes on (payload::text) and
// last_error, which these same ILIKE predicates use unchanged.
// Two guards keep one request from scanning the whole ledger: without `from` only the last
// DEFAULT_SEARCH_WINDOW_MS (24 h) before `to` (or now) is searched, and the statement runs under
// SEARCH_STATEMENT_TIMEOUT_MS (5 s); a search cut off by it is a 503 `query_timeout` asking for a narrower search.
import type { JobSearchResponse, LedgerStatus } from '@penguinmails/sysmon-contract';
import { isQueryCanceled, withStatementTimeout, type Pool } from '../db/pool.ts';
import { quoteIdent } from '../db/sql.ts';
import { InvalidInputError, TimeoutError } from '../errors.ts';
import { ledgerColumnsSql, SEARCH_PAYLOAD_LIMIT_BYTES, toLedgerRow, type LedgerDbRow } from './ledgerQueries.ts';
import type { LedgerSearch as SearchQuery, SearchField } from './searchLanguage.ts';

export const DEFAULT_SEARCH_LIMIT = 50;
export const MAX_SEARCH_LIMIT = 200;
/**
 * Searches without `from` cover this much time before `to` (or now): the newest day, where nearly every lookup
 * lands, instead of the whole ledger. Ask for older rows with an explicit `from`. The response's `range` says
 * which window was searched.
 */
export const DEFAULT_SEARCH_WINDOW_MS = 24 * 60 * 60 * 1000;
/**
 * statement_timeout of the search query (SET LOCAL in its own transaction). Text terms are ILIKE filters over
 * every row the other conditions leave, so a wide search over a large ledger can run for minutes; past this it
 * is cancelled and answered with 503 `query_timeout`.
 */
export const SEARCH_STATEMENT_TIMEOUT_MS = 5_000;

export interface SearchFilters {
  queue?: string;
  status?: LedgerStatus;
  /** created_at ≥ from */
  from?: Date;
  /** created_at ≤ to */
  to?: Date;
}

export interface SearchCursor {
  /** created_at in epoch microseconds (exact: timestamptz has µs precision, JS Dates only ms). */
  createdUs: string;
  queue: string;
  id: string;
}

export class InvalidCursorError extends InvalidInputError {
  constructor() {
    super('cursor is not one this service returned', 'cursor');
  }
}

export function encodeCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdUs, cursor.queue, cursor.id]), 'utf8').toString('base64url');
}

/** The last microsecond of 9999 (cursors hold created_at in µs since 1970). */
const MAX_CURSOR_US = BigInt(Date.UTC(10_000, 0, 1)) * 1000n - 1n;

export function decodeCursor(text: string): SearchCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    const plain = (text: unknown): text is string =>
      typeof text === 'string' && text.length <= 1_000 && !text.includes('\u0000');
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      typeof value[0] === 'string' &&
      /^\d{1,18}$/.test(value[0]) &&
      BigInt(value[0]) <= MAX_CURSOR_US &&
      plain(value[1]) &&
      plain(value[2])
    ) {
      return { createdUs: value[0], queue: value[1], id: value[2] };
    }
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}

/** Escapes LIKE wildcards so user text matches literally (used with ESCAPE '\'). */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

const COLUMN: Record<SearchField, string> = {
  id: 'id',
  request_id: 'request_id',
  name: 'name',
  status: 'status',
  queue: 'queue',
};

export interface CompiledSearch {
  text: string;
  values: unknown[];
}

/**
 * The page query: matching ids first (ordered, limited), then their columns, so the payload size guard and
 * preview are computed for the page's rows only. Fetches limit + 1 rows to know whether a next page exists.
 */
export function compileSearch(
  ledgerTable: string,
  query: SearchQuery,
  filters: SearchFilters,
  page: { limit: number; cursor?: SearchCursor }
): CompiledSearch {
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const where: string[] = [];

  const positives = new Map<SearchField, string[]>();
  for (const term of query.terms) {
    if (term.kind === 'text') {
      const pattern = param(likePattern(term.value));
      const match = `(t.payload::text ILIKE ${pattern} ESCAPE '\\' OR coalesce(t.last_error, '') ILIKE ${pattern} ESCAPE '\\')`;
      where.push(term.negated ? `NOT ${match}` : match);
    } else if (term.negated) {
      // IS DISTINCT FROM: a NULL request_id is "not req-1" too.
      where.push(`t.${COLUMN[term.field]} IS DISTINCT FROM ${param(term.value)}`);
    } else {
      positives.set(term.field, [...(positives.get(term.field) ?? []), term.value]);
    }
  }
  // The same field given twice means either value.
  for (const [field, fieldValues] of positives) {
    where.push(
      fieldValues.length === 1
        ? `t.${COLUMN[field]} = ${param(fieldValues[0])}`
        : `t.${COLUMN[field]} = ANY(${param(fieldValues)}::text[])`
    );
  }
  if (filters.queue !== undefined) {
    where.push(`t.queue = ${param(filters.queue)}`);
  }
  if (filters.status !== undefined) {
    where.push(`t.status = ${param(filters.status)}`);
  }
  if (filters.from !== undefined) {
    where.push(`t.created_at >= ${param(filters.from.toISOString())}::timestamptz`);
  }
  if (filters.to !== undefined) {
    where.push(`t.created_at <= ${param(filters.to.toISOString())}::timestamptz`);
  }
  if (page.cursor) {
    where.push(
      `(t.created_at, t.queue, t.id) < ('epoch'::timestamptz + ${param(page.cursor.createdUs)}::bigint * interval '1 microsecond', ${param(page.cursor.queue)}, ${param(page.cursor.id)})`
    );
  }
  const table = quoteIdent(ledgerTable);
  const limit = param(page.limit + 1);
  const payloadLimit = param(SEARCH_PAYLOAD_LIMIT_BYTES);
  const text = `WITH page AS (
  SELECT t.queue, t.id FROM ${table} AS t
  ${where.length > 0 ? `WHERE ${where.join('\n    AND ')}` : ''}
  ORDER BY t.created_at DESC, t.queue DESC, t.id DESC
  LIMIT ${limit}
)
SELECT ${ledgerColumnsSql(payloadLimit)},
       ((extract(epoch FROM l.created_at) * 1000000)::bigint)::text AS created_us
FROM page JOIN ${table} AS l ON l.queue = page.queue AND l.id = page.id
ORDER BY l.created_at DESC, l.queue DESC, l.id DESC`;
  return { text, values };
}

/** The search text of a parsed query, for messages (field terms as field:value, quoted when needed). */
export function searchText(query: SearchQuery): string {
  return query.terms
    .map((term) => {
      const value = /[\s"]/.test(term.value) ? JSON.stringify(term.value) : term.value;
      return `${term.negated ? '-' : ''}${term.kind === 'field' ? `${term.field}:` : ''}${value}`;
    })
    .join(' ');
}

export interface SearchOptions {
  /** statement_timeout in ms (default SEARCH_STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs?: number;
  /** Clock for the default window (tests). */
  now?: number;
}

/**
 * One page of matches, newest first. `filters.from` defaults to DEFAULT_SEARCH_WINDOW_MS before `filters.to`
 * (or now). Throws TimeoutError `query_timeout` when the statement runs past the statement timeout.
 */
export async function searchLedger(
  pool: Pool,
  ledgerTable: string,
  query: SearchQuery,
  filters: SearchFilters,
  page: { limit?: number; cursor?: SearchCursor } = {},
  options: SearchOptions = {}
): Promise<JobSearchResponse> {
  const limit = Math.min(Math.max(1, page.limit ?? DEFAULT_SEARCH_LIMIT), MAX_SEARCH_LIMIT);
  const from =
    filters.from ?? new Date((filters.to?.getTime() ?? options.now ?? Date.now()) - DEFAULT_SEARCH_WINDOW_MS);
  const compiled = compileSearch(ledgerTable, query, { ...filters, from }, { limit, cursor: page.cursor });
  const timeoutMs = options.statementTimeoutMs ?? SEARCH_STATEMENT_TIMEOUT_MS;
  let rows: Array<LedgerDbRow & { created_us: string }>;
  try {
    rows = await withStatementTimeout(
      pool,
      timeoutMs,
      async (client) => (await client.query<LedgerDbRow & { created_us: string }>(compiled.text, compiled.values)).rows
    );
  } catch (error) {
    if (isQueryCanceled(error)) {
      throw new TimeoutError(
        'query_timeout',
        `search q=${JSON.stringify(searchText(query))} took longer than ${timeoutMs / 1000} s and was stopped; ` +
          'narrow it with a shorter time range (from/to) or a queue'
      );
    }
    throw error;
  }
  const pageRows = rows.slice(0, limit);
  const last = pageRows[pageRows.length - 1];
  return {
    rows: pageRows.map(toLedgerRow),
    nextCursor:
      rows.length > limit && last ? encodeCursor({ createdUs: last.created_us, queue: last.queue, id: last.id }) : null,
    range: { from: from.toISOString(), to: filters.to?.toISOString() ?? null },
  };
}
