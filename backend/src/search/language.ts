// The one search language (pure), Papertrail/Lucene-like: `q` text → AST, given the field table of a vertical.
//   words            every word must match (the vertical decides against what: payload, message…)
//   "a phrase"       the phrase must match as written
//   -word, -"phrase" must not match
//   field:value      an exact match on a field of the table; `prefix.key:value` for a table prefix (`attrs.`);
//   a field repeated (status:failed status:delayed) means either; -field:value excludes. Values may be quoted.
//   field:>=value    on an ordered field (the table lists its values in order, e.g. levels): also >, <, <=.
//   a OR b           either term. OR binds tighter than the implicit AND: `smtp timeout OR refused` is
//                    smtp AND (timeout OR refused); `a OR b OR c` is one group. No parentheses. Only the bare
//                    upper-case word OR is the operator; "OR" in quotes or lower-case `or` are words.
// Anything that looks like `field:value` with an unknown field is an error, so a typo never silently becomes a
// text search; quote it ("smtp:421") to search for the text. Every error is a SearchSyntaxError naming the
// position (1-based) and the problem. Each vertical compiles the AST to its own SQL.
import { InvalidInputError } from '../errors.ts';

export interface SearchFieldSpec {
  /** The only values allowed (matched case-insensitively, normalised to lower case), e.g. statuses. */
  values?: readonly string[];
  /** `values` are listed in increasing order and the field takes comparisons (`level:>=warn`). */
  ordered?: boolean;
}

export interface SearchFieldTable {
  /** Exact field names (matched case-insensitively), e.g. `status`, `request_id`. */
  fields: Readonly<Record<string, SearchFieldSpec>>;
  /** Prefixes of open-ended fields, e.g. `attrs.` for `attrs.customer:acme` (the key keeps its case). */
  prefixes?: Readonly<Record<string, SearchFieldSpec>>;
}

export const MAX_QUERY_LENGTH = 1_000;
export const MAX_TERMS = 32;

export interface TextTerm {
  kind: 'text';
  value: string;
  negated: boolean;
}

export type Comparison = '>' | '>=' | '<' | '<=';

export interface FieldTerm<Field extends string = string> {
  kind: 'field';
  /** The table's field name (lower case), or a prefix plus its key (`attrs.customer`). */
  field: Field;
  value: string;
  negated: boolean;
  /** Set for `field:>=value` on an ordered field; absent for an exact match. */
  comparison?: Comparison;
}

export type SearchTerm<Field extends string = string> = TextTerm | FieldTerm<Field>;

/** Two or more terms joined by OR: one of them must match. */
export interface OrGroup<Field extends string = string> {
  kind: 'or';
  terms: Array<SearchTerm<Field>>;
}

export type SearchClause<Field extends string = string> = SearchTerm<Field> | OrGroup<Field>;

/** Every clause must match (implicit AND). */
export interface SearchQuery<Field extends string = string, Clause = SearchClause<Field>> {
  terms: Clause[];
}

/** A problem in the search text the user can fix; `message` says where. */
export class SearchSyntaxError extends InvalidInputError {}

export interface ParseOptions {
  /** false: `OR` is refused with a syntax error (a vertical whose compiler has no OR). Default true. */
  or?: boolean;
}

interface Token {
  text: string;
  quoted: boolean;
  negated: boolean;
  /** For `field:value` tokens. */
  field?: string;
  position: number;
}

function readQuoted(input: string, start: number): { value: string; end: number } {
  // start points at the opening quote; \" and \\ are escapes inside quotes.
  let value = '';
  for (let index = start + 1; index < input.length; index += 1) {
    const char = input[index]!;
    if (char === '\\' && index + 1 < input.length) {
      value += input[index + 1];
      index += 1;
    } else if (char === '"') {
      return { value, end: index + 1 };
    } else {
      value += char;
    }
  }
  throw new SearchSyntaxError(`unterminated quote starting at position ${start + 1}`);
}

const isSpace = (char: string) => /\s/.test(char);

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < input.length) {
    if (isSpace(input[index]!)) {
      index += 1;
      continue;
    }
    const position = index + 1;
    let negated = false;
    if (input[index] === '-' && index + 1 < input.length && !isSpace(input[index + 1]!)) {
      negated = true;
      index += 1;
    }
    if (input[index] === '"') {
      const { value, end } = readQuoted(input, index);
      tokens.push({ text: value, quoted: true, negated, position });
      index = end;
      continue;
    }
    const fieldMatch = /^([A-Za-z_][A-Za-z0-9_.]*):/.exec(input.slice(index));
    if (fieldMatch) {
      const field = fieldMatch[1]!;
      index += fieldMatch[0].length;
      if (input[index] === '"') {
        const { value, end } = readQuoted(input, index);
        tokens.push({ text: value, quoted: true, negated, field, position });
        index = end;
      } else {
        const start = index;
        while (index < input.length && !isSpace(input[index]!)) {
          index += 1;
        }
        tokens.push({ text: input.slice(start, index), quoted: false, negated, field, position });
      }
      continue;
    }
    const start = index;
    while (index < input.length && !isSpace(input[index]!)) {
      index += 1;
    }
    tokens.push({ text: input.slice(start, index), quoted: false, negated, position });
  }
  return tokens;
}

