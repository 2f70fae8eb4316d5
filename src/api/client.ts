import { lastValueFrom } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';
import { toServiceRequestError } from './errors';
import { datasourceProxyUrl, serviceApiUrl } from './urls';
import type { HealthResponse, QueryRequest, QueryResponse, ServiceRoute, WhoamiResponse } from './types';

/** Typed access to the service's HTTP API through the Grafana data source proxy. */
export interface SysmonClient {
  /** GET /api/health through the read route. */
  health(): Promise<HealthResponse>;
  /** GET /api/whoami through the given route: proves that route's token and shows its scopes. */
  whoami(route: ServiceRoute): Promise<WhoamiResponse>;
  /** POST /api/query through the read route. */
  query(request: QueryRequest, options?: { requestId?: string }): Promise<QueryResponse>;
}

interface RequestOptions {
  method?: 'GET' | 'POST';
  data?: unknown;
  requestId?: string;
}

/**
 * @param proxyBaseUrl the data source proxy base, e.g. instanceSettings.url or datasourceProxyUrl(uid)
 */
export function createSysmonClient(proxyBaseUrl: string): SysmonClient {
  async function request<T>(route: ServiceRoute, endpoint: string, options: RequestOptions = {}): Promise<T> {
    try {
      const response = await lastValueFrom(
        getBackendSrv().fetch<T>({
          url: serviceApiUrl(proxyBaseUrl, route, endpoint),
          method: options.method ?? 'GET',
          data: options.data,
          requestId: options.requestId,
          // Callers show errors in place; no global toast (the home page polls every few seconds).
          showErrorAlert: false,
          showSuccessAlert: false,
        })
      );
      return response.data;
    } catch (err) {
      throw toServiceRequestError(err);
    }
  }

  return {
    health: () => request<HealthResponse>('api', 'health'),
    whoami: (route) => request<WhoamiResponse>(route, 'whoami'),
    query: (body, options) =>
      request<QueryResponse>('api', 'query', { method: 'POST', data: body, requestId: options?.requestId }),
  };
}

/** Client for the data source with this uid (what app pages use). */
export function createSysmonClientForDatasource(datasourceUid: string): SysmonClient {
  return createSysmonClient(datasourceProxyUrl(datasourceUid));
}
