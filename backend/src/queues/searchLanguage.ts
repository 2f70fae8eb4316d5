// The job search language (pure): `q` text → AST. Compiled to SQL over the ledger by search.ts.
//   words            every word must match (ILIKE on payload text or last_error)
//   "a phrase"       the phrase must match as written
//   -word, -"phrase" must not match
//   id:<jobId>  request_id:<id>  name:<job name>  status:<ledger status>  queue:<name>   exact matches;
//   a field repeated (status:failed status:delayed) means either; -field:value excludes. Values may be quoted.
// Anything that looks like `field:value` with an unknown field is an error, so a typo never silently becomes a
// text search; quote it ("smtp:421") to search for the text.
import { InvalidInputError } from '../errors.ts';
import { LEDGER_STATUSES, type LedgerStatus } from '@penguinmails/sysmon-contract';

export const SEARCH_FIELDS = ['id', 'request_id', 'name', 'status', 'queue'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

export const MAX_QUERY_LENGTH = 1_000;
export const MAX_TERMS = 32;

export interface TextTerm {
  kind: 'text';
  value: string;
  negated: boolean;
}

export interface FieldTerm {
  kind: 'field';
  field: SearchField;
  value: string;
  negated: boolean;
}

export type SearchTerm = TextTerm | FieldTerm;

export interface SearchQuery {
  terms: SearchTerm[];
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

const isSearchField = (name: string): name is SearchField => (SEARCH_FIELDS as readonly string[]).includes(name);

/** Parses the search text; throws SearchSyntaxError with a message naming the problem. */
export function parseSearch(input: string): SearchQuery {
  if (input.length > MAX_QUERY_LENGTH) {
    throw new SearchSyntaxError(`search text is longer than ${MAX_QUERY_LENGTH} characters`);
  }
  const tokens = tokenize(input);
  if (tokens.length > MAX_TERMS) {
    throw new SearchSyntaxError(`search has ${tokens.length} terms; at most ${MAX_TERMS} are allowed`);
  }
  const terms = tokens.map((token): SearchTerm => {
    if (token.field === undefined) {
      if (token.text === '') {
        throw new SearchSyntaxError(`empty phrase at position ${token.position}`);
      }
      return { kind: 'text', value: token.text, negated: token.negated };
    }
    const field = token.field.toLowerCase();
    if (!isSearchField(field)) {
      throw new SearchSyntaxError(
        `unknown field "${token.field}" at position ${token.position}; known fields: ${SEARCH_FIELDS.join(', ')} ` +
          `(put text containing ":" in quotes)`
      );
    }
    if (token.text === '') {
      throw new SearchSyntaxError(`${field}: needs a value (position ${token.position})`);
    }
    if (field === 'status' && !(LEDGER_STATUSES as readonly string[]).includes(token.text.toLowerCase())) {
      throw new SearchSyntaxError(`unknown status "${token.text}"; expected one of: ${LEDGER_STATUSES.join(', ')}`);
    }
    const value = field === 'status' ? (token.text.toLowerCase() as LedgerStatus) : token.text;
    return { kind: 'field', field, value, negated: token.negated };
  });
  return { terms };
}
