/**
 * Grafana's data source proxy, as far as this plugin uses it: `routes` from the data source's
 * plugin.json are matched by path prefix, `{{ .JsonData.x }}` / `{{ .SecureJsonData.x }}` are filled
 * from the stored data source, `reqRole` is enforced against the signed-in user, the browser's
 * credentials are dropped and `X-Grafana-User` is added (Grafana with `send_user_header = true`).
 */
import type { Request, Response } from 'express';

import { hasRole, isOrgRole, type HarnessUser, type OrgRole, type StoredDataSource } from './state';

export interface PluginRoute {
  path: string;
  url?: string;
  method?: string;
  reqRole?: string;
  headers?: Array<{ name: string; content: string }>;
}

export type ProxyPlan =
  | { kind: 'forward'; targetUrl: string; headers: Record<string, string>; route: PluginRoute }
  | { kind: 'reject'; status: number; message: string };

const TEMPLATE_FIELD = /\{\{\s*\.(JsonData|SecureJsonData)\.([A-Za-z0-9_]+)\s*\}\}/g;

/** Fills Grafana's Go-template style placeholders; a missing value becomes an empty string. */
export function interpolateRouteTemplate(template: string, ds: StoredDataSource): string {
  return template.replace(TEMPLATE_FIELD, (_match, source: string, key: string) => {
    const value = source === 'JsonData' ? ds.jsonData[key] : ds.secureJsonData[key];
    return value === undefined || value === null ? '' : String(value);
  });
}

/** The route whose path is a prefix of the proxied path; the longest (most specific) one wins. */
export function matchRoute(routes: PluginRoute[], proxyPath: string): PluginRoute | undefined {
  const candidates = routes.filter((route) => proxyPath.startsWith(route.path));
  candidates.sort((a, b) => b.path.length - a.path.length);
  return candidates[0];
}

function joinUrl(base: string, rest: string): string {
  if (rest === '') {
    return base;
  }
  return base.replace(/\/+$/, '') + '/' + rest.replace(/^\/+/, '');
}

/** Decides what the proxy does with `<method> /api/datasources/proxy/uid/<uid>/<proxyPath>?<search>`. */
export function planProxyRequest(args: {
  routes: PluginRoute[];
  ds: StoredDataSource;
  user: HarnessUser;
  method: string;
  proxyPath: string;
  search: string;
}): ProxyPlan {
  const route = matchRoute(args.routes, args.proxyPath);
  if (!route) {
    return { kind: 'reject', status: 404, message: `no data proxy route matches "${args.proxyPath}"` };
  }
  if (route.method && route.method.toUpperCase() !== args.method.toUpperCase()) {
    return { kind: 'reject', status: 404, message: `no data proxy route matches ${args.method} "${args.proxyPath}"` };
  }
  if (route.reqRole) {
    const required: OrgRole = isOrgRole(route.reqRole) ? route.reqRole : 'Admin';
    if (!hasRole(args.user, required)) {
      return { kind: 'reject', status: 403, message: 'plugin proxy route access denied' };
    }
  }
  const base = interpolateRouteTemplate(route.url ?? '', args.ds);
  if (!/^https?:\/\//.test(base)) {
    return { kind: 'reject', status: 502, message: 'data source URL is not configured' };
  }
  const headers: Record<string, string> = {};
  for (const header of route.headers ?? []) {
    headers[header.name] = interpolateRouteTemplate(header.content, args.ds);
  }
  headers['X-Grafana-User'] = args.user.login;
  const targetUrl = joinUrl(base, args.proxyPath.slice(route.path.length)) + args.search;
  return { kind: 'forward', targetUrl, headers, route };
}

// Browser headers Grafana does not pass to the data source (credentials, hop-by-hop, framing).
const DROPPED_REQUEST_HEADERS = new Set([
  'host',
  'cookie',
  'authorization',
  'connection',
  'content-length',
  'accept-encoding',
  'origin',
  'referer',
  'x-grafana-user',
  'x-grafana-org-id',
  'transfer-encoding',
  'keep-alive',
]);
const DROPPED_RESPONSE_HEADERS = new Set([
  'set-cookie',
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'connection',
  'keep-alive',
]);

/** Forwards a planned request with fetch and relays status, headers and body back. */
export async function forwardProxyRequest(req: Request, res: Response, plan: Extract<ProxyPlan, { kind: 'forward' }>) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (DROPPED_REQUEST_HEADERS.has(name.toLowerCase()) || value === undefined) {
      continue;
    }
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  for (const [name, value] of Object.entries(plan.headers)) {
    headers.set(name, value);
  }
  const method = req.method.toUpperCase();
  const hasBody = method !== 'GET' && method !== 'HEAD' && Buffer.isBuffer(req.body) && req.body.length > 0;
  let upstream: globalThis.Response;
  try {
    upstream = await fetch(plan.targetUrl, {
      method,
      headers,
      body: hasBody ? new Uint8Array(req.body as Buffer) : undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    // Grafana answers 502 Bad Gateway when the data source cannot be reached; no URL or secret in the message.
    const reason =
      error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : 'unknown';
    res
      .status(502)
      .json({ message: `Bad Gateway: data source unreachable (${reason.replace(/https?:\/\/\S+/g, '<url>')})` });
    return;
  }
  res.status(upstream.status);
  upstream.headers.forEach((value, name) => {
    if (!DROPPED_RESPONSE_HEADERS.has(name.toLowerCase())) {
      res.setHeader(name, value);
    }
  });
  res.end(Buffer.from(await upstream.arrayBuffer()));
}