/** The field and its spec for a `name:` token, or undefined when the table has no such field. */
function lookupField(table: SearchFieldTable, name: string): { field: string; spec: SearchFieldSpec } | undefined {
  const lower = name.toLowerCase();
  if (Object.hasOwn(table.fields, lower)) {
    return { field: lower, spec: table.fields[lower]! };
  }
  for (const [prefix, spec] of Object.entries(table.prefixes ?? {})) {
    if (lower.startsWith(prefix) && name.length > prefix.length) {
      return { field: prefix + name.slice(prefix.length), spec };
    }
  }
  return undefined;
}

const knownFields = (table: SearchFieldTable) =>
  [...Object.keys(table.fields), ...Object.keys(table.prefixes ?? {}).map((prefix) => `${prefix}<key>`)].join(', ');

const COMPARISON = /^(>=|<=|>|<)/;

const isOrOperator = (token: Token) =>
  !token.quoted && !token.negated && token.field === undefined && token.text === 'OR';

function toTerm<Field extends string>(token: Token, table: SearchFieldTable): SearchTerm<Field> {
  if (token.field === undefined) {
    if (token.text === '') {
      throw new SearchSyntaxError(`empty phrase at position ${token.position}`);
    }
    return { kind: 'text', value: token.text, negated: token.negated };
  }
  const found = lookupField(table, token.field);
  if (!found) {
    throw new SearchSyntaxError(
      `unknown field "${token.field}" at position ${token.position}; known fields: ${knownFields(table)} ` +
        `(put text containing ":" in quotes)`
    );
  }
  const { field, spec } = found;
  let value = token.text;
  let comparison: Comparison | undefined;
  const operator = token.quoted ? undefined : COMPARISON.exec(value)?.[1];
  if (operator !== undefined) {
    if (!spec.ordered) {
      throw new SearchSyntaxError(
        `${field} does not take comparisons ("${operator}" at position ${token.position}); ` +
          `quote the value to match it as written`
      );
    }
    comparison = operator as Comparison;
    value = value.slice(operator.length);
  }
  if (value === '') {
    throw new SearchSyntaxError(`${field}:${comparison ?? ''} needs a value (position ${token.position})`);
  }
  if (spec.values) {
    const lower = value.toLowerCase();
    if (!spec.values.includes(lower)) {
      throw new SearchSyntaxError(
        `unknown ${field} "${value}"; expected one of: ${spec.values.join(', ')} (position ${token.position})`
      );
    }
    value = lower;
  }
  return { kind: 'field', field: field as Field, value, negated: token.negated, ...(comparison ? { comparison } : {}) };
}

/**
 * Parses the search text against a field table; throws SearchSyntaxError with a message naming the problem and
 * where. With `{ or: false }` the query has plain terms only (OR is refused).
 */
export function parseSearch<Field extends string = string>(
  input: string,
  table: SearchFieldTable,
  options: { or: false }
): SearchQuery<Field, SearchTerm<Field>>;
export function parseSearch<Field extends string = string>(
  input: string,
  table: SearchFieldTable,
  options?: ParseOptions
): SearchQuery<Field>;
export function parseSearch<Field extends string = string>(
  input: string,
  table: SearchFieldTable,
  options: ParseOptions = {}
): SearchQuery<Field> {
  if (input.length > MAX_QUERY_LENGTH) {
    throw new SearchSyntaxError(`search text is longer than ${MAX_QUERY_LENGTH} characters`);
  }
  const tokens = tokenize(input);
  const termCount = tokens.filter((token) => !isOrOperator(token)).length;
  if (termCount > MAX_TERMS) {
    throw new SearchSyntaxError(`search has ${termCount} terms; at most ${MAX_TERMS} are allowed`);
  }
  const clauses: Array<SearchClause<Field>> = [];
  // The group the previous term belongs to, while an OR may still extend it.
  let pendingOr: Token | undefined;
  tokens.forEach((token, index) => {
    if (isOrOperator(token)) {
      if (options.or === false) {
        throw new SearchSyntaxError(
          `OR at position ${token.position} is not supported in this search; put it in quotes ("OR") to search for the word`
        );
      }
      const next = tokens[index + 1];
      if (clauses.length === 0 || pendingOr || !next || isOrOperator(next)) {
        throw new SearchSyntaxError(`OR at position ${token.position} needs a term on each side`);
      }
      pendingOr = token;
      return;
    }
    const term = toTerm<Field>(token, table);
    if (pendingOr) {
      pendingOr = undefined;
      const previous = clauses.pop()!;
      clauses.push(
        previous.kind === 'or'
          ? { kind: 'or', terms: [...previous.terms, term] }
          : { kind: 'or', terms: [previous, term] }
      );
      return;
    }
    clauses.push(term);
  });
  return { terms: clauses };
}

/** The words and phrases a query looks for (not negated), e.g. for highlighting. */
export function searchWords(query: SearchQuery): string[] {
  const words: string[] = [];
  for (const clause of query.terms) {
    for (const term of clause.kind === 'or' ? clause.terms : [clause]) {
      if (term.kind === 'text' && !term.negated && !words.includes(term.value)) {
        words.push(term.value);
      }
    }
  }
  return words;
}
