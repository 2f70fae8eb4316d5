// Reading and editing log search text (DESIGN.md §5 language) for Explore's filter buttons and for template
// variables. The service parses the text (backend/src/search/language.ts); this side only finds `field:value`
// terms, writes new ones with the same quoting rules, and never throws: half-typed text stays as the user left it.
import { LOG_ATTRS_PREFIX, LOG_SEARCH_FIELDS } from '@penguinmails/sysmon-contract';

/** One term of the search text, with where it is (so it can be cut out without touching the rest). */
export interface SearchToken {
  start: number;
  end: number;
  negated: boolean;
  /** The field as written (`service`, `attrs.customer`); undefined for a word or phrase. */
  field?: string;
  /** The value, unescaped. */
  value: string;
}

const FIELD_PREFIX = /^([A-Za-z_][A-Za-z0-9_.]*):/;
const isSpace = (char: string | undefined) => char !== undefined && /\s/.test(char);

/** Reads a quoted value starting at the opening quote; an unterminated quote runs to the end of the text. */
function readQuoted(text: string, start: number): { value: string; end: number } {
  let value = '';
  for (let index = start + 1; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\\' && index + 1 < text.length) {
      value += text[index + 1];
      index += 1;
    } else if (char === '"') {
      return { value, end: index + 1 };
    } else {
      value += char;
    }
  }
  return { value, end: text.length };
}

function readBare(text: string, start: number): { value: string; end: number } {
  let end = start;
  while (end < text.length && !isSpace(text[end])) {
    end += 1;
  }
  return { value: text.slice(start, end), end };
}

/** Splits search text into terms the way the service's tokenizer does. */
export function tokenizeSearch(text: string): SearchToken[] {
  const tokens: SearchToken[] = [];
  let index = 0;
  while (index < text.length) {
    if (isSpace(text[index])) {
      index += 1;
      continue;
    }
    const start = index;
    const negated = text[index] === '-' && index + 1 < text.length && !isSpace(text[index + 1]);
    if (negated) {
      index += 1;
    }
    const fieldMatch = FIELD_PREFIX.exec(text.slice(index));
    const field = fieldMatch?.[1];
    if (fieldMatch) {
      index += fieldMatch[0].length;
    }
    const read = text[index] === '"' ? readQuoted(text, index) : readBare(text, index);
    tokens.push({ start, end: read.end, negated, field, value: read.value });
    index = read.end;
  }
  return tokens;
}

// Values that the tokenizer reads back unchanged without quotes. Anything else (spaces, quotes, backslashes,
// colons, a leading '-', the OR keyword) is quoted.
const BARE_VALUE = /^[A-Za-z0-9_.@/+=-]+$/;

/** A value as the search language needs it written: bare when that reads back the same, else quoted and escaped. */
export function quoteSearchValue(value: string): string {
  if (BARE_VALUE.test(value) && !value.startsWith('-') && value !== 'OR') {
    return value;
  }
  return `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/** `field:value` (or `-field:value`), quoted as needed. */
export function formatFieldTerm(field: string, value: string, negated = false): string {
  return `${negated ? '-' : ''}${field}:${quoteSearchValue(value)}`;
}

/** A word or phrase term (`"value"` or `-"value"`), quoted as needed. */
export function formatTextTerm(value: string, negated = false): string {
  return `${negated ? '-' : ''}${quoteSearchValue(value)}`;
}

const KNOWN_FIELDS = new Set<string>(LOG_SEARCH_FIELDS);

/**
 * The search field for a label key of a log line (what Explore's filter buttons pass): a known field
 * (service, host, request_id…) or `attrs.<key>`; undefined for a label the language cannot filter by (stack).
 */
export function searchFieldOf(key: string): string | undefined {
  const lower = key.toLowerCase();
  if (KNOWN_FIELDS.has(lower)) {
    return lower;
  }
  if (lower.startsWith(LOG_ATTRS_PREFIX) && key.length > LOG_ATTRS_PREFIX.length) {
    // The service matches the prefix case-insensitively and the attribute key as written.
    return LOG_ATTRS_PREFIX + key.slice(LOG_ATTRS_PREFIX.length);
  }
  return undefined;
}

/** True when a token is the term `field:value` (field as searchFieldOf names it; levels compare in lower case). */
function isTerm(token: SearchToken, field: string, value: string): boolean {
  if (token.field === undefined || searchFieldOf(token.field) !== field) {
    return false;
  }
  return field === 'level' ? token.value.toLowerCase() === value.toLowerCase() : token.value === value;
}

/** The `field:value` terms of the text (negated or not, as asked). */
export function findFieldTerms(text: string, field: string, value: string, negated: boolean): SearchToken[] {
  return tokenizeSearch(text).filter((token) => token.negated === negated && isTerm(token, field, value));
}

/** The text with these tokens cut out and the whitespace left behind tidied. */
export function removeTokens(text: string, tokens: SearchToken[]): string {
  let result = text;
  for (const token of [...tokens].sort((a, b) => b.start - a.start)) {
    result = `${result.slice(0, token.start).trimEnd()} ${result.slice(token.end).trimStart()}`;
  }
  return result.trim();
}

/** The text with one more term at the end. */
export function appendTerm(text: string | undefined, term: string): string {
  const trimmed = (text ?? '').trim();
  return trimmed === '' ? term : `${trimmed} ${term}`;
}
