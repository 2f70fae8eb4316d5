// What survives a switch between query types.
import type { QueryType } from '@penguinmails/sysmon-contract';
import { QUERY_TYPE_REGISTRY } from './queryTypeRegistry';
import type { SysmonDataQuery } from './types';

// Fields Grafana owns on every query (besides refId); they are kept as they are.
const GRAFANA_FIELDS = ['datasource', 'hide', 'key'] as const;
// Filters the user chose that mean the same in every type that has them.
const CARRIED_FIELDS = ['queue', 'tier', 'levels', 'services'] as const;
// The log search carries over only between log types (the jobs search speaks the ledger's fields).
const LOG_SEARCH_TYPES = new Set<string>(['logs', 'log_volume']);

/**
 * The query after the user picks another type: Grafana's own fields are kept, the new type's defaults are
 * applied, and a queue, tier or log filter the user already chose carries over when the new type uses it.
 * Fields the new type does not use are dropped so saved dashboards stay clean.
 */
export function switchQueryType(query: SysmonDataQuery, queryType: QueryType): SysmonDataQuery {
  const { defaults, fields } = QUERY_TYPE_REGISTRY[queryType];
  const next: { refId: string } & Record<string, unknown> = { refId: query.refId, queryType };
  for (const key of GRAFANA_FIELDS) {
    if (query[key] !== undefined) {
      next[key] = query[key];
    }
  }
  Object.assign(next, defaults);
  for (const key of CARRIED_FIELDS) {
    if (fields.includes(key) && query[key]) {
      next[key] = query[key];
    }
  }
  if (query.search && LOG_SEARCH_TYPES.has(query.queryType ?? '') && LOG_SEARCH_TYPES.has(queryType)) {
    next.search = query.search;
  }
  return next as SysmonDataQuery;
}
