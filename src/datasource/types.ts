import type { DataQuery, DataSourceJsonData } from '@grafana/schema';
import type { QueryFields, QueryOf } from '@penguinmails/sysmon-contract';

/** How queue_metrics groups its series. */
export type QueueMetricsGroupBy = QueryOf<'queue_metrics'>['groupBy'];
/** What a `variable` query lists. */
export type VariableKind = QueryOf<'variable'>['variable'];

/**
 * A panel query as Grafana stores it: Grafana's own fields plus the contract's flat query fields (each query type
 * uses some of them; the contract's schemas are what the service validates). `tier` and `levels` are widened to
 * any string because they may hold a dashboard variable such as `$tier` or `$level` until the data source
 * interpolates it.
 */
export type SysmonDataQuery = DataQuery & Omit<QueryFields, 'tier' | 'levels'> & { tier?: string; levels?: string[] };

/** Data source jsonData (plain settings). */
export interface SysmonDataSourceOptions extends DataSourceJsonData {
  /** Base URL of the service, e.g. http://sysmon:3001 (the proxy routes append /api). */
  serviceUrl?: string;
}

/** Data source secureJsonData: write-only, the browser only learns whether each is set. */
export interface SysmonSecureJsonData {
  apiToken?: string;
  operatorToken?: string;
}
