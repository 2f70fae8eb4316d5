// The one search language (pure), Papertrail/Lucene-like: `q` text → AST, given the field table of a vertical.
//   words            every word must match (the vertical decides against what: payload, message…)
//   "a phrase"       the phrase must match as written
//   -word, -"phrase" must not match
//   field:value      an exact match on a field of the table; `prefix.key:value` for a table prefix (`attrs.`);
//   a field repeated (status:failed status:delayed) means either; -field:value excludes. Values may be quoted.
// Anything that looks like `field:value` with an unknown field is an error, so a typo never silently becomes a
// text search; quote it ("smtp:421") to search for the text. Each vertical compiles the AST to its own SQL.
import { InvalidInputError } from '../errors.ts';

export interface SearchFieldSpec {
  /** The only values allowed (matched case-insensitively, normalised to lower case), e.g. statuses. */
  values?: readonly string[];
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

export interface FieldTerm<Field extends string = string> {
  kind: 'field';
  /** The table's field name (lower case), or a prefix plus its key (`attrs.customer`). */
  field: Field;
  value: string;
  negated: boolean;
}

export type SearchTerm<Field extends string = string> = TextTerm | FieldTerm<Field>;

export interface SearchQuery<Field extends string = string> {
  terms: Array<SearchTerm<Field>>;
}

/** A problem in the search text the user can fix; `message` says where. */
export class SearchSyntaxError extends InvalidInputError {}

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

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < input.length) {
    if (/\s/.test(input[index]!)) {
      index += 1;
      continue;
    }
    const position = index + 1;
    let negated = false;
    if (input[index] === '-' && index + 1 < input.length && !/\s/.test(input[index + 1]!)) {
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
        while (index < input.length && !/\s/.test(input[index]!)) {
          index += 1;
        }
        tokens.push({ text: input.slice(start, index), quoted: false, negated, field, position });
      }
      continue;
    }
    const start = index;
    while (index < input.length && !/\s/.test(input[index]!)) {
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

/** Parses the search text against a field table; throws SearchSyntaxError with a message naming the problem. */
export function parseSearch<Field extends string = string>(input: string, table: SearchFieldTable): SearchQuery<Field> {
  if (input.length > MAX_QUERY_LENGTH) {
    throw new SearchSyntaxError(`search text is longer than ${MAX_QUERY_LENGTH} characters`);
  }
  const tokens = tokenize(input);
  if (tokens.length > MAX_TERMS) {
    throw new SearchSyntaxError(`search has ${tokens.length} terms; at most ${MAX_TERMS} are allowed`);
  }
  const terms = tokens.map((token): SearchTerm<Field> => {
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
    if (token.text === '') {
      throw new SearchSyntaxError(`${field}: needs a value (position ${token.position})`);
    }
    let value = token.text;
    if (spec.values) {
      value = value.toLowerCase();
      if (!spec.values.includes(value)) {
        throw new SearchSyntaxError(`unknown ${field} "${token.text}"; expected one of: ${spec.values.join(', ')}`);
      }
    }
    return { kind: 'field', field: field as Field, value, negated: token.negated };
  });
  return { terms };
}
