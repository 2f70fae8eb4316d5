import type { DataQueryRequest } from '@grafana/data';
import { isTier, migrateQuery, type QueryRequest } from '@penguinmails/sysmon-contract';
import { formatFieldTerm, tokenizeSearch } from './explore/searchText';
import type { SysmonDataQuery } from './types';

/** Replaces template variables in a string (getTemplateSrv().replace bound to the request's scopedVars). */
export type Interpolate = (value: string) => string;

/** What a variable set to "All" stands for in a list or a `field:$var` term: no filter at all. */
export const ALL_VALUES = 'all values' as const;
/**
 * The values a variable reference (`$name`, `${name}`, `[[name]]`) stands for, ALL_VALUES, or undefined for a
 * variable Grafana does not know (the reference is then left as written).
 */
export type ResolveVariable = (reference: string) => string[] | typeof ALL_VALUES | undefined;

// Fields Grafana owns; they are never user text with variables.
const NOT_INTERPOLATED = new Set(['refId', 'datasource', 'key', 'hide']);
// Fields that name one queue or one tier: a variable in them must become one name, or nothing (= all).
const NAME_FIELDS = new Set(['queue', 'tier']);
// Filters that list values (levels, services): a multi-value variable adds each value; "All" drops the filter.
const LIST_FIELDS = new Set(['levels', 'services']);
// Log search text, where `service:$service` becomes one term per value (the language reads a repeated field as OR).
const SEARCH_FIELDS = new Set(['search']);

const VARIABLE_REFERENCE = /^(?:\$\w+|\$\{\w+(?::[\w-]+)?\}|\[\[\w+\]\])$/;

/** True for text that is exactly one variable reference. */
export const isVariableReference = (text: string) => VARIABLE_REFERENCE.test(text);

/** The variable name of a reference (`$service`, `${service:csv}`, `[[service]]` → service). */
export const variableNameOf = (reference: string) => /\w+/.exec(reference)?.[0] ?? '';

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
 * A list filter with its variables applied: each item that is a variable reference becomes that variable's
 * values, other items are interpolated as text; empty and repeated values are dropped. Undefined means no filter
 * (a variable set to "All", or nothing left).
 */
export function interpolateList(
  items: readonly string[],
  text: Interpolate,
  resolve?: ResolveVariable
): string[] | undefined {
  const values: string[] = [];
  for (const item of items) {
    const resolved = (resolve && isVariableReference(item) ? resolve(item) : undefined) ?? [text(item)];
    if (resolved === ALL_VALUES) {
      return undefined;
    }
    values.push(...resolved.map((value) => value.trim()).filter((value) => value !== ''));
  }
  const unique = [...new Set(values)];
  return unique.length > 0 ? unique : undefined;
}

/**
 * Log search text with its variables applied. A term `field:$var` (or `-field:$var`) becomes one term per value,
 * quoted as the language needs, or disappears when the variable is "All"; anything else (a whole-text `$search`
 * textbox, a variable inside a phrase) is interpolated as text.
 */
export function interpolateSearch(search: string, text: Interpolate, resolve?: ResolveVariable): string {
  let result = '';
  let last = 0;
  for (const token of tokenizeSearch(search)) {
    const raw = search.slice(token.start, token.end);
    const rawValue = token.field === undefined ? '' : raw.slice(raw.indexOf(':') + 1);
    result += search.slice(last, token.start);
    const field = token.field;
    const values = resolve && field !== undefined && isVariableReference(rawValue) ? resolve(rawValue) : undefined;
    if (values === ALL_VALUES) {
      // "All": no filter on this field.
    } else if (values && field !== undefined) {
      result += values.map((value) => formatFieldTerm(field, value, token.negated)).join(' ');
    } else {
      result += text(raw);
    }
    last = token.end;
  }
  return (result + search.slice(last)).trim();
}

/**
 * Applies template variables to every top-level string field a query editor writes, to list filters and to log
 * search text (see interpolateList, interpolateSearch). `interpolateName` is used for queue and tier (see
 * singleValueOrAll); a tier that is empty after interpolation is dropped, which the service reads as "every tier".
 */
export function interpolateQuery(
  query: SysmonDataQuery,
  interpolate: Interpolate,
  interpolateName: Interpolate = interpolate,
  resolve?: ResolveVariable
): SysmonDataQuery {
  const result: SysmonDataQuery & Record<string, unknown> = { ...query };
  for (const [key, value] of Object.entries(query)) {
    if (NOT_INTERPOLATED.has(key)) {
      continue;
    }
    if (typeof value === 'string') {
      if (NAME_FIELDS.has(key)) {
        result[key] = interpolateName(value).trim();
      } else if (SEARCH_FIELDS.has(key) && query.queryType !== 'jobs') {
        result[key] = interpolateSearch(value, interpolate, resolve);
      } else {
        result[key] = interpolate(value);
      }
    } else if (LIST_FIELDS.has(key) && Array.isArray(value)) {
      const list = interpolateList(value.map(String), interpolate, resolve);
      if (list) {
        result[key] = list;
      } else {
        delete result[key];
      }
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
