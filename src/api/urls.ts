import { PLUGIN_BASE_URL } from '../constants';
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

/** Service endpoint of one queue ("queues/<name>"); names may hold any character BullMQ allows. */
export function queuePath(queue: string): string {
  return `queues/${encodeURIComponent(queue)}`;
}

/** Service endpoint of one job ("queues/<name>/jobs/<id>"). */
export function jobPath(queue: string, id: string): string {
  return `${queuePath(queue)}/jobs/${encodeURIComponent(id)}`;
}

/** Service endpoint of one tier ("tiers/<tier>"). */
export function tierPath(tier: string): string {
  return `tiers/${encodeURIComponent(tier)}`;
}

/** App page of one queue: /a/penguinmails-sysmon-app/queues/<name>, optionally with a job drawer open. */
export function queuePageUrl(queue: string, options: { state?: string; job?: string } = {}): string {
  const search = new URLSearchParams();
  if (options.state) {
    search.set('state', options.state);
  }
  if (options.job) {
    search.set('job', options.job);
  }
  const query = search.toString();
  return `${PLUGIN_BASE_URL}/queues/${encodeURIComponent(queue)}${query ? `?${query}` : ''}`;
}
