// Pure rules of the emulated Grafana: route matching and templating, roles, secure value merging.
import { expect, test } from '@playwright/test';

import { interpolateRouteTemplate, matchRoute, planProxyRequest, type PluginRoute } from './dataProxy';
import { hasRole, mergeSecureJsonData, secureJsonFields, seedState, type StoredDataSource } from './state';

const routes: PluginRoute[] = [
  {
    path: 'api',
    url: '{{ .JsonData.serviceUrl }}/api',
    headers: [{ name: 'Authorization', content: 'Bearer {{ .SecureJsonData.apiToken }}' }],
  },
  {
    path: 'operator',
    url: '{{ .JsonData.serviceUrl }}/api',
    reqRole: 'Editor',
    headers: [{ name: 'Authorization', content: 'Bearer {{ .SecureJsonData.operatorToken }}' }],
  },
];

function dataSource(serviceUrl = 'http://svc:3001'): StoredDataSource {
  const state = seedState({ serviceUrl, apiToken: 'read-t', operatorToken: 'op-t' });
  return state.dataSources[0];
}

test('templates read jsonData and secureJsonData; missing values become empty', () => {
  const ds = dataSource();
  expect(interpolateRouteTemplate('{{ .JsonData.serviceUrl }}/x', ds)).toBe('http://svc:3001/x');
  expect(interpolateRouteTemplate('Bearer {{.SecureJsonData.apiToken}}', ds)).toBe('Bearer read-t');
  expect(interpolateRouteTemplate('[{{ .JsonData.nope }}]', ds)).toBe('[]');
});

test('the most specific route whose path prefixes the request wins', () => {
  expect(matchRoute(routes, 'api/health')?.path).toBe('api');
  expect(matchRoute(routes, 'operator/queues/x/pause')?.path).toBe('operator');
  expect(matchRoute([...routes, { path: 'api/admin', url: 'http://x' }], 'api/admin/y')?.path).toBe('api/admin');
  expect(matchRoute(routes, 'metrics')).toBeUndefined();
});

test('a plan joins route url and the rest of the path, keeps the query and adds the user header', () => {
  const plan = planProxyRequest({
    routes,
    ds: dataSource(),
    user: { login: 'eve', role: 'Editor' },
    method: 'POST',
    proxyPath: 'operator/queues/q1/pause',
    search: '?force=1',
  });
  expect(plan).toMatchObject({
    kind: 'forward',
    targetUrl: 'http://svc:3001/api/queues/q1/pause?force=1',
    headers: { Authorization: 'Bearer op-t', 'X-Grafana-User': 'eve' },
  });
});

test('like Grafana, a trailing slash in serviceUrl is not cleaned up by the template (the config page strips it)', () => {
  const plan = planProxyRequest({
    routes,
    ds: dataSource('http://svc:3001/'),
    user: { login: 'u', role: 'Viewer' },
    method: 'GET',
    proxyPath: 'api/health',
    search: '',
  });
  expect(plan).toMatchObject({ kind: 'forward', targetUrl: 'http://svc:3001//api/health' });
});

test('reqRole refuses lower roles with 403 and accepts equal or higher ones', () => {
  const plan = (role: 'Viewer' | 'Editor' | 'Admin') =>
    planProxyRequest({
      routes,
      ds: dataSource(),
      user: { login: 'u', role },
      method: 'GET',
      proxyPath: 'operator/whoami',
      search: '',
    }).kind;
  expect(plan('Viewer')).toBe('reject');
  expect(plan('Editor')).toBe('forward');
  expect(plan('Admin')).toBe('forward');
  expect(hasRole({ login: 'u', role: 'Viewer' }, 'Editor')).toBe(false);
});

test('an unconfigured service URL is refused instead of forwarded to a relative URL', () => {
  const ds = { ...dataSource(), jsonData: {} };
  const plan = planProxyRequest({
    routes,
    ds,
    user: { login: 'u', role: 'Admin' },
    method: 'GET',
    proxyPath: 'api/health',
    search: '',
  });
  expect(plan).toMatchObject({ kind: 'reject', status: 502 });
});

test('secure values: kept unless sent, replaced when sent, cleared by an empty string', () => {
  const stored = { apiToken: 'a', operatorToken: 'o' };
  expect(mergeSecureJsonData(stored, undefined)).toEqual(stored);
  expect(mergeSecureJsonData(stored, { apiToken: 'new' })).toEqual({ apiToken: 'new', operatorToken: 'o' });
  expect(mergeSecureJsonData(stored, { operatorToken: '' })).toEqual({ apiToken: 'a' });
  expect(secureJsonFields({ apiToken: 'a', empty: '' })).toEqual({ apiToken: true });
});
