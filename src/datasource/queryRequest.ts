import type { DataQueryRequest } from '@grafana/data';
import { DEFAULT_QUERY_TYPE } from '../api/queryModel';
import type { QueryRequest } from '../api/types';
import type { SysmonDataQuery } from './types';

/** Replaces template variables in a string (getTemplateSrv().replace bound to the request's scopedVars). */
export type Interpolate = (value: string) => string;

// Fields Grafana owns; they are never user text with variables.
const NOT_INTERPOLATED = new Set(['refId', 'datasource', 'key', 'hide']);

/** Applies template variables to every top-level string field a query editor writes. */
export function interpolateQuery(query: SysmonDataQuery, interpolate: Interpolate): SysmonDataQuery {
  const result: SysmonDataQuery & Record<string, unknown> = { ...query };
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'string' && !NOT_INTERPOLATED.has(key)) {
      result[key] = interpolate(value);
    }
  }
  return result;
}

/** The queries worth sending: hidden ones are skipped, a missing queryType gets the default. */
export function queriesToSend(targets: SysmonDataQuery[]): SysmonDataQuery[] {
  return targets.filter((t) => !t.hide).map((t) => ({ ...t, queryType: t.queryType ?? DEFAULT_QUERY_TYPE }));
}

/** Builds the POST /api/query body from a Grafana query request and already-interpolated queries. */
export function buildQueryRequest(
  request: Pick<DataQueryRequest<SysmonDataQuery>, 'range' | 'intervalMs' | 'maxDataPoints'>,
  queries: SysmonDataQuery[]
): QueryRequest {
  return {
    // The service validates each query against the shared zod schema and answers per refId.
    queries: queries as QueryRequest['queries'],
    range: { from: request.range.from.toISOString(), to: request.range.to.toISOString() },
    intervalMs: request.intervalMs,
    maxDataPoints: request.maxDataPoints,
  };
}
