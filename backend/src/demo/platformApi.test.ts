// The platform API over real HTTP on a loopback port, in each of its modes.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { DemoLogger, MemorySink } from './logging.ts';
import { PlatformApi, type PlatformApiOptions } from './platformApi.ts';

const SLOW_MS = 600;

function apiOptions(logs: MemorySink, overrides: Partial<PlatformApiOptions> = {}): PlatformApiOptions {
  return {
    host: '127.0.0.1',
    port: 0,
    mode: 'normal',
    slowMs: SLOW_MS,
    logger: new DemoLogger(logs, 'platform-api'),
    ...overrides,
  };
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  ms: number;
}

/** One request on a fresh connection (no keep-alive pool hiding a closed listener). */
function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: text ? JSON.parse(text) : undefined,
          ms: performance.now() - started,
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function refused(port: number): Promise<string> {
  const error = await get(port, '/healthz').then(
    () => undefined,
    (e: NodeJS.ErrnoException) => e
  );
  assert.ok(error, 'the request should fail');
  return String(error.code);
}

describe('PlatformApi', () => {
  const logs = new MemorySink();
  const api = new PlatformApi(apiOptions(logs));
  let port: number;

  before(async () => {
    port = await api.start();
  });
  after(() => api.stop());

  it('answers /healthz and campaign stats in normal mode, logging each request with its request id', async () => {
    let reply = await get(port, '/healthz', { 'x-request-id': 'req-from-client-1' });
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { status: 'ok' });
    assert.equal(reply.headers['x-request-id'], 'req-from-client-1');
    const line = logs.records.find((r) => r.request_id === 'req-from-client-1');
    assert.equal(line?.service, 'platform-api');
    assert.equal(line?.level, 'info');
    assert.equal(line?.message, 'GET /healthz 200');
    assert.equal(line?.status, 200);
    assert.equal(typeof line?.duration_ms, 'number');

    reply = await get(port, '/api/v1/campaigns/cmp-42/stats');
    assert.equal(reply.status, 200);
    const stats = reply.body as Record<string, number | string>;
    assert.equal(stats.campaignId, 'cmp-42');
    assert.equal(stats.sent, Number(stats.delivered) + Number(stats.bounced));
    assert.deepEqual((await get(port, '/api/v1/campaigns/cmp-42/stats')).body, stats, 'stable per id');
    // Without an incoming id, one is generated and returned.
    const generated = String(reply.headers['x-request-id']);
    assert.match(generated, /^req-[0-9a-f]{16}$/);
    assert.ok(logs.records.some((r) => r.request_id === generated && r.path === '/api/v1/campaigns/cmp-42/stats'));

    // An incoming id that does not look like one is replaced.
    reply = await get(port, '/healthz', { 'x-request-id': 'has spaces and <tags>' });
    assert.match(String(reply.headers['x-request-id']), /^req-[0-9a-f]{16}$/);
  });

  it('answers HEAD without a body, and 404/405/400 with JSON errors', async () => {
    let reply = await get(port, '/healthz', {}, 'HEAD');
    assert.equal(reply.status, 200);
    assert.equal(reply.body, undefined);
    reply = await get(port, '/nowhere');
    assert.equal(reply.status, 404);
    assert.deepEqual(reply.body, { status: 'error', error: 'no route GET /nowhere' });
    reply = await get(port, '/healthz', {}, 'POST');
    assert.equal(reply.status, 405);
    reply = await get(port, '/api/v1/campaigns/%E0%A4%A/stats');
    assert.equal(reply.status, 400);
    assert.ok(logs.records.some((r) => r.level === 'warn' && r.status === 404));
  });

  it('holds every answer back in slow mode', async () => {
    await api.setMode('slow');
    try {
      const [health, stats] = await Promise.all([get(port, '/healthz'), get(port, '/api/v1/campaigns/c1/stats')]);
      assert.equal(health.status, 200);
      assert.equal(stats.status, 200);
      assert.ok(health.ms >= SLOW_MS - 5, `answered after ${health.ms} ms`);
      assert.ok(stats.ms >= SLOW_MS - 5, `answered after ${stats.ms} ms`);
    } finally {
      await api.setMode('normal');
    }
    const reply = await get(port, '/healthz');
    assert.ok(reply.ms < SLOW_MS, `normal again: ${reply.ms} ms`);
  });

  it('answers 503 "database connection pool exhausted" in erroring mode, logging an error with a stack', async () => {
    await api.setMode('erroring');
    try {
      for (const path of ['/healthz', '/api/v1/campaigns/c1/stats']) {
        const reply = await get(port, path, { 'x-request-id': `req-erroring-${path.length}` });
        assert.equal(reply.status, 503, path);
        assert.deepEqual(reply.body, { status: 'error', error: 'database connection pool exhausted' });
        const line = logs.records.find((r) => r.request_id === `req-erroring-${path.length}`);
        assert.equal(line?.level, 'error');
        assert.equal(line?.service, 'platform-api');
        assert.equal(line?.error_type, 'PoolExhaustedError');
        assert.match(String(line?.stack), /^PoolExhaustedError: database connection pool exhausted\n\s+at /);
      }
    } finally {
      await api.setMode('normal');
    }
    assert.equal((await get(port, '/healthz')).status, 200);
  });

  it('refuses connections when down, drops kept-alive ones, and answers again on the same port', async () => {
    // A client with a kept-alive connection (as a prober's pool would have).
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(res.status, 200);
    await res.text();

    await api.setMode('down');
    assert.equal(api.getMode(), 'down');
    assert.equal(await refused(port), 'ECONNREFUSED');
    const pooled = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.status,
      (e: Error) => e
    );
    assert.ok(pooled instanceof Error, `the kept-alive connection answered ${String(pooled)}`);
    assert.ok(logs.records.some((r) => r.message === 'platform api mode switched from normal to down'));

    await api.setMode('normal');
    assert.equal(api.port, port);
    const reply = await get(port, '/healthz');
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { status: 'ok' });
  });

  it('drops answers pending in slow mode when it goes down', async () => {
    await api.setMode('slow');
    const pending = get(port, '/healthz').then(
      () => undefined,
      (e: NodeJS.ErrnoException) => e
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    await api.setMode('down');
    const error = await pending;
    assert.ok(error, 'the pending request failed');
    await api.setMode('normal');
    assert.equal((await get(port, '/healthz')).status, 200);
  });

  it('rejects unknown modes', () => {
    assert.throws(() => api.setMode('sideways' as never), /unknown API mode sideways; expected one of normal, slow/);
  });
});

