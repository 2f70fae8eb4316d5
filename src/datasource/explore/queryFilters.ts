// Explore's filter buttons (log details "filter for / filter out", the popover's "add to query") as edits of a
// logs or log_volume query's search text.
import type { QueryFilterOptions, QueryFixAction, ToggleFilterAction } from '@grafana/data';
import type { SysmonDataQuery } from '../types';
import {
  appendTerm,
  findFieldTerms,
  formatFieldTerm,
  formatTextTerm,
  removeTokens,
  searchFieldOf,
  tokenizeSearch,
} from './searchText';

/** The query modifications modifyQuery understands (Explore offers only these). */
export const SUPPORTED_QUERY_MODIFICATIONS = [
  'ADD_FILTER',
  'ADD_FILTER_OUT',
  'ADD_STRING_FILTER',
  'ADD_STRING_FILTER_OUT',
] as const;

const FILTERABLE_TYPES = new Set(['logs', 'log_volume']);

interface Filter {
  field: string;
  value: string;
}

/** The search field and value of a filter Explore asks for; undefined when it is not one our language has. */
function filterOf(options: QueryFilterOptions | undefined, query: SysmonDataQuery): Filter | undefined {
  if (!options || !FILTERABLE_TYPES.has(query.queryType ?? '')) {
    return undefined;
  }
  const field = options.key === undefined ? undefined : searchFieldOf(options.key);
  const value = options.value;
  return field && value !== undefined && value !== '' ? { field, value } : undefined;
}

const withSearch = (query: SysmonDataQuery, search: string): SysmonDataQuery => ({ ...query, search });

/** True when the search text has the positive term `key:value` (what Explore shows as an active filter). */
export function queryHasFilter(query: SysmonDataQuery, options: QueryFilterOptions): boolean {
  const filter = filterOf(options, query);
  return filter !== undefined && findFieldTerms(query.search ?? '', filter.field, filter.value, false).length > 0;
}

/**
 * Filter for / filter out from a log row: a filter already there is removed (the button toggles it off); the
 * opposite one is replaced. Applying the same action twice gives back the original search.
 */
export function toggleQueryFilter(query: SysmonDataQuery, action: ToggleFilterAction): SysmonDataQuery {
  const filter = filterOf(action.options, query);
  if (!filter) {
    return query;
  }
  const negated = action.type === 'FILTER_OUT';
  const search = query.search ?? '';
  const same = findFieldTerms(search, filter.field, filter.value, negated);
  if (same.length > 0) {
    return withSearch(query, removeTokens(search, same));
  }
  return addFieldFilter(query, filter, negated);
}

/** Adds a positive or negative field filter, once (adding it again changes nothing); the opposite is replaced. */
function addFieldFilter(query: SysmonDataQuery, filter: Filter, negated: boolean): SysmonDataQuery {
  const search = query.search ?? '';
  if (findFieldTerms(search, filter.field, filter.value, negated).length > 0) {
    return query;
  }
  const opposite = findFieldTerms(search, filter.field, filter.value, !negated);
  return withSearch(
    query,
    appendTerm(removeTokens(search, opposite), formatFieldTerm(filter.field, filter.value, negated))
  );
}

/** Adds a word or phrase that must (or must not) appear, once. */
function addTextFilter(query: SysmonDataQuery, value: string, negated: boolean): SysmonDataQuery {
  const search = query.search ?? '';
  const present = tokenizeSearch(search).some(
    (token) => token.field === undefined && token.value === value && token.negated === negated
  );
  return present ? query : withSearch(query, appendTerm(search, formatTextTerm(value, negated)));
}

/** Explore's modifyQuery: ADD_FILTER / ADD_FILTER_OUT for a label, ADD_STRING_FILTER(_OUT) for selected text. */
export function modifyQuery(query: SysmonDataQuery, action: QueryFixAction): SysmonDataQuery {
  switch (action.type) {
    case 'ADD_FILTER':
    case 'ADD_FILTER_OUT': {
      const filter = filterOf(action.options, query);
      return filter ? addFieldFilter(query, filter, action.type === 'ADD_FILTER_OUT') : query;
    }
    case 'ADD_STRING_FILTER':
    case 'ADD_STRING_FILTER_OUT': {
      const value = action.options?.value;
      if (!value || !FILTERABLE_TYPES.has(query.queryType ?? '')) {
        return query;
      }
      return addTextFilter(query, value, action.type === 'ADD_STRING_FILTER_OUT');
    }
    default:
      return query;
  }
}
