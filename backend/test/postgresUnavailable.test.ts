// PostgreSQL being unreachable is named, never an "internal error" (found by the fault suite: while PostgreSQL was
// stopped, the ledger, log, history and audit reads answered 500 `internal error while running the query`). A
// service whose DATABASE_URL points at a port nothing listens on answers 503 `postgres_unavailable` with
// Retry-After on REST routes, and a per-refId 503 naming PostgreSQL in /api/query, while Redis-backed and in-memory
// answers go on. The predicate itself tells PostgreSQL's connection failures from other errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { QueryResponse } from '@penguinmails/sysmon-contract';
import { createPool, isPostgresUnavailable } from '../src/db/pool.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import { freePort } from './faults.ts';
import { bearer, randomSchema, testConfig, TEST_DATABASE_URL, TOKENS } from './helpers.ts';

describe('PostgreSQL unreachable', () => {
  let server: RunningServer;
  let deadUrl: string;

  before(async () => {
    const url = new URL(TEST_DATABASE_URL);
    url.port = String(await freePort());
    deadUrl = url.toString();
    server = await startServer(testConfig(randomSchema(), { DATABASE_URL: deadUrl }));
  });
  after(async () => {
    await server?.close();
  });

  it('tells a connection PostgreSQL refused from errors of the query or of other dependencies', async () => {
    const dead = createPool(deadUrl);
    const live = createPool(TEST_DATABASE_URL);
    try {
      const refused = await dead.query('SELECT 1').catch((error: unknown) => error);
      assert.ok(isPostgresUnavailable(refused), String(refused));
      const viaConnect = await dead.connect().catch((error: unknown) => error);
      assert.ok(isPostgresUnavailable(viaConnect), String(viaConnect));
      const syntax = await live.query('SELEC 1').catch((error: unknown) => error);
      assert.equal(isPostgresUnavailable(syntax), false, 'a bad query is not an outage');
      const terminated = await live
        .query('SELECT pg_terminate_backend(pg_backend_pid())')
        .catch((error: unknown) => error);
      assert.ok(isPostgresUnavailable(terminated), `the session ended by the server: ${String(terminated)}`);
    } finally {
      await Promise.all([dead.end(), live.end()]);
    }
    // ioredis' words for a closed connection, and a plain refused socket that is not PostgreSQL's.
    assert.equal(isPostgresUnavailable(new Error('Connection is closed.')), false);
    assert.equal(
      isPostgresUnavailable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
      false
    );
  });

  it('REST reads answer 503 postgres_unavailable with Retry-After; queries name PostgreSQL per refId', async () => {
    const get = (path: string) => fetch(`${server.url}${path}`, { headers: bearer(TOKENS.api) });
    for (const path of ['/api/jobs/search?q=x', '/api/queues/history?field=depth', '/api/audit']) {
      const res = await get(path);
      assert.equal(res.status, 503, path);
      assert.ok(Number(res.headers.get('retry-after')) > 0, `${path} Retry-After`);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      assert.equal(error.code, 'postgres_unavailable', path);
      assert.match(error.message, /^PostgreSQL is unreachable \(.*ECONNREFUSED/, path);
    }
    const res = await fetch(`${server.url}/api/query`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.api), 'Content-Type': 'application/json' },
      body: JSON.stringify({
        queries: [
          { refId: 'L', queryType: 'logs' },
          { refId: 'J', queryType: 'jobs', search: 'x' },
          { refId: 'M', queryType: 'queue_metrics' },
          { refId: 'S', queryType: 'services' },
        ],
      }),
    });
    const { results } = (await res.json()) as QueryResponse;
    for (const refId of ['L', 'J', 'M']) {
      assert.equal(results[refId]?.status, 503, refId);
      assert.match(results[refId]?.error ?? '', /^PostgreSQL is unreachable/, refId);
      assert.deepEqual(results[refId]?.frames, [], `${refId}: no frame of zeros`);
    }
    assert.equal(results.S?.error, undefined, 'answers from memory go on');
  });
});
