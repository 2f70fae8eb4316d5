import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { migrate, startServer, type RunningServer } from '../src/server.ts';
import { bearer, dropSchema, randomSchema, testConfig, TOKENS } from './helpers.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface HealthBody {
  status: string;
  version: string;
  checkedAt: string;
  dependencies: Array<{ name: string; status: string; latencyMs: number; error?: string }>;
}

describe('HTTP API against real PostgreSQL and Redis', () => {
  const schema = randomSchema();
  let server: RunningServer;

  before(async () => {
    const config = testConfig(schema, {}, 'server:\n  bodyLimit: 2kb\n');
    server = await startServer(config, { migrate: true });
  });
  after(async () => {
    await server?.close();
    await dropSchema(schema);
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });
  const postQuery = (body: string, headers: Record<string, string> = bearer(TOKENS.api)) =>
    fetch(`${server.url}/api/query`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body,
    });

  it('answers /healthz without auth', async () => {
    const res = await get('/healthz');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  describe('auth', () => {
    it('401 without a token or with an unknown one', async () => {
      for (const headers of [{}, bearer('not-a-known-token-at-all'), { Authorization: `Basic ${TOKENS.api}` }]) {
        const res = await get('/api/health', headers);
        assert.equal(res.status, 401);
        const body = (await res.json()) as { error: { code: string; message: string } };
        assert.equal(body.error.code, 'unauthorized');
        assert.ok(!JSON.stringify(body).includes(TOKENS.api));
      }
    });

    it('401 before 404 on unknown /api paths; 404 JSON with a token', async () => {
      assert.equal((await get('/api/nope')).status, 401);
      const res = await get('/api/nope', bearer(TOKENS.api));
      assert.equal(res.status, 404);
      assert.deepEqual(await res.json(), { error: { code: 'not_found', message: 'no route for GET /api/nope' } });
    });

    it('403 for a known token without the read scope (ingest token)', async () => {
      const res = await get('/api/health', bearer(TOKENS.ingest));
      assert.equal(res.status, 403);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'forbidden');
    });

    it('200 for the read and the operator token; whoami reports scopes and the Grafana user', async () => {
      const read = await get('/api/whoami', bearer(TOKENS.api));
      assert.deepEqual(await read.json(), { scopes: ['read'], user: 'unknown' });
      const operator = await get('/api/whoami', { ...bearer(TOKENS.operator), 'X-Grafana-User': 'alice' });
      assert.deepEqual(await operator.json(), { scopes: ['read', 'operator'], user: 'alice' });
    });
  });

  it('/api/health reports both dependencies up with latency', async () => {
    const res = await get('/api/health', bearer(TOKENS.api));
    assert.equal(res.status, 200);
    const body = (await res.json()) as HealthBody;
    assert.equal(body.status, 'ok');
    assert.equal(body.version, '0.1.0');
    assert.ok(Math.abs(Date.parse(body.checkedAt) - Date.now()) < 10_000);
    assert.deepEqual(
      body.dependencies.map((d) => [d.name, d.status, d.error]),
      [
        ['postgres', 'up', undefined],
        ['redis', 'up', undefined],
      ]
    );
    for (const dependency of body.dependencies) {
      assert.ok(dependency.latencyMs >= 0 && dependency.latencyMs < 2000);
    }
  });

  it('/api/query returns health frames and a per-refId error for an unknown queryType', async () => {
    const res = await postQuery(
      JSON.stringify({
        queries: [
          { refId: 'A', queryType: 'health', datasource: { type: 'penguinmails-sysmon-datasource', uid: 'x' } },
          { refId: 'B', queryType: 'nope' },
        ],
        range: { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date().toISOString() },
        intervalMs: 15_000,
        maxDataPoints: 1000,
      })
    );
    assert.equal(res.status, 200);
    const body = (await res.json()) as { results: Record<string, any> };
    const frame = body.results.A.frames[0];
    assert.equal(body.results.A.frames.length, 1);
    assert.equal(frame.schema.name, 'health');
    assert.equal(frame.schema.refId, 'A');
    assert.deepEqual(
      frame.schema.fields.map((f: { name: string }) => f.name),
      ['dependency', 'status', 'latency_ms', 'error', 'checked_at']
    );
    assert.deepEqual(frame.data.values[0], ['postgres', 'redis']);
    assert.deepEqual(frame.data.values[1], ['up', 'up']);
    assert.equal(typeof frame.data.values[4][0], 'number');
    assert.deepEqual(body.results.B, {
      frames: [],
      error:
        'unknown queryType "nope"; expected one of: health, queues, queue_metrics, jobs, drift, logs, log_volume, log_context, services, findings, ip_reputation, service_metrics, variable, events',
      status: 400,
    });
  });

  it('400 for malformed JSON and for an envelope without queries', async () => {
    const bad = await postQuery('{"queries": [');
    assert.equal(bad.status, 400);
    assert.deepEqual(await bad.json(), { error: { code: 'invalid_json', message: 'request body is not valid JSON' } });
    const noQueries = await postQuery('{"range":{}}');
    assert.equal(noQueries.status, 400);
    assert.equal(((await noQueries.json()) as { error: { code: string } }).error.code, 'invalid_query_request');
  });

  it('413 for a body over server.bodyLimit', async () => {
    const big = JSON.stringify({ queries: [{ refId: 'A', queryType: 'health', pad: 'x'.repeat(4096) }] });
    const res = await postQuery(big);
    assert.equal(res.status, 413);
    assert.deepEqual(await res.json(), {
      error: { code: 'payload_too_large', message: 'request body is larger than the limit of 2kb' },
    });
  });

  it('405 with Allow for a known path and the wrong method', async () => {
    const res = await get('/api/query', bearer(TOKENS.api));
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'POST');
  });

  it('echoes a well-formed X-Request-ID and generates one otherwise', async () => {
    const echoed = await get('/healthz', { 'X-Request-ID': 'grafana-req:42.a_b' });
    assert.equal(echoed.headers.get('x-request-id'), 'grafana-req:42.a_b');
    const replaced = await get('/healthz', { 'X-Request-ID': 'bad id with spaces' });
    assert.match(replaced.headers.get('x-request-id') ?? '', UUID);
    const generated = await get('/api/health');
    assert.match(generated.headers.get('x-request-id') ?? '', UUID);
  });

  it('/metrics exposes request counters by route pattern and the units’ metrics', async () => {
    assert.equal((await get('/api/queues', bearer(TOKENS.api))).status, 200);
    const res = await get('/metrics', bearer(TOKENS.metrics));
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.match(text, /sysmon_http_requests_total\{method="POST",route="\/api\/query",status="200"\} \d+/);
    assert.match(text, /sysmon_http_request_duration_seconds_bucket\{/);
    assert.match(text, /process_cpu_user_seconds_total/);
    // The queues unit's own metric, registered by server.ts: the shared read of every queue.
    assert.match(text, /sysmon_queue_snapshot_read_seconds_count\{outcome="ok"\} [1-9]/);
  });
});

