// The job search language: the one search language (search/language.ts) with the job ledger's fields.
// Words and phrases match the payload or the last error (search.ts); fields match exactly. The ledger compiler
// has no OR: the parser refuses it with a syntax error (quote "OR" to search for the word).
import { LEDGER_STATUSES } from '@penguinmails/sysmon-contract';
import {
  parseSearch as parseWithTable,
  type SearchFieldTable,
  type SearchQuery,
  type SearchTerm,
} from '../search/language.ts';

export { MAX_QUERY_LENGTH, MAX_TERMS, SearchSyntaxError } from '../search/language.ts';

export const LEDGER_SEARCH_FIELDS = {
  fields: { id: {}, request_id: {}, name: {}, status: { values: LEDGER_STATUSES }, queue: {} },
} as const satisfies SearchFieldTable;

export type SearchField = keyof typeof LEDGER_SEARCH_FIELDS.fields;
export type LedgerSearch = SearchQuery<SearchField, SearchTerm<SearchField>>;

/** Parses job search text; throws SearchSyntaxError naming the problem. */
export function parseSearch(input: string): LedgerSearch {
  return parseWithTable<SearchField>(input, LEDGER_SEARCH_FIELDS, { or: false });
}
