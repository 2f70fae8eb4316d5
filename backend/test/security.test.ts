// Security of the whole service (issue 12), against the real service (every unit, real PostgreSQL and Redis):
// - a table-driven walk of the real routes table: every route answers only the tokens of its scope (read /
//   operator / ingest / metrics / public): 401 without a known token, 403 with another scope's;
// - every operator route, called with the operator token and X-Grafana-User, leaves exactly one audit row naming
//   the actor, the action and the token's scope, refused calls (unknown queue, bad body, body too large) too;
// - no token (nor a database or Redis password) ever appears in the service's logs (captured at trace level) or in
//   an answer, whether tokens are right or wrong, the configuration is bad or a dependency fails;
// - body-size and decompressed-size limits answer 413;
// - no answer carries a CORS header (preflights included), and every answer carries the security headers;
// - both search compilers (job ledger, logs) hand every user value to PostgreSQL only as a bind parameter;
// - the plugin's data source routes keep the operator token behind `reqRole: Editor`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { Queue } from 'bullmq';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { AuditEvent } from '@penguinmails/sysmon-contract';
import { loadConfig } from '../src/config.ts';
import { createPool, type Pool } from '../src/db/pool.ts';
import type { Route, RouteScope } from '../src/http/route.ts';
import { buildRoutes } from '../src/http/routes.ts';
import { createLogger } from '../src/logger.ts';
import { parseLogSearch } from '../src/logs/search.ts';
import { filterConditions, SqlParams } from '../src/logs/searchSql.ts';
import { createPostgresLogStore } from '../src/logs/postgres/index.ts';
import { createMetrics } from '../src/metrics/registry.ts';
import { compileSearch, searchLedger } from '../src/queues/search.ts';
import { parseSearch as parseLedgerSearch } from '../src/queues/searchLanguage.ts';
import { SearchSyntaxError } from '../src/search/language.ts';
import { defaultUnits, migrate, startServer, type RunningServer } from '../src/server.ts';
import type { StartedUnit, Unit } from '../src/units/unit.ts';
import { freePort } from './faults.ts';
import {
  deletePrefix,
  dropSchema,
  randomPrefix,
  randomSchema,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  testEnv,
  TOKENS,
} from './helpers.ts';

const BACKEND = new URL('..', import.meta.url).pathname;
const PLUGIN_JSON = new URL('../../src/datasource/plugin.json', import.meta.url);

/** A token nobody configured, shaped like a real one (a mistyped or stale token must not be echoed either). */
const WRONG_TOKEN = 'wrong-token-0123456789abcdef-not-configured';
const DB_PASSWORD = 'pg-secret-Vq7h2Lx9';
const REDIS_PASSWORD = 'redis-secret-Rk4m8Nw2';
/** Every secret that must never be written to a log or an answer. */
const SECRETS = [...Object.values(TOKENS), WRONG_TOKEN, DB_PASSWORD, REDIS_PASSWORD];

type TokenName = 'none' | 'wrong' | 'api' | 'operator' | 'ingest' | 'metrics';
const TOKEN_VALUES: Record<TokenName, string | undefined> = {
  none: undefined,
  wrong: WRONG_TOKEN,
  api: TOKENS.api,
  operator: TOKENS.operator,
  ingest: TOKENS.ingest,
  metrics: TOKENS.metrics,
};
/** Which tokens each scope admits. */
const ADMITS: Record<RouteScope, readonly TokenName[]> = {
  public: ['none', 'wrong', 'api', 'operator', 'ingest', 'metrics'],
  read: ['api', 'operator'],
  operator: ['operator'],
  ingest: ['ingest'],
  metrics: ['metrics'],
};

/** Collects the lines a logger writes (a pino destination). */
class LogCapture {
  readonly lines: string[] = [];
  write(line: string): void {
    this.lines.push(line);
  }
  text(): string {
    return this.lines.join('');
  }
}

/** Every secret found in `text`, by which one. */
function secretsIn(text: string): string[] {
  return SECRETS.filter((secret) => text.includes(secret)).map(
    (secret) =>
      Object.entries({ ...TOKENS, wrong: WRONG_TOKEN, db: DB_PASSWORD, redis: REDIS_PASSWORD }).find(
        ([, value]) => value === secret
      )![0]
  );
}

