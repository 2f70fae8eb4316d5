import { quoteSearchValue } from '../../utils/logsUrl';

/** The search with `field:value` added (AND), unless that exact term is already there. */
export function addFilterTerm(search: string, field: string, value: string): string {
  const term = `${field}:${quoteSearchValue(value)}`;
  const current = search.trim();
  if (current.split(/\s+/).includes(term)) {
    return current;
  }
  return current ? `${current} ${term}` : term;
}

/** The search language at a glance, for the syntax help. */
export const SEARCH_SYNTAX: Array<{ example: string; meaning: string }> = [
  { example: 'timeout smtp', meaning: 'lines with every word' },
  { example: '"connection refused"', meaning: 'the exact phrase' },
  { example: '-healthcheck', meaning: 'without the word' },
  { example: 'bounce OR deferred', meaning: 'either term' },
  { example: 'level:error', meaning: 'one level' },
  { example: 'level:>=warn', meaning: 'this level and more severe' },
  { example: 'service:smtp', meaning: 'one service' },
  { example: 'request_id:req-123', meaning: "one request's lines, across services" },
  { example: 'trace_id:4bf92f35…', meaning: "one trace's lines" },
  { example: 'attrs.campaign:spring', meaning: 'an attribute of the line' },
];
