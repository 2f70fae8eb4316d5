// The service's edges against a real service: bad input is a 4xx naming the problem (never a 500), API answers are
// never sniffed or cached, /metrics needs its own token, slow clients are cut off, and the audit log records which
// token acted. Each case answered 500 (or did something worse) before issue 7.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { QueryResponse } from '@penguinmails/sysmon-contract';
import { startServer, type RunningServer } from '../src/server.ts';
import { bearer, dropSchema, randomSchema, testConfig, TOKENS } from './helpers.ts';

describe('service edges (real PostgreSQL and Redis)', () => {
  const schema = randomSchema();
  let server: RunningServer;

  before(async () => {
    server = await startServer(
      testConfig(schema, {}, 'server:\n  requestTimeoutMs: 1000\n  headersTimeoutMs: 1000\n'),
      { migrate: true }
    );
  });
  after(async () => {
    await server?.close();
    await dropSchema(schema);
  });

  const get = (path: string, token = TOKENS.api) => fetch(`${server.url}${path}`, { headers: bearer(token) });
  const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

  it('bad input anywhere is a 400 naming the problem', async () => {
    const cases: Array<[string, RegExp]> = [
      ['/api/jobs/search?q=smtp%00', /q: must not contain NUL/],
      ['/api/jobs/search?from=0000-01-01T00:00:00Z', /from: expected a time between 1970 and 9999/],
      [`/api/jobs/search?cursor=${Buffer.from(JSON.stringify(['9'.repeat(18), 'x'])).toString('base64url')}`, /cursor/],
      ['/api/queues/history?from=999999999999999', /from: expected an ISO 8601 time/],
      ['/api/queues/%E0%A4%A/jobs', /decode/i],
      // A NUL inside the cursor's encoded values (a valid-looking cursor otherwise) and in the raw parameter.
      [
        `/api/jobs/search?cursor=${Buffer.from(JSON.stringify(['1767225600000000', 'q', 'a\u0000b'])).toString('base64url')}`,
        /cursor|NUL/,
      ],
      ['/api/jobs/search?cursor=ab%00cd', /cursor: must not contain NUL/],
    ];
    for (const [path, message] of cases) {
      const res = await get(path);
      assert.equal(res.status, 400, path);
      assert.match((await errorOf(res)).message, message, path);
    }
  });

  it('a NUL in a queue name reaching PostgreSQL is a 4xx, not a 500', async () => {
    const res = await get('/api/jobs/search?queue=a%00b');
    assert.equal(res.status, 400);
  });

  it('query envelopes with absurd numbers or dates are refused per request, and bad text per refId', async () => {
    const post = (body: unknown) =>
      fetch(`${server.url}/api/query`, {
        method: 'POST',
        headers: { ...bearer(TOKENS.api), 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const queries = [{ refId: 'A', queryType: 'queue_metrics', field: 'depth' }];
    assert.equal((await post({ queries, intervalMs: 1e20 })).status, 400);
    assert.equal(
      (await post({ queries, range: { from: '0000-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } })).status,
      400
    );
    const nul = (await (await post({ queries: [{ refId: 'A', queryType: 'jobs', search: 'x\u0000' }] })).json()) as {
      results: Record<string, { status?: number; error?: string }>;
    };
    assert.equal(nul.results.A?.status, 400);
    assert.match(nul.results.A?.error ?? '', /NUL/);
  });

  it('a body that is not what its Content-Encoding says is a 400', async () => {
    const res = await fetch(`${server.url}/api/query`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.api), 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
      body: JSON.stringify({ queries: [{ refId: 'A', queryType: 'health' }] }),
    });
    assert.equal(res.status, 400);
    const gzipped = await fetch(`${server.url}/api/query`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.api), 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
      body: gzipSync(JSON.stringify({ queries: [{ refId: 'A', queryType: 'health' }] })),
    });
    assert.equal(gzipped.status, 200, 'a real gzip body is read');
  });

  it('API answers are neither sniffed nor cached', async () => {
    for (const res of [await get('/api/queues'), await get('/api/nope')]) {
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('cache-control'), 'no-store');
    }
  });

  it('/metrics needs the metrics token: no token 401, the read token 403, the metrics token 200', async () => {
    assert.equal((await fetch(`${server.url}/metrics`)).status, 401);
    assert.equal((await get('/metrics', TOKENS.api)).status, 403);
    const res = await get('/metrics', TOKENS.metrics);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /sysmon_http_requests_total/);
    assert.equal((await get('/api/health', TOKENS.metrics)).status, 403, 'the metrics token reads nothing else');
  });

  it('a client that sends its headers slowly is cut off after headersTimeoutMs', async () => {
    const { port, hostname } = new URL(server.url);
    const socket = connect(Number(port), hostname);
    const started = Date.now();
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
    });
    const elapsed = Date.now() - started;
    assert.match(answer, /^HTTP\/1\.1 408/);
    assert.ok(elapsed < 5_000, `closed after ${elapsed} ms`);
  });

  it('a client that sends its body slowly is cut off after requestTimeoutMs, not held for minutes', async () => {
    const { port, hostname } = new URL(server.url);
    const socket = connect(Number(port), hostname);
    const started = Date.now();
    // Whole headers at once, then a body that promises 100 bytes and trickles one every 300 ms.
    socket.write(
      `POST /api/query HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKENS.api}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{'
    );
    const trickle = setInterval(() => socket.write(' '), 300);
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
    }).finally(() => clearInterval(trickle));
    const elapsed = Date.now() - started;
    assert.match(answer, /^HTTP\/1\.1 408/);
    assert.ok(elapsed >= 900 && elapsed < 5_000, `closed after ${elapsed} ms`);
  });

  it('a call whose parameters PostgreSQL could not store is still audited, with the NUL shown as \\0', async () => {
    const res = await fetch(`${server.url}/api/queues/ghost/pause?prefix=a%00b&note=%00`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.operator), 'X-Request-ID': 'nul-params' },
    });
    assert.equal(res.status, 400);
    const events = (
      (await (await get('/api/audit?limit=5')).json()) as {
        events: Array<{ requestId: string; params: Record<string, unknown>; outcome: string }>;
      }
    ).events;
    const event = events.find((e) => e.requestId === 'nul-params');
    assert.ok(event, 'the refused call has its audit event');
    assert.equal(event.params.note, '\\0');
    assert.match(event.outcome, /^error: invalid parameter prefix/);
  });

  it('the audit log records which token made a call, and dashboards see the action as an annotation', async () => {
    const from = new Date(Date.now() - 1_000).toISOString();
    await fetch(`${server.url}/api/tiers/low/pause`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.operator), 'X-Grafana-User': 'alice' },
    });
    const events = ((await (await get('/api/audit?limit=1')).json()) as { events: Array<{ token: string }> }).events;
    assert.equal(events[0]?.token, 'operator');

    const response = await fetch(`${server.url}/api/query`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.api), 'Content-Type': 'application/json' },
      body: JSON.stringify({
        range: { from, to: new Date(Date.now() + 1_000).toISOString() },
        queries: [{ refId: 'E', queryType: 'events', sources: ['queue_actions'] }],
      }),
    });
    const frame = ((await response.json()) as QueryResponse).results.E!.frames[0]!;
    // Oldest first: this call's pause is the last (earlier tests' calls may fall in the range too).
    assert.equal(frame.data.values[1]!.at(-1), 'tier.pause tier:low by alice');
    assert.match(String(frame.data.values[2]!.at(-1)), /^outcome: ok/);
  });
});

describe('metrics open by configuration', () => {
  it('server.metricsPublic serves /metrics without a token', async () => {
    const schema = randomSchema();
    const server = await startServer(testConfig(schema, {}, 'server:\n  metricsPublic: true\n'));
    try {
      assert.equal((await fetch(`${server.url}/metrics`)).status, 200);
    } finally {
      await server.close();
    }
  });
});
