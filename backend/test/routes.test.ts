// The routes table: every route of every unit, with the scope and audit rules checked on the real table and
// enforced over HTTP (the app refuses before any handler runs, so no Redis or PostgreSQL work happens).
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { EVENT_SOURCES, QUERY_TYPES, variableQuerySchema } from '@penguinmails/sysmon-contract';
import { createPool } from '../src/db/pool.ts';
import { createApp } from '../src/http/app.ts';
import type { Route } from '../src/http/route.ts';
import { buildRoutes, READ_ONLY_POSTS, routeTableProblems } from '../src/http/routes.ts';
import { createLogger } from '../src/logger.ts';
import { createMetrics } from '../src/metrics/registry.ts';
import { combineQueryHandlers } from '../src/query/dispatch.ts';
import { createRedis } from '../src/redis.ts';
import { defaultUnits } from '../src/server.ts';
import type { UnitContext } from '../src/units/unit.ts';
import { bearer, randomSchema, testConfig, TEST_DATABASE_URL, TOKENS } from './helpers.ts';

describe('the routes table', () => {
  const config = testConfig(randomSchema());
  const context: UnitContext = {
    config,
    logger: createLogger('silent'),
    pool: createPool(TEST_DATABASE_URL),
    systemPool: createPool(TEST_DATABASE_URL),
    // Never connected: scope checks answer before any handler.
    redis: createRedis(config.redisUrl, { lazyConnect: true }),
    services: {},
  };
  const metrics = createMetrics();
  const started = defaultUnits().map((unit) => unit.start(context));
  const routes = buildRoutes(started, { metrics });
  const operatorRoutes = routes.filter((route) => route.scope === 'operator');
  let url: string;
  let close: () => void;

  before(async () => {
    const server = createApp({ config, logger: context.logger, pool: context.pool, metrics }, routes).listen(
      0,
      '127.0.0.1'
    );
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  after(async () => {
    close();
    await Promise.allSettled(started.map((unit) => unit.close?.()));
    await Promise.all([context.pool.end(), context.systemPool.end()]);
    context.redis.disconnect();
  });

  it('holds every unit’s routes and has no problem: each mutation is operator-only and audited (or an ingest POST)', () => {
    assert.deepEqual(routeTableProblems(routes), []);
    assert.ok(operatorRoutes.length >= 10, `${operatorRoutes.length} operator routes`);
    for (const route of routes.filter((r) => r.method !== 'GET' && !READ_ONLY_POSTS.has(`${r.method} ${r.path}`))) {
      if (route.scope === 'ingest') {
        // Log shipping appends lines; it is not an operator action and writes no audit row per batch.
        assert.equal(route.method, 'POST', `${route.method} ${route.path}`);
        continue;
      }
      assert.equal(route.scope, 'operator', `${route.method} ${route.path}`);
      assert.match(route.audit ?? '', /^[a-z_]+\.[a-z_]+$/, `${route.method} ${route.path} has an audit name`);
    }
  });

  it('names a mutating route that is not operator-scoped or not audited, and the app refuses such a table', () => {
    const handle = () => ({ body: {} });
    const readScoped: Route = { method: 'POST', path: '/api/queues/:queue/drain', scope: 'read', handle };
    const unaudited: Route = { method: 'DELETE', path: '/api/queues/:queue', scope: 'operator', handle };
    const ingestPost: Route = { method: 'POST', path: '/api/test/ingest', scope: 'ingest', streamBody: true, handle };
    const ingestDelete: Route = { method: 'DELETE', path: '/api/test/ingest', scope: 'ingest', handle };
    // readOnly is the one way past the rule, so only POST /api/query may use it.
    const sneaky: Route = {
      method: 'POST',
      path: '/api/queues/:queue/obliterate',
      scope: 'read',
      readOnly: true,
      handle,
    };
    assert.deepEqual(
      routeTableProblems([...routes, readScoped, unaudited, routes[0]!, ingestPost, ingestDelete, sneaky]),
      [
        'POST /api/queues/:queue/drain mutates but is read-scoped, not operator',
        'DELETE /api/queues/:queue mutates but is not audited',
        'GET /healthz is defined twice',
        'DELETE /api/test/ingest is ingest-scoped but not a POST (ingest only appends)',
        'POST /api/queues/:queue/obliterate is marked readOnly, which only POST /api/query may be',
      ]
    );
    assert.throws(
      () => buildRoutes([...started, { routes: [readScoped] }], { metrics }),
      /invalid routes table: POST \/api\/queues\/:queue\/drain mutates but is read-scoped/
    );
  });

  it('every operator route refuses a missing token (401) and the read and ingest tokens (403)', async () => {
    for (const route of operatorRoutes) {
      const path = route.path.replace(/:([a-z]+)/g, 'x');
      const call = (headers: Record<string, string>) => fetch(`${url}${path}`, { method: route.method, headers });
      assert.equal((await call({})).status, 401, `${route.method} ${path} without a token`);
      for (const token of [TOKENS.api, TOKENS.ingest]) {
        const res = await call(bearer(token));
        assert.equal(res.status, 403, `${route.method} ${path}`);
        assert.match(((await res.json()) as { error: { message: string } }).error.message, /"operator" scope/);
      }
    }
  });

  it('answers every query type of the contract, each from exactly one unit, every variable name and event source', () => {
    const handled = Object.keys(
      combineQueryHandlers(
        started.map((unit) => unit.queryHandlers),
        started.map((unit) => unit.variables),
        started.map((unit) => unit.events)
      )
    );
    assert.deepEqual(handled.sort(), QUERY_TYPES.map((type) => type.value).sort());
    const provided = started.flatMap((unit) => Object.keys(unit.variables ?? {}));
    assert.deepEqual(provided.sort(), [...variableQuerySchema.shape.variable.unwrap().options].sort());
    const sources = started.flatMap((unit) => Object.keys(unit.events ?? {}));
    assert.deepEqual(sources.sort(), EVENT_SOURCES.map((source) => source.value).sort());
  });

  it('every read route refuses the ingest token (403)', async () => {
    for (const route of routes.filter((r) => r.scope === 'read')) {
      const path = route.path.replace(/:([a-z]+)/g, 'x');
      const res = await fetch(`${url}${path}`, { method: route.method, headers: bearer(TOKENS.ingest) });
      assert.equal(res.status, 403, `${route.method} ${path}`);
    }
  });
});
