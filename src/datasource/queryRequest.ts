import type { DataQueryRequest } from '@grafana/data';
import { isTier, migrateQuery, type QueryRequest } from '@penguinmails/sysmon-contract';
import type { SysmonDataQuery } from './types';

/** Replaces template variables in a string (getTemplateSrv().replace bound to the request's scopedVars). */
export type Interpolate = (value: string) => string;

// Fields Grafana owns; they are never user text with variables.
const NOT_INTERPOLATED = new Set(['refId', 'datasource', 'key', 'hide']);
// Fields that name one queue or one tier: a variable in them must become one name, or nothing (= all).
const NAME_FIELDS = new Set(['queue', 'tier']);

/**
 * Formats a variable's value for a name field: one selected value is that value; "All" or several values
 * become '' (no filter), because the service filters by one exact name. Pass as getTemplateSrv().replace's format.
 */
export function singleValueOrAll(value: unknown): string {
  if (Array.isArray(value)) {
    return value.length === 1 ? String(value[0]) : '';
  }
  return value === undefined || value === null ? '' : String(value);
}

/**
 * Applies template variables to every top-level string field a query editor writes. `interpolateName` is used
 * for queue and tier (see singleValueOrAll); a tier that is empty after interpolation is dropped, which the
 * service reads as "every tier".
 */
export function interpolateQuery(
  query: SysmonDataQuery,
  interpolate: Interpolate,
  interpolateName: Interpolate = interpolate
): SysmonDataQuery {
  const result: SysmonDataQuery & Record<string, unknown> = { ...query };
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'string' && !NOT_INTERPOLATED.has(key)) {
      result[key] = NAME_FIELDS.has(key) ? interpolateName(value).trim() : interpolate(value);
    }
  }
  // A tier variable set to "All" (or an unknown variable left as '$tier') means no tier filter;
  // a literal typo is sent as-is so the service names it in its error.
  if (typeof result.tier === 'string' && (result.tier === '' || (query.tier?.includes('$') && !isTier(result.tier)))) {
    delete result.tier;
  }
  return result;
}

/** The queries worth sending: hidden ones are skipped, saved ones in an older shape are upgraded (migrateQuery). */
export function queriesToSend(targets: SysmonDataQuery[]): SysmonDataQuery[] {
  return targets.filter((target) => !target.hide).map((target): SysmonDataQuery => migrateQuery(target, target.refId));
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
