// Saved queries in older shapes, upgraded to the current query model. Dashboards and alert rules keep queries
// for years; every shape change adds a step here (with a test) instead of breaking them.
import { DEFAULT_QUERY_TYPE, isQueryType, type QueryFields } from './queryModel.ts';

/** A query as Grafana stores it: the model's fields plus Grafana's own (datasource, hide, key…), kept as they are. */
export type StoredQuery = { refId: string } & QueryFields & Record<string, unknown>;

/**
 * The current shape of a saved query:
 * - a plain string (variable queries saved by hand or by the first versions): "tier"/"tiers" lists tiers,
 *   anything else queue names;
 * - no queryType (queries saved before query types existed): the default type.
 * A query already in the current shape is returned unchanged (same object).
 */
export function migrateQuery(saved: unknown, refId = 'A'): StoredQuery {
  if (typeof saved === 'string' || saved === null || saved === undefined) {
    const text = (saved ?? '').trim().toLowerCase();
    return { refId, queryType: 'variable', variable: text.startsWith('tier') ? 'tier' : 'queue' };
  }
  const query = saved as StoredQuery;
  if (!isQueryType(query.queryType)) {
    return query.queryType === undefined ? { ...query, queryType: DEFAULT_QUERY_TYPE } : query;
  }
  return query;
}