/** A route's path with its parameters filled in. */
const concrete = (path: string) =>
  path.replace(':queue', 'sec-no-such-queue').replace(':tier', 'low').replace(':id', 'sec-no-such-job');

/** A small body each ingest format accepts. */
function ingestBody(path: string): string {
  const ns = `${BigInt(Date.now()) * 1_000_000n}`;
  if (path === '/loki/api/v1/push') {
    return JSON.stringify({ streams: [{ stream: { service_name: 'security' }, values: [[ns, 'security line']] }] });
  }
  if (path === '/v1/logs') {
    return JSON.stringify({
      resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'security line' } }] }] }],
    });
  }
  return '{"message":"security line","service":"security"}';
}

interface Answer {
  what: string;
  status: number;
  headers: Headers;
  body: string;
}

describe('security of the service (real PostgreSQL and Redis)', () => {
  const schema = randomSchema();
  const prefix = randomPrefix('sec');
  const logs = new LogCapture();
  const answers: Answer[] = [];
  const started: StartedUnit[] = [];
  let routes: Route[];
  let server: RunningServer;
  let redis: Redis;

  const yaml = `server:
  bodyLimit: 64kb
queues:
  prefixes: [${prefix}]
  ledgerTable: ${schema}.job_ledger
logs:
  maxBodyBytes: 65536
`;

  /** Sends a request and keeps its answer for the header, CORS and secret checks. */
  const send = async (what: string, path: string, init: RequestInit = {}): Promise<Answer> => {
    const res = await fetch(`${server.url}${path}`, init);
    const answer = { what, status: res.status, headers: res.headers, body: await res.text() };
    answers.push(answer);
    return answer;
  };
  const requestFor = (route: Route, token: TokenName, headers: Record<string, string> = {}): RequestInit => {
    const value = TOKEN_VALUES[token];
    const hasBody = route.method !== 'GET';
    return {
      method: route.method,
      headers: {
        ...(value ? { Authorization: `Bearer ${value}` } : {}),
        ...(hasBody ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      ...(hasBody ? { body: route.scope === 'ingest' ? ingestBody(route.path) : '{}' } : {}),
    };
  };

  before(async () => {
    redis = new Redis(TEST_REDIS_URL);
    // The real units, recorded as they start, so the table checked is the one the server runs.
    const units: Unit[] = defaultUnits().map((unit) => ({
      ...unit,
      start: (context) => {
        const unitStarted = unit.start(context);
        started.push(unitStarted);
        return unitStarted;
      },
    }));
    server = await startServer(loadConfig(testEnv(schema), yaml), {
      migrate: true,
      units,
      logger: createLogger('trace', {}, logs),
    });
    routes = buildRoutes(started, { metrics: createMetrics() });
  });
  after(async () => {
    await server?.close();
    await deletePrefix(redis, prefix);
    redis.disconnect();
    await dropSchema(schema);
  });

  it('every route of every unit admits exactly the tokens of its scope (401 unknown, 403 other scopes)', async () => {
    assert.ok(routes.length >= 30, `${routes.length} routes`);
    const scopes = new Set(routes.map((route) => route.scope));
    assert.deepEqual([...scopes].sort(), ['ingest', 'metrics', 'operator', 'public', 'read']);
    const wrong: string[] = [];
    for (const route of routes) {
      for (const token of Object.keys(TOKEN_VALUES) as TokenName[]) {
        const path = concrete(route.path);
        const answer = await send(`${route.method} ${route.path} as ${token}`, path, requestFor(route, token));
        const admitted = ADMITS[route.scope].includes(token);
        const expected = admitted ? 'not 401/403' : token === 'none' || token === 'wrong' ? 401 : 403;
        const ok = admitted ? answer.status !== 401 && answer.status !== 403 : answer.status === expected;
        if (!ok) {
          wrong.push(`${route.method} ${path} (${route.scope}) as ${token}: ${answer.status}, expected ${expected}`);
        }
        if (answer.status === 401) {
          assert.equal(answer.headers.get('www-authenticate'), 'Bearer realm="sysmon"');
        }
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('unknown paths and methods need a token too (no route discovery without one)', async () => {
    for (const [method, path] of [
      ['GET', '/api/no-such-route'],
      ['DELETE', '/api/queues'],
      ['PUT', '/api/query'],
    ] as const) {
      assert.equal((await send(`${method} ${path}`, path, { method })).status, 401, `${method} ${path}`);
    }
  });

  it('every operator route leaves one audit row with the actor, the action and the scope — refused calls too', async () => {
    const queue = new Queue('sec-audited-low', { connection: { host: '127.0.0.1', port: redis.options.port }, prefix });
    await queue.add('job', { n: 1 });
    await queue.close();
    const operatorRoutes = routes.filter((route) => route.scope === 'operator');
    assert.ok(operatorRoutes.length >= 10);
    const calls: Array<{ route: Route; requestId: string; actor: string; status: number }> = [];
    for (const [index, route] of operatorRoutes.entries()) {
      const requestId = `sec-audit-${index}-${Date.now()}`;
      const actor = `alice-${index}`;
      const answer = await send(
        `${route.method} ${route.path} audited`,
        concrete(route.path),
        requestFor(route, 'operator', { 'X-Grafana-User': actor, 'X-Request-ID': requestId })
      );
      calls.push({ route, requestId, actor, status: answer.status });
    }
    // A body over server.bodyLimit is refused before it is read, and still audited.
    const tooLarge = `sec-audit-413-${Date.now()}`;
    const big = await send('retry-failed with a body over the limit', '/api/queues/sec-audited-low/retry-failed', {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${TOKENS.operator}`,
        'Content-Type': 'application/json',
        'X-Grafana-User': 'mallory',
        'X-Request-ID': tooLarge,
      },
      body: JSON.stringify({ count: 1, pad: 'x'.repeat(70 * 1024) }),
    });
    assert.equal(big.status, 413);
    // And a call that does what it asks: pause the low tier (our queue), audited ok.
    const pause = await send('tier pause', '/api/tiers/low/pause', {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${TOKENS.operator}`,
        'X-Grafana-User': 'bob',
        'X-Request-ID': `sec-ok-${Date.now()}`,
      },
    });
    assert.equal(pause.status, 200, pause.body);

    const events = (
      JSON.parse(
        (await send('audit list', '/api/audit?limit=500', { headers: { Authorization: `Bearer ${TOKENS.api}` } })).body
      ) as {
        events: AuditEvent[];
      }
    ).events;
    const problems: string[] = [];
    for (const { route, requestId, actor, status } of calls) {
      const rows = events.filter((event) => event.requestId === requestId);
      const event = rows[0];
      const name = `${route.method} ${route.path} (${status})`;
      if (rows.length !== 1 || !event) {
        problems.push(`${name}: ${rows.length} audit rows`);
        continue;
      }
      if (event.actor !== actor || event.token !== 'operator' || event.action !== route.audit) {
        problems.push(`${name}: actor ${event.actor}, token ${event.token}, action ${event.action}`);
      }
      if (status < 400 ? event.outcome !== 'ok' : !event.outcome.startsWith('error: ')) {
        problems.push(`${name}: outcome ${event.outcome}`);
      }
      if (event.finishedAt === null) {
        problems.push(`${name}: never completed`);
      }
    }
    assert.deepEqual(problems, []);
    assert.ok(
      calls.some((call) => call.status >= 400),
      'some calls were refused (unknown queue or job, bad body) and are audited as errors'
    );
    const refused = events.find((event) => event.requestId === tooLarge);
    assert.equal(refused?.actor, 'mallory');
    assert.equal(refused?.token, 'operator');
    assert.match(refused?.outcome ?? '', /^error: request body is larger than the limit/);
    const paused = events.find((event) => event.actor === 'bob');
    assert.equal(paused?.outcome, 'ok');
    assert.equal(paused?.action, 'tier.pause');
  });

  it('a read token cannot act: the queue stays as it was', async () => {
    const before = await redis.hget(`${prefix}:sec-audited-low:meta`, 'paused');
    await send('resume as reader', '/api/queues/sec-audited-low/resume', {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKENS.api}` },
    });
    assert.equal(await redis.hget(`${prefix}:sec-audited-low:meta`, 'paused'), before);
    assert.equal(before, '1', 'paused by the tier pause above');
  });

  it('request bodies over the limit are 413, measured after decompression too', async () => {
    const query = (body: Buffer | string, encoding?: string) =>
      send(`query ${encoding ?? 'plain'}`, '/api/query', {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${TOKENS.api}`,
          'Content-Type': 'application/json',
          ...(encoding ? { 'Content-Encoding': encoding } : {}),
        },
        body,
      });
    const huge = JSON.stringify({ queries: [{ refId: 'A', queryType: 'health', pad: 'x'.repeat(80 * 1024) }] });
    assert.equal((await query(huge)).status, 413);
    const bomb = gzipSync(huge);
    assert.ok(bomb.length < 64 * 1024);
    assert.equal((await query(bomb, 'gzip')).status, 413, 'gzip that inflates past server.bodyLimit');
    const small = gzipSync(JSON.stringify({ queries: [{ refId: 'A', queryType: 'health' }] }));
    assert.equal((await query(small, 'gzip')).status, 200);

    for (const path of ['/api/logs/ingest', '/loki/api/v1/push', '/v1/logs']) {
      const ship = (body: Buffer | string, encoding?: string) =>
        send(`ingest ${path} ${encoding ?? 'plain'}`, path, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${TOKENS.ingest}`,
            'Content-Type': path === '/api/logs/ingest' ? 'application/x-ndjson' : 'application/json',
            ...(encoding ? { 'Content-Encoding': encoding } : {}),
          },
          body,
        });
      const large = `${'{"message":"padding"}\n'.repeat(4_000)}`; // 88 KB > logs.maxBodyBytes (64 KiB)
      const plain = await ship(large);
      assert.equal(plain.status, 413, `${path}: ${plain.body}`);
      // 8 MiB of zeros in about 8 KB of gzip: refused once 64 KiB have been inflated.
      const inflated = await ship(gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x20)), 'gzip');
      assert.equal(inflated.status, 413, `${path}: ${inflated.body}`);
      assert.match(inflated.body, /larger than|limit/);
    }
  });

  it('no answer carries a CORS header, preflights included', async () => {
    for (const route of routes) {
      const path = concrete(route.path);
      for (const token of ['none', 'api', 'operator'] as const) {
        const value = TOKEN_VALUES[token];
        await send(`preflight ${route.method} ${path} as ${token}`, path, {
          method: 'OPTIONS',
          headers: {
            Origin: 'https://evil.example',
            'Access-Control-Request-Method': route.method,
            'Access-Control-Request-Headers': 'authorization, content-type',
            ...(value ? { Authorization: `Bearer ${value}` } : {}),
          },
        });
      }
      await send(`${route.method} ${path} from another origin`, path, {
        ...requestFor(route, route.scope === 'public' ? 'none' : ADMITS[route.scope][0]!),
        headers: {
          ...(requestFor(route, route.scope === 'public' ? 'none' : ADMITS[route.scope][0]!).headers as Record<
            string,
            string
          >),
          Origin: 'https://evil.example',
        },
      });
    }
    const withCors = answers.filter((answer) =>
      [...answer.headers.keys()].some((name) => name.startsWith('access-control-'))
    );
    assert.deepEqual(
      withCors.map((answer) => answer.what),
      []
    );
    assert.ok(answers.length > 300, `${answers.length} answers checked`);
  });

  it('every answer carries the security headers and names no framework', () => {
    const missing = answers.filter(
      (answer) =>
        answer.headers.get('x-content-type-options') !== 'nosniff' ||
        answer.headers.get('cache-control') !== 'no-store' ||
        answer.headers.has('x-powered-by')
    );
    assert.deepEqual(
      missing.map((answer) => `${answer.what}: ${answer.status}`),
      []
    );
  });

  it('no answer so far contains a token', () => {
    const leaking = answers.filter((answer) => secretsIn(answer.body).length > 0).map((answer) => answer.what);
    assert.deepEqual(leaking, []);
  });

  it('the service never logs a token: every request above, at trace level', () => {
    assert.ok(logs.lines.length > 300, `${logs.lines.length} log lines captured`);
    assert.match(logs.text(), /"status":401/, 'refused requests are logged, without their token');
    assert.deepEqual(secretsIn(logs.text()), []);
  });

  it('…nor with failing dependencies, whose URLs hold passwords', async () => {
    const capture = new LogCapture();
    const [pgPort, redisPort] = [await freePort(), await freePort()];
    const env = testEnv(randomSchema(), {
      DATABASE_URL: `postgres://sysmon:${DB_PASSWORD}@127.0.0.1:${pgPort}/sysmon`,
      REDIS_URL: `redis://:${REDIS_PASSWORD}@127.0.0.1:${redisPort}`,
    });
    const failing = await startServer(loadConfig(env, yaml), { logger: createLogger('trace', {}, capture) });
    const bodies: string[] = [];
    try {
      const get = async (path: string, token = TOKENS.api, init: RequestInit = {}) => {
        const res = await fetch(`${failing.url}${path}`, {
          ...init,
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...init.headers },
        });
        bodies.push(await res.text());
        return res.status;
      };
      assert.equal(await get('/api/queues'), 503);
      assert.equal(await get('/api/jobs/search?q=x'), 503);
      await get('/api/health');
      await get('/api/infrastructure');
      await get('/api/query', TOKENS.api, {
        method: 'POST',
        body: JSON.stringify({
          queries: [
            { refId: 'A', queryType: 'health' },
            { refId: 'B', queryType: 'logs' },
          ],
        }),
      });
      await get('/api/queues/q/pause', TOKENS.operator, { method: 'POST' });
      await get('/api/logs/ingest', TOKENS.ingest, { method: 'POST', body: '{"message":"x"}' });
      await get('/api/queues', WRONG_TOKEN);
      // Let the periodic jobs and probes fail a few times too.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
    } finally {
      await failing.close();
    }
    assert.ok(capture.lines.length > 10);
    assert.ok(
      bodies.some((body) => /ECONNREFUSED/.test(body)),
      'the answers say what failed'
    );
    assert.deepEqual(secretsIn(capture.text()), [], 'logs');
    assert.deepEqual(secretsIn(bodies.join('\n')), [], 'answers');
  });

  it('…nor when `sysmon serve` refuses a bad configuration or cannot reach its database', async () => {
    const run = (env: Record<string, string>, args = ['serve']) =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn(process.execPath, ['bin/sysmon.js', ...args], {
          cwd: BACKEND,
          env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'trace', ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        const timer = setTimeout(() => child.kill('SIGTERM'), 15_000);
        child.on('exit', (code) => {
          clearTimeout(timer);
          resolve({ code, output });
        });
      });
    const base = {
      SYSMON_PORT: '0',
      SYSMON_SCHEMA: schema,
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
    };
    const cases: Array<[string, Record<string, string>, RegExp]> = [
      [
        'the read and operator tokens equal',
        { ...base, SYSMON_API_TOKEN: TOKENS.operator, SYSMON_OPERATOR_TOKEN: TOKENS.operator },
        /SYSMON_OPERATOR_TOKEN: must differ from SYSMON_API_TOKEN/,
      ],
      [
        'a metrics token too short, the ingest token equal to the read token',
        {
          ...base,
          SYSMON_API_TOKEN: TOKENS.api,
          SYSMON_OPERATOR_TOKEN: TOKENS.operator,
          SYSMON_INGEST_TOKEN: TOKENS.api,
          SYSMON_METRICS_TOKEN: WRONG_TOKEN.slice(0, 10),
        },
        /SYSMON_METRICS_TOKEN: must be at least 16 characters long/,
      ],
      [
        'a database that refuses the connection',
        {
          ...base,
          SYSMON_API_TOKEN: TOKENS.api,
          SYSMON_OPERATOR_TOKEN: TOKENS.operator,
          SYSMON_INGEST_TOKEN: TOKENS.ingest,
          SYSMON_METRICS_TOKEN: TOKENS.metrics,
          DATABASE_URL: `postgres://sysmon:${DB_PASSWORD}@127.0.0.1:${await freePort()}/sysmon`,
          REDIS_URL: `redis://:${REDIS_PASSWORD}@127.0.0.1:${await freePort()}`,
        },
        /ECONNREFUSED/,
      ],
    ];
    for (const [what, env, message] of cases) {
      const { code, output } = await run(env, what.startsWith('a database') ? ['serve', '--migrate'] : ['serve']);
      assert.notEqual(code, 0, `${what}: refused to start`);
      assert.match(output, message, what);
      assert.deepEqual(secretsIn(output), [], `${what}: ${output.slice(0, 500)}`);
    }
  });
});

describe('search compilers: user values reach SQL only as bind parameters', () => {
  const schema = randomSchema();
  let pool: Pool;
  /** Every statement sent, with its parameters. */
  const statements: Array<{ text: string; values: unknown[] }> = [];
  // In every hostile value; it must never appear in SQL text.
  const CANARY = 'k7QxZ';
  const FRAGMENTS = [
    `'); DROP TABLE logs; --`,
    `' OR '1'='1`,
    `\\'; SELECT pg_sleep(10); --`,
    `$$; DELETE FROM x; $$`,
    `$1`,
    `/* x */`,
    `%_\\`,
    `’ʼ`,
    `E'\\x27'`,
    `;`,
    `::text`,
    `' || (SELECT current_user) || '`,
    `\\"`,
  ];

  /** Records what reaches PostgreSQL through pool.query and clients' query. */
  function recording(target: pg.Pool): pg.Pool {
    const record = (args: unknown[]) => {
      const [first, second] = args;
      if (typeof first === 'string') {
        statements.push({ text: first, values: Array.isArray(second) ? second : [] });
      } else if (first && typeof first === 'object' && 'text' in first) {
        const query = first as { text: string; values?: unknown[] };
        statements.push({ text: query.text, values: query.values ?? [] });
      }
    };
    const wrap = <T extends object>(object: T, connect?: () => Promise<unknown>): T =>
      new Proxy(object, {
        get(inner, property) {
          if (property === 'query') {
            return (...args: unknown[]) => {
              record(args);
              return (inner as unknown as { query: (...a: unknown[]) => unknown }).query(...args);
            };
          }
          if (property === 'connect' && connect) {
            return connect;
          }
          const value = Reflect.get(inner, property, inner) as unknown;
          return typeof value === 'function' ? value.bind(inner) : value;
        },
      });
    return wrap(target, async () => wrap(await target.connect()));
  }

  /** The statements `work` sent: none holds the canary in its text, and some received it as a parameter. */
  async function onlyBound(what: string, work: () => Promise<unknown>): Promise<void> {
    statements.length = 0;
    await work();
    assert.ok(statements.length > 0, `${what}: reached PostgreSQL`);
    for (const statement of statements) {
      assert.ok(!statement.text.includes(CANARY), `${what}: the value is in the SQL text:\n${statement.text}`);
    }
    assert.ok(
      statements.some((statement) => JSON.stringify(statement.values).includes(CANARY)),
      `${what}: the value was not bound`
    );
  }

  before(async () => {
    pool = createPool(TEST_DATABASE_URL);
    await migrate(pool, { schema, ledgerTable: `${schema}.job_ledger` });
  });
  after(async () => {
    await pool?.end();
    await dropSchema(schema);
  });

  /** The parsed search, or undefined for a syntax error (which never reaches SQL). */
  const parsedOrNull = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (error instanceof SearchSyntaxError) {
        return undefined;
      }
      throw error;
    }
  };

  /** Searches built from a hostile value: words, phrases, negations, fields, ORs (logs only). */
  const searchesOf = (value: string, fields: readonly string[], or: boolean): string[] => {
    const word = `${CANARY}${value}`.replace(/[\s"]/g, '');
    const phrase = `"${CANARY} ${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
    return [
      word,
      phrase,
      `-${word}`,
      `ok -${phrase}`,
      ...fields.flatMap((field) => [`${field}:${word}`, `${field}:${phrase}`, `-${field}:${word}`]),
      ...(or ? [`${word} OR ${phrase}`, `${fields[0]}:${word} OR -${word}`] : []),
    ];
  };

  it('the log search (search, volume; every field and attrs key) on a real PostgreSQL', async () => {
    const store = createPostgresLogStore({ pool: recording(pool), schema });
    const range = { from: new Date(Date.now() - 3_600_000), to: new Date() };
    let compiled = 0;
    for (const fragment of FRAGMENTS) {
      const fields = [
        'service',
        'host',
        'request_id',
        'trace_id',
        'span_id',
        'error_type',
        `attrs.${CANARY}`,
        'attrs.a.b',
      ];
      for (const text of searchesOf(fragment, fields, true)) {
        const search = parsedOrNull(() => parseLogSearch(text));
        if (!search) {
          continue;
        }
        const filter = { search, levels: [], services: [`${CANARY}${fragment}`], ...range };
        await onlyBound(`logs ${text}`, () => store.search({ ...filter, limit: 10 }));
        await onlyBound(`volume ${text}`, () => store.volume({ ...filter, intervalMs: 60_000 }));
        compiled += 1;
      }
    }
    assert.ok(compiled >= 300, `${compiled} searches`);
  });

  it('the job ledger search (every field, the queue filter) on a real PostgreSQL', async () => {
    const ledgerTable = `${schema}.job_ledger`;
    let compiled = 0;
    for (const fragment of FRAGMENTS) {
      for (const text of searchesOf(fragment, ['id', 'request_id', 'name', 'queue'], false)) {
        const search = parsedOrNull(() => parseLedgerSearch(text));
        if (!search) {
          continue;
        }
        await onlyBound(`ledger ${text}`, () =>
          searchLedger(recording(pool), ledgerTable, search, { queue: `${CANARY}${fragment}` })
        );
        compiled += 1;
      }
    }
    assert.ok(compiled >= 150, `${compiled} searches`);
  });

  it('generated hostile searches: whatever parses compiles to SQL without the input in it', () => {
    const alphabet = fc.constantFrom(...'\'"\\$;:-_%()*/ ORabc1=|\u2019`'.split(''));
    const range = { from: new Date(0), to: new Date() };
    let compiled = 0;
    fc.assert(
      fc.property(
        fc.constantFrom('', '-', 'service:', 'attrs.k:', 'request_id:', 'id:', 'name:'),
        fc.string({ unit: alphabet, maxLength: 40 }),
        (field, text) => {
          const input = `${field}${CANARY}${text}`;
          const logSearch = parsedOrNull(() => parseLogSearch(input));
          if (logSearch) {
            const params = new SqlParams();
            const sql = filterConditions({ search: logSearch, levels: [], services: [], ...range }, params, 'indexed')
              .map((condition) => condition.sql)
              .join(' AND ');
            assert.ok(!sql.includes(CANARY), sql);
            assert.ok(JSON.stringify(params.values).includes(CANARY), input);
            compiled += 1;
          }
          const ledgerSearch = parsedOrNull(() => parseLedgerSearch(input));
          if (ledgerSearch) {
            const { text: sql, values } = compileSearch('public.job_ledger', ledgerSearch, {}, { limit: 10 });
            assert.ok(!sql.includes(CANARY), sql);
            assert.ok(JSON.stringify(values).includes(CANARY), input);
            compiled += 1;
          }
        }
      ),
      { seed: 12, numRuns: 1_000 }
    );
    assert.ok(compiled > 500, `${compiled} compiled`);
  });
});

describe('the plugin keeps operator calls behind reqRole: Editor', () => {
  interface PluginRoute {
    path: string;
    url?: string;
    reqRole?: string;
    headers?: Array<{ name: string; content: string }>;
  }
  const routes = (JSON.parse(readFileSync(PLUGIN_JSON, 'utf8')) as { routes: PluginRoute[] }).routes;
  const carries = (route: PluginRoute, secret: string) =>
    JSON.stringify({ url: route.url, headers: route.headers }).includes(`.SecureJsonData.${secret}`);

  it('the operator route carries the operator token and needs Editor; no other route carries it', () => {
    const operator = routes.find((route) => route.path === 'operator');
    assert.ok(operator, 'an operator route');
    assert.ok(carries(operator, 'operatorToken'));
    assert.equal(operator.reqRole, 'Editor');
    for (const route of routes.filter((r) => carries(r, 'operatorToken'))) {
      assert.ok(['Editor', 'Admin'].includes(route.reqRole ?? ''), `${route.path} carries the operator token`);
    }
  });

  it('the read route carries the read token only, in a header, never in the URL', () => {
    const read = routes.find((route) => route.path === 'api');
    assert.ok(read);
    assert.ok(carries(read, 'apiToken'));
    assert.ok(!carries(read, 'operatorToken'), 'the read route never carries the operator token');
    for (const route of routes) {
      assert.ok(!/SecureJsonData/.test(route.url ?? ''), `${route.path}: a token in the URL would be logged`);
      assert.ok(!/JsonData\.\w*[Tt]oken/.test(JSON.stringify(route).replace(/SecureJsonData/g, '')), route.path);
    }
  });
});
