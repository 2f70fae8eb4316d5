import type { DataQuery, DataSourceJsonData } from '@grafana/schema';
import type { JobState, QueryType, QueueMetricField } from '@penguinmails/sysmon-contract';

/** How queue_metrics groups its series. */
export type QueueMetricsGroupBy = 'queue' | 'tier';
/** What a `variable` query lists. */
export type VariableKind = 'queue' | 'tier';

/**
 * A panel query as Grafana stores it; the shared SysmonQuery is what the service validates.
 * Fields are flat and optional (each query type uses some of them). `queue` and `tier` are plain strings
 * because they may hold a dashboard variable such as `$queue` until the data source interpolates them.
 */
export interface SysmonDataQuery extends DataQuery {
  queryType?: QueryType;
  /** queues, queue_metrics, jobs, drift: one queue by exact name (or a variable). */
  queue?: string;
  /** queues, queue_metrics, variable: one tier (high|normal|low or a variable); empty = every tier. */
  tier?: string;
  /** queue_metrics: the snapshot field to chart. */
  field?: QueueMetricField;
  /** queue_metrics: one series per queue or per tier. */
  groupBy?: QueueMetricsGroupBy;
  /** jobs: the BullMQ state to list (needs a queue). */
  state?: JobState;
  /** jobs: ledger search text (words, "phrases", id:, request_id:, name:, status:, queue:). */
  search?: string;
  /** jobs: most rows returned. */
  limit?: number;
  /** variable: list queue names or tiers. */
  variable?: VariableKind;
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
