import { createSysmonClient, createSysmonClientForDatasource } from './client';
import { checkConnection } from './connectionCheck';
import { FakeBackendSrv } from '../testUtils/fakeBackendSrv';
import { healthyResponse } from '../testUtils/fixtures';

const BASE = '/api/datasources/proxy/uid/penguinmails-sysmon';

describe('SysmonClient', () => {
  let srv: FakeBackendSrv;
  beforeEach(() => {
    srv = new FakeBackendSrv().install();
  });

  it('health() GETs /api/health through the read route without global error toasts', async () => {
    srv.on('GET', `${BASE}/api/health`, { data: healthyResponse() });
    await expect(createSysmonClientForDatasource('penguinmails-sysmon').health()).resolves.toEqual(healthyResponse());
    expect(srv.requests).toHaveLength(1);
    expect(srv.requests[0]).toMatchObject({ method: 'GET', showErrorAlert: false });
  });

  it('whoami() uses the route it is given', async () => {
    srv.on('GET', `${BASE}/operator/whoami`, { data: { scopes: ['read', 'operator'], user: 'admin' } });
    await expect(createSysmonClient(BASE).whoami('operator')).resolves.toEqual({
      scopes: ['read', 'operator'],
      user: 'admin',
    });
  });

  it('query() POSTs the body to /api/query', async () => {
    const body = { queries: [{ refId: 'A', queryType: 'health' as const }], range: { from: 'a', to: 'b' } };
    srv.on('POST', `${BASE}/api/query`, { data: { results: { A: { frames: [] } } } });
    await expect(createSysmonClient(BASE).query(body, { requestId: 'r1' })).resolves.toEqual({
      results: { A: { frames: [] } },
    });
    expect(srv.requests[0]).toMatchObject({ method: 'POST', data: body, requestId: 'r1' });
  });

  it('reads the infrastructure state, a service history and the listing history with only the parameters set', async () => {
    const client = createSysmonClient(BASE);
    srv
      .on('GET', `${BASE}/api/infrastructure`, { data: { services: [] } })
      .on('GET', `${BASE}/api/infrastructure/history`, { data: { series: [] } })
      .on('GET', `${BASE}/api/reputation/history`, { data: { periods: [] } });
    await expect(client.infrastructure()).resolves.toEqual({ services: [] });
    await client.serviceHistory({ from: '2026-01-01T00:00:00.000Z', service: 'smtp', maxPoints: 96 });
    await client.serviceHistory({ from: '2026-01-01T00:00:00.000Z', service: '' });
    await client.reputationHistory();
    await client.reputationHistory({ ip: '192.0.2.10', limit: 20 });
    expect(srv.requests.map((r) => [r.url, r.params])).toEqual([
      [`${BASE}/api/infrastructure`, undefined],
      [`${BASE}/api/infrastructure/history`, { from: '2026-01-01T00:00:00.000Z', service: 'smtp', maxPoints: 96 }],
      [`${BASE}/api/infrastructure/history`, { from: '2026-01-01T00:00:00.000Z' }],
      [`${BASE}/api/reputation/history`, {}],
      [`${BASE}/api/reputation/history`, { ip: '192.0.2.10', limit: 20 }],
    ]);
  });

  it('turns service errors into readable messages', async () => {
    srv.on('GET', `${BASE}/api/health`, {
      status: 401,
      statusText: 'Unauthorized',
      data: { error: { code: 'unauthorized', message: 'Missing or unknown bearer token' } },
    });
    await expect(createSysmonClient(BASE).health()).rejects.toMatchObject({
      message: 'HTTP 401 Unauthorized: Missing or unknown bearer token',
      status: 401,
      code: 'unauthorized',
    });
  });
});

describe('checkConnection', () => {
  let srv: FakeBackendSrv;
  beforeEach(() => {
    srv = new FakeBackendSrv().install();
  });

  it('is ok when health answers and the operator token has the operator scope', async () => {
    srv
      .on('GET', `${BASE}/api/health`, { data: healthyResponse() })
      .on('GET', `${BASE}/operator/whoami`, { data: { scopes: ['read', 'operator'], user: 'admin' } });
    const result = await checkConnection(createSysmonClient(BASE));
    expect(result.ok).toBe(true);
    expect(result.summary).toBe(
      'Read route OK: Service 0.1.0 is ok (postgres up, redis up). Operator route OK: operator scope present.'
    );
  });

  it('fails the operator route when the token lacks the operator scope', async () => {
    srv
      .on('GET', `${BASE}/api/health`, { data: healthyResponse() })
      .on('GET', `${BASE}/operator/whoami`, { data: { scopes: ['read'], user: 'admin' } });
    const result = await checkConnection(createSysmonClient(BASE));
    expect(result.ok).toBe(false);
    expect(result.read.ok).toBe(true);
    expect(result.operator).toEqual({
      ok: false,
      error: 'The operator token is accepted but lacks the operator scope (scopes: read)',
    });
  });

  it('reports each route failure separately', async () => {
    srv
      .on('GET', `${BASE}/api/health`, { status: 502, statusText: 'Bad Gateway', data: { message: 'Bad Gateway' } })
      .on('GET', `${BASE}/operator/whoami`, {
        status: 403,
        statusText: 'Forbidden',
        data: { error: { code: 'forbidden', message: 'Token lacks scope operator' } },
      });
    const result = await checkConnection(createSysmonClient(BASE));
    expect(result.ok).toBe(false);
    expect(result.summary).toBe(
      'Read route failed: HTTP 502 Bad Gateway: Bad Gateway. Operator route failed: HTTP 403 Forbidden: Token lacks scope operator.'
    );
  });
});

