// JSON shapes of the service's own endpoints (health, identity, queries, errors).
import type { QueryResultJSON } from './frames.ts';
import type { SysmonQueryInput } from './queryModel.ts';

/** Token scopes: read (queries, pages), operator (read + actions), ingest (log shipping), metrics (scraping). */
export const SCOPES = ['read', 'operator', 'ingest', 'metrics'] as const;
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
  /** When it was asked for (the intent was written). */
  at: string;
  /** When it ended; null while it runs (or when the service stopped before it could record the outcome). */
  finishedAt: string | null;
  /** The Grafana login (X-Grafana-User), or "unknown". */
  actor: string;
  action: string;
  target: string;
  params: Record<string, unknown>;
  /** 'ok', 'error: <message>', or 'pending'. */
  outcome: string;
  requestId: string | null;
  /** The token that made the call: `operator`. */
  token: string | null;
}
