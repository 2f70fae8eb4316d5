import type { DataQuery, DataSourceJsonData } from '@grafana/schema';
import type { QueryType } from '../api/queryModel';

/** A panel query as Grafana stores it; the shared SysmonQuery is what the service validates. */
export interface SysmonDataQuery extends DataQuery {
  queryType?: QueryType;
}

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