describe('SysmonClient queue endpoints', () => {
  let srv: FakeBackendSrv;
  beforeEach(() => {
    srv = new FakeBackendSrv().install();
  });

  it('reads through the api route with query parameters, leaving unset ones out', async () => {
    srv
      .on('GET', `${BASE}/api/queues/history`, { data: { field: 'depth', series: [] } })
      .on('GET', `${BASE}/api/queues/a%2Fb/jobs`, { data: { jobs: [] } })
      .on('GET', `${BASE}/api/jobs/search`, { data: { rows: [], nextCursor: null } })
      .on('GET', `${BASE}/api/drift`, { data: { kinds: [] } });
    const client = createSysmonClient(BASE);
    await client.queueHistory({ field: 'depth', from: '2026-01-01T00:00:00.000Z', groupBy: 'queue' });
    await client.jobs('a/b', 'failed', 25, 25);
    await client.searchJobs({ q: 'id:1', queue: 'q', cursor: null, to: '' });
    await client.drift();
    expect(srv.requests.map((r) => [r.url, r.params])).toEqual([
      [`${BASE}/api/queues/history`, { field: 'depth', from: '2026-01-01T00:00:00.000Z', groupBy: 'queue' }],
      [`${BASE}/api/queues/a%2Fb/jobs`, { state: 'failed', start: 25, count: 25 }],
      [`${BASE}/api/jobs/search`, { q: 'id:1', queue: 'q' }],
      [`${BASE}/api/drift`, {}],
    ]);
  });

  it('sends every mutation through the operator route', async () => {
    const client = createSysmonClient(BASE);
    const op = `${BASE}/operator`;
    srv
      .on('POST', `${op}/queues/q/pause`, { data: {} })
      .on('POST', `${op}/queues/q/resume`, { data: {} })
      .on('POST', `${op}/tiers/low/pause`, { data: {} })
      .on('POST', `${op}/tiers/low/resume`, { data: {} })
      .on('POST', `${op}/queues/q/jobs/7/retry`, { data: {} })
      .on('DELETE', `${op}/queues/q/jobs/7`, { data: {} })
      .on('POST', `${op}/queues/q/retry-failed`, { data: {} })
      .on('POST', `${op}/queues/q/promote-delayed`, { data: {} })
      .on('POST', `${op}/queues/q/clean`, { data: {} })
      .on('POST', `${op}/drift/recover`, { data: {} });
    await client.pauseQueue('q');
    await client.resumeQueue('q');
    await client.pauseTier('low');
    await client.resumeTier('low');
    await client.retryJob('q', '7');
    await client.removeJob('q', '7');
    await client.retryFailed('q', 100);
    await client.promoteDelayed('q', 5);
    await client.clean('q', { state: 'failed', olderThanMs: 3600000, limit: 1000 });
    await client.recoverDrift({ limit: 3, includeStarted: false });
    expect(srv.requests.every((r) => r.url.startsWith(`${op}/`))).toBe(true);
    expect(srv.requests.map((r) => [r.method, r.url.slice(op.length), r.data])).toEqual([
      ['POST', '/queues/q/pause', {}],
      ['POST', '/queues/q/resume', {}],
      ['POST', '/tiers/low/pause', {}],
      ['POST', '/tiers/low/resume', {}],
      ['POST', '/queues/q/jobs/7/retry', {}],
      ['DELETE', '/queues/q/jobs/7', undefined],
      ['POST', '/queues/q/retry-failed', { count: 100 }],
      ['POST', '/queues/q/promote-delayed', { count: 5 }],
      ['POST', '/queues/q/clean', { state: 'failed', olderThanMs: 3600000, limit: 1000 }],
      ['POST', '/drift/recover', { limit: 3, includeStarted: false }],
    ]);
  });
});
