import type { BackendDataSourceResponse } from '@grafana/runtime';

/** The two data source proxy routes declared in src/datasource/plugin.json. */
export type ServiceRoute = 'api' | 'operator';

/** POST /api/query response body, as @grafana/runtime's toDataQueryResponse reads it. */
export type QueryResponse = BackendDataSourceResponse;
