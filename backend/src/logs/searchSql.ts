// The log search AST and filters → parameterised SQL conditions on <schema>.logs (alias `l`), pure.
// Every value is a $n parameter; identifiers come from COLUMNS only, never from the input.
// Text terms are ILIKE with LIKE's wildcards and the escape character escaped, so `%`, `_` and `\` are literal.
// Each text term can be compiled two ways, and the store picks by selectivity (postgres/search.ts):
//   indexed    l.message ILIKE $n             — pg_trgm's GIN index (013) answers it: right for rare words
//   unindexed  (l.message || '') ILIKE $n     — same truth, but no index matches the expression, so the planner
//                                               keeps the newest-first (ts, id) scan that stops after `limit` hits:
//                                               right for common words (the trigram path fetches every match and
//                                               sorts them).
import { LOG_LEVELS, logLevelRank, type LogLevel } from '@penguinmails/sysmon-contract';
import type { Comparison, FieldTerm, SearchClause, SearchTerm, TextTerm } from '../search/language.ts';
import type { LogFilter } from './store.ts';

/** The columns field terms compile to (the search table's fields besides level and attrs.*). */
const COLUMNS: Readonly<Record<string, string>> = {
  service: 'l.service',
  host: 'l.host',
  request_id: 'l.request_id',
  trace_id: 'l.trace_id',
  span_id: 'l.span_id',
  error_type: 'l.error_type',
};

export type TextMode = 'indexed' | 'unindexed';

/** Collects parameter values; `param` returns the placeholder. */
export class SqlParams {
  readonly values: unknown[] = [];

  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** LIKE pattern matching `text` anywhere, literally (ESCAPE '\'). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * Whether pg_trgm can use its index for this text: it needs a trigram, i.e. three word characters in a row.
 * Without one the GIN index would be read whole; such terms are always compiled unindexed.
 */
export function hasTrigram(text: string): boolean {
  return /[\p{L}\p{N}]{3}/u.test(text);
}

const COMPARE: Record<Comparison, (a: number, b: number) => boolean> = {
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
};

/** The levels a level term admits (before negation). */
export function levelsOf(term: FieldTerm): LogLevel[] {
  const rank = logLevelRank(term.value as LogLevel);
  if (!term.comparison) {
    return LOG_LEVELS.filter((level) => level === term.value);
  }
  const compare = COMPARE[term.comparison];
  return LOG_LEVELS.filter((level) => compare(logLevelRank(level), rank));
}

function textCondition(term: TextTerm, params: SqlParams, mode: TextMode): string {
  const column = mode === 'indexed' && !term.negated && hasTrigram(term.value) ? 'l.message' : "(l.message || '')";
  const match = `${column} ILIKE ${params.param(containsPattern(term.value))} ESCAPE '\\'`;
  return term.negated ? `NOT (${match})` : match;
}

/** attrs.<key>: the top-level key as written, or (for a dotted key) the nested path, compared as text. */
function attrExpression(key: string, params: SqlParams): string {
  const flat = `(l.attrs ->> ${params.param(key)})`;
  return key.includes('.') ? `coalesce(${flat}, l.attrs #>> ${params.param(key.split('.'))}::text[])` : flat;
}

/** A field term matching any of `values` (positive), or none of them (negated). */
function fieldCondition(field: string, values: readonly string[], negated: boolean, params: SqlParams): string {
  let expression: string;
  if (field.startsWith('attrs.')) {
    expression = attrExpression(field.slice('attrs.'.length), params);
  } else {
    const column = COLUMNS[field];
    if (column === undefined) {
      throw new Error(`no column for search field ${field}`);
    }
    expression = column;
  }
  const match =
    values.length === 1
      ? `${expression} = ${params.param(values[0])}`
      : `${expression} = ANY(${params.param(values)}::text[])`;
  // A line without the field is "not x" too.
  return negated ? `NOT coalesce(${match}, false)` : match;
}

function levelCondition(levels: readonly LogLevel[], negated: boolean, params: SqlParams): string {
  const admitted = negated ? LOG_LEVELS.filter((level) => !levels.includes(level)) : levels;
  return `l.level = ANY(${params.param(admitted)}::text[])`;
}

function termCondition(term: SearchTerm, params: SqlParams, mode: TextMode): string {
  if (term.kind === 'text') {
    return textCondition(term, params, mode);
  }
  if (term.field === 'level') {
    return levelCondition(levelsOf(term), term.negated, params);
  }
  return fieldCondition(term.field, [term.value], term.negated, params);
}

/** Whether the trigram index can drive this search: some AND clause is a positive word with a trigram. */
export function usesTrigramIndex(clauses: readonly SearchClause[]): boolean {
  return clauses.some((clause) => {
    const terms = clause.kind === 'or' ? clause.terms : [clause];
    return terms.every((term) => term.kind === 'text' && !term.negated && hasTrigram(term.value));
  });
}

/** One ANDed condition; `text` when it involves a word or phrase (a filter on the message). */
export interface Condition {
  sql: string;
  text: boolean;
}

const involvesText = (clause: SearchClause) =>
  (clause.kind === 'or' ? clause.terms : [clause]).some((term) => term.kind === 'text');

/** The WHERE conditions (ANDed) of a filter: search clauses, level and service chips, and the time range. */
export function filterConditions(filter: LogFilter, params: SqlParams, mode: TextMode): Condition[] {
  const where: Condition[] = [];
  const push = (sql: string, text = false) => where.push({ sql, text });
  // The same field given twice (positive, not in an OR) means either: service:a service:b.
  const either = new Map<string, string[]>();
  const eitherLevels: LogLevel[] = [];
  let hasLevelTerm = false;
  for (const clause of filter.search.terms) {
    if (clause.kind === 'or') {
      push(`(${clause.terms.map((term) => termCondition(term, params, mode)).join(' OR ')})`, involvesText(clause));
    } else if (clause.kind === 'field' && !clause.negated && clause.field === 'level') {
      hasLevelTerm = true;
      eitherLevels.push(...levelsOf(clause).filter((level) => !eitherLevels.includes(level)));
    } else if (clause.kind === 'field' && !clause.negated) {
      either.set(clause.field, [...(either.get(clause.field) ?? []), clause.value]);
    } else {
      push(termCondition(clause, params, mode), clause.kind === 'text');
    }
  }
  if (hasLevelTerm) {
    push(levelCondition(eitherLevels, false, params));
  }
  for (const [field, values] of either) {
    push(fieldCondition(field, values, false, params));
  }
  if (filter.levels.length > 0) {
    push(levelCondition(filter.levels, false, params));
  }
  if (filter.services.length > 0) {
    push(
      filter.services.length === 1
        ? `l.service = ${params.param(filter.services[0])}`
        : `l.service = ANY(${params.param(filter.services)}::text[])`
    );
  }
  push(`l.ts >= ${params.param(filter.from.toISOString())}::timestamptz`);
  push(`l.ts <= ${params.param(filter.to.toISOString())}::timestamptz`);
  return where;
}