describe('PlatformApi variants', () => {
  it('starts in down mode on a known port, listens once switched to normal, and stops cleanly while down', async () => {
    const logs = new MemorySink();
    const api = new PlatformApi(apiOptions(logs, { mode: 'down' }));
    const port = await api.start();
    try {
      assert.ok(port > 0);
      assert.equal(await refused(port), 'ECONNREFUSED');
      await api.setMode('normal');
      assert.equal((await get(port, '/healthz')).status, 200);
      await api.setMode('down');
    } finally {
      await api.stop();
    }
    assert.equal(await refused(port), 'ECONNREFUSED');
  });

  it('stops promptly while a slow answer is pending', async () => {
    const api = new PlatformApi(apiOptions(new MemorySink(), { mode: 'slow', slowMs: 30_000 }));
    const port = await api.start();
    const pending = get(port, '/healthz').then(
      () => undefined,
      (e: unknown) => e
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await api.stop();
    assert.ok(Date.now() - started < 2_000, `stop took ${Date.now() - started} ms`);
    assert.ok((await pending) instanceof Error);
  });

  it('fails to start on a taken port', async () => {
    const first = new PlatformApi(apiOptions(new MemorySink()));
    const port = await first.start();
    try {
      const second = new PlatformApi(apiOptions(new MemorySink(), { port }));
      await assert.rejects(second.start(), /EADDRINUSE/);
    } finally {
      await first.stop();
    }
  });
});
