import type { ServiceRoute } from './types';

/** Base URL of a proxy-mode data source, as Grafana reports it in instanceSettings.url. */
export function datasourceProxyUrl(datasourceUid: string): string {
  return `/api/datasources/proxy/uid/${encodeURIComponent(datasourceUid)}`;
}

/**
 * URL of a service endpoint behind one of the data source routes.
 * Both routes map to the service's /api, so `serviceApiUrl(base, 'operator', 'whoami')`
 * reaches `<serviceUrl>/api/whoami` with the operator token.
 */
export function serviceApiUrl(proxyBaseUrl: string, route: ServiceRoute, endpoint: string): string {
  const base = proxyBaseUrl.replace(/\/+$/, '');
  const path = endpoint.replace(/^\/+/, '');
  return `${base}/${route}/${path}`;
}
