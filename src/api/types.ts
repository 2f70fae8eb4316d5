import type { BackendDataSourceResponse } from '@grafana/runtime';
import type { SysmonQuery } from './queryModel';

/** The two data source proxy routes declared in src/datasource/plugin.json. */
export type ServiceRoute = 'api' | 'operator';

export type DependencyStatus = 'up' | 'down';
export type ServiceStatus = 'ok' | 'degraded';

export interface DependencyHealth {
  name: string;
  status: DependencyStatus;
  latencyMs: number;
  error?: string;
}

/** GET /api/health */
export interface HealthResponse {
  status: ServiceStatus;
  version: string;
  checkedAt: string;
  dependencies: DependencyHealth[];
}

export type Scope = 'read' | 'operator' | 'ingest';

/** GET /api/whoami */
export interface WhoamiResponse {
  scopes: Scope[];
  user: string;
}

/** POST /api/query request body (the shape of Grafana's /api/ds/query). */
export interface QueryRequest {
  queries: SysmonQuery[];
  range: { from: string; to: string };
  intervalMs?: number;
  maxDataPoints?: number;
}

/** POST /api/query response body. */
export type QueryResponse = BackendDataSourceResponse;

/** Error body the service returns for every failure. */
export interface ServiceErrorBody {
  error: {
    code: string;
    message: string;
    details?: unknown[];
  };
}
