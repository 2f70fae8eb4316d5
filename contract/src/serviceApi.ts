// JSON shapes of the service's own endpoints (health, identity, queries, errors).
import type { QueryResultJSON } from './frames.ts';
import type { SysmonQueryInput } from './queryModel.ts';

/** Token scopes: read (queries, pages), operator (read + actions), ingest (log shipping). */
export const SCOPES = ['read', 'operator', 'ingest'] as const;
export type Scope = (typeof SCOPES)[number];

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

/** GET /api/whoami */
export interface WhoamiResponse {
  scopes: Scope[];
  user: string;
}

/** POST /api/query request body (the shape of Grafana's /api/ds/query). */
export interface QueryRequest {
  queries: SysmonQueryInput[];
  range?: { from: string; to: string };
  intervalMs?: number;
  maxDataPoints?: number;
}

/** POST /api/query response body: one result per refId. */
export interface QueryResponse {
  results: Record<string, QueryResultJSON>;
}

/** Error body the service returns for every failure. */
export interface ServiceErrorBody {
  error: {
    code: string;
    message: string;
    details?: unknown[];
  };
}

/** GET /api/audit: one operator action. */
export interface AuditEvent {
  at: string;
  actor: string;
  action: string;
  target: string;
  params: Record<string, unknown>;
  outcome: string;
  requestId: string | null;
}