describe('degraded dependencies', () => {
  async function health(server: RunningServer): Promise<{ body: HealthBody; ms: number }> {
    const started = Date.now();
    const res = await fetch(`${server.url}/api/health`, { headers: bearer(TOKENS.api) });
    assert.equal(res.status, 200);
    return { body: (await res.json()) as HealthBody, ms: Date.now() - started };
  }

  it('reports PostgreSQL down (without its password) and keeps answering', async () => {
    const server = await startServer(
      testConfig(randomSchema(), { DATABASE_URL: 'postgres://postgres:hunter2-secret@127.0.0.1:1/test' })
    );
    try {
      for (let i = 0; i < 2; i++) {
        const { body, ms } = await health(server);
        assert.ok(ms < 3_000, `answered in ${ms} ms`);
        assert.equal(body.status, 'degraded');
        const [postgres, redis] = body.dependencies;
        assert.equal(postgres?.status, 'down');
        assert.match(postgres?.error ?? '', /ECONNREFUSED/);
        assert.ok(!JSON.stringify(body).includes('hunter2'));
        assert.equal(redis?.status, 'up');
      }
      const query = await fetch(`${server.url}/api/query`, {
        method: 'POST',
        headers: { ...bearer(TOKENS.api), 'Content-Type': 'application/json' },
        body: JSON.stringify({ queries: [{ refId: 'A', queryType: 'health' }] }),
      });
      const frame = ((await query.json()) as { results: Record<string, any> }).results.A.frames[0];
      assert.deepEqual(frame.data.values[1], ['down', 'up']);
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    } finally {
      await server.close();
    }
  });

  it('reports Redis down and keeps answering', async () => {
    const server = await startServer(testConfig(randomSchema(), { REDIS_URL: 'redis://127.0.0.1:1' }));
    try {
      const { body, ms } = await health(server);
      assert.ok(ms < 3_000, `answered in ${ms} ms`);
      assert.equal(body.status, 'degraded');
      assert.deepEqual(
        body.dependencies.map((d) => d.status),
        ['up', 'down']
      );
      assert.match(body.dependencies[1]?.error ?? '', /not connected.*ECONNREFUSED/);
    } finally {
      await server.close();
    }
  });
});
