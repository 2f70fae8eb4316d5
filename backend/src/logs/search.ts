// The log search language: the one search language (search/language.ts) with the log line's fields.
// Words and "phrases" match the message only, as case-insensitive substrings (the one column with a trigram index,
// and what the Logs panel highlights); the error type, stack and ids are searched by their fields.
// `level` is ordered by severity (LOG_LEVELS, logLevelRank), so `level:>=warn` means warn, error or fatal.
import { LOG_ATTRS_PREFIX, LOG_LEVELS, LOG_SEARCH_FIELDS } from '@penguinmails/sysmon-contract';
import { parseSearch, type SearchFieldSpec, type SearchFieldTable, type SearchQuery } from '../search/language.ts';

export type LogSearchField = (typeof LOG_SEARCH_FIELDS)[number];

export const LOG_SEARCH_TABLE = {
  fields: Object.fromEntries(
    LOG_SEARCH_FIELDS.map((field): [string, SearchFieldSpec] => [
      field,
      field === 'level' ? { values: LOG_LEVELS, ordered: true } : {},
    ])
  ),
  prefixes: { [LOG_ATTRS_PREFIX]: {} },
} satisfies SearchFieldTable;

/** Parses log search text (empty: every line); throws SearchSyntaxError naming the problem and its position. */
export function parseLogSearch(input: string | undefined): SearchQuery {
  return parseSearch(input ?? '', LOG_SEARCH_TABLE);
}
