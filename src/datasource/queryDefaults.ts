// What each query type starts with, and what survives a switch between types.
import type { QueryType } from '@penguinmails/sysmon-contract';
import type { SysmonDataQuery } from './types';

/** Fields each query type's editor shows (besides queryType). */
export const QUERY_TYPE_FIELDS: Record<QueryType, ReadonlyArray<keyof SysmonDataQuery>> = {
  health: [],
  queues: ['tier', 'queue'],
  queue_metrics: ['field', 'groupBy', 'queue', 'tier'],
  jobs: ['queue', 'state', 'search', 'limit'],
  drift: ['queue'],
  variable: ['variable', 'tier'],
};

/** Values a fresh query of each type gets (the same defaults the service schema applies). */
export const QUERY_TYPE_DEFAULTS: Record<QueryType, Partial<SysmonDataQuery>> = {
  health: {},
  queues: {},
  queue_metrics: { field: 'depth', groupBy: 'queue' },
  jobs: { state: 'failed', limit: 100 },
  drift: {},
  variable: { variable: 'queue' },
};

// Fields Grafana owns on every query; they are kept as they are.
const GRAFANA_FIELDS = ['refId', 'datasource', 'hide', 'key'] as const;

/**
 * The query after the user picks another type: Grafana's own fields are kept, the new type's defaults are
 * applied, and a queue or tier the user already chose carries over when the new type uses it.
 * Fields the new type does not use are dropped so saved dashboards stay clean.
 */
export function switchQueryType(query: SysmonDataQuery, queryType: QueryType): SysmonDataQuery {
  const next: SysmonDataQuery = { refId: query.refId, queryType };
  const copy = next as unknown as Record<string, unknown>;
  for (const key of GRAFANA_FIELDS) {
    if (query[key] !== undefined) {
      copy[key] = query[key];
    }
  }
  Object.assign(next, QUERY_TYPE_DEFAULTS[queryType]);
  for (const key of ['queue', 'tier'] as const) {
    if (QUERY_TYPE_FIELDS[queryType].includes(key) && query[key]) {
      copy[key] = query[key];
    }
  }
  return next;
}
