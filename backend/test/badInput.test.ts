// The bad-input suite: at least 10,000 generated malformed inputs (fast-check, seeded) against one real service
// (every unit, real PostgreSQL and Redis, its own schema and prefix): POST /api/query (every query type and field,
// the envelope, the transport), every route of the routes table (path, query-string and body parameters, each with
// the token of its scope), the three ingest formats (broken JSON, wrong types, deep and huge values, NUL and invalid
// UTF-8, gzip bombs, wrong Content-Type and Content-Encoding), both search languages and every operator action.
// Never a 5xx, never a crash; every refusal a 4xx naming the problem; a 2xx only for valid input.
//   BAD_INPUT_SEED=<seed> reproduces a run (the seed is printed); BAD_INPUT_COUNT=<n> changes the count.
// Below the generated run: one test per finding it made, with the input that found it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Queue, Worker } from 'bullmq';
import type { AuditEvent, QueryResponse } from '@penguinmails/sysmon-contract';
import { Redis } from 'ioredis';
import { createPool } from '../src/db/pool.ts';
import { buildRoutes } from '../src/http/routes.ts';
import type { Route } from '../src/http/route.ts';
import { createLogger } from '../src/logger.ts';
import { createMetrics } from '../src/metrics/registry.ts';
import { createRedis } from '../src/redis.ts';
import { defaultUnits, startServer, type RunningServer } from '../src/server.ts';
import type { UnitContext } from '../src/units/unit.ts';
import { watchCrashes } from './faults.ts';
import {
  bearer,
  deletePrefix,
  dropSchema,
  randomPrefix,
  randomSchema,
  testConfig,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  TOKENS,
  waitFor,
} from './helpers.ts';
import { describeFailure, runCases } from './support/badInput.ts';
import { caseFamilies, generateCases, validBodyFor, type Fixture } from './support/badInputCases.ts';

const MAX_INGEST_BYTES = 1024 * 1024;
const CONCURRENCY = 8;
const QUEUE = 'bad-input-q';

/** The routes table as the service builds it (units started against connections that are never used). */
function routesTable(schema: string): { routes: Route[]; close(): Promise<void> } {
  const config = testConfig(schema);
  const context: UnitContext = {
    config,
    logger: createLogger('silent'),
    pool: createPool(TEST_DATABASE_URL),
    systemPool: createPool(TEST_DATABASE_URL),
    redis: createRedis(config.redisUrl, { lazyConnect: true }),
    services: {},
  };
  const started = defaultUnits().map((unit) => unit.start(context));
  return {
    routes: buildRoutes(started, { metrics: createMetrics() }),
    close: async () => {
      await Promise.allSettled(started.map((unit) => unit.close?.()));
      await Promise.all([context.pool.end(), context.systemPool.end()]);
      context.redis.disconnect();
    },
  };
}

describe('bad input (generated, against the real service)', () => {
  const schema = randomSchema();
  const prefix = randomPrefix('bad');
  const url = new URL(TEST_REDIS_URL);
  const connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
  const crashes = watchCrashes();
  let server: RunningServer;
  let base: URL;
  let queue: Queue;
  let table: ReturnType<typeof routesTable>;
  let fixture: Fixture;

  before(async () => {
    const config = testConfig(
      schema,
      {},
      `  prefixes: [${prefix}]\nlogs:\n  maxBodyBytes: ${MAX_INGEST_BYTES}\nsampler:\n  intervalMs: 60000\n`
    );
    server = await startServer(config, { migrate: true });
    base = new URL(server.url);
    table = routesTable(schema);
    // A queue with waiting, delayed and failed jobs, so that actions on it act and path parameters resolve.
    queue = new Queue(QUEUE, { connection, prefix });
    await queue.addBulk(
      Array.from({ length: 5 }, (_, i) => ({ name: 'send', data: { i }, opts: { jobId: `job-${i + 1}` } }))
    );
    await queue.add('later', { later: true }, { delay: 3_600_000 });
    const failing = new Queue(`${QUEUE}-failing`, { connection, prefix });
    await failing.addBulk(Array.from({ length: 3 }, (_, i) => ({ name: 'boom', data: { i } })));
    const worker = new Worker(
      `${QUEUE}-failing`,
      async () => {
        throw new Error('bad-input fixture failure');
      },
      { connection, prefix }
    );
    await waitFor('three failed jobs', async () => (await failing.getFailedCount()) === 3);
    await worker.close();
    await failing.close();
    fixture = { queue: QUEUE, jobId: 'job-1', prefix, tokens: TOKENS, maxIngestBytes: MAX_INGEST_BYTES };
  });

  after(async () => {
    crashes.stop();
    await queue?.close();
    await table?.close();
    await server?.close();
    const redis = new Redis(TEST_REDIS_URL);
    await deletePrefix(redis, prefix);
    redis.disconnect();
    await dropSchema(schema);
  });

  // About a minute on a quiet 2-core machine; the timeout leaves room for a busy CI runner.
  it(
    'answers every generated malformed input with a 4xx naming the problem (or a 2xx for valid input), never a 5xx',
    { timeout: 300_000 },
    async () => {
      const seed = process.env.BAD_INPUT_SEED
        ? Number(process.env.BAD_INPUT_SEED)
        : Math.floor(Math.random() * 2 ** 31);
      const total = process.env.BAD_INPUT_COUNT ? Number(process.env.BAD_INPUT_COUNT) : 10_200;
      assert.ok(Number.isSafeInteger(seed), `BAD_INPUT_SEED must be an integer (got ${process.env.BAD_INPUT_SEED})`);
      for (const route of table.routes.filter((r) => r.body && !r.streamBody)) {
        assert.ok(route.body!.safeParse(validBodyFor(route)).success, `a valid body for ${route.method} ${route.path}`);
      }
      const families = caseFamilies(table.routes, fixture, total);
      const generatedAt = performance.now();
      const cases = generateCases(families, seed);
      const started = performance.now();
      console.log(
        `bad input: seed ${seed} (BAD_INPUT_SEED=${seed} reproduces), ${cases.length} cases ` +
          `(${families.map((family) => `${family.name} ${family.count}`).join(', ')}), generated in ` +
          `${((started - generatedAt) / 1000).toFixed(1)} s`
      );
      const { failures, statuses } = await runCases(cases, base, {
        concurrency: CONCURRENCY,
        onProgress: (done) => console.log(`bad input: ${done}/${cases.length}`),
      });
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `bad input: ${cases.length} cases in ${seconds.toFixed(1)} s (seed ${seed}); statuses ` +
          [...statuses.entries()]
            .sort(([a], [b]) => a - b)
            .map(([status, count]) => `${status}×${count}`)
            .join(' ') +
          `; ${failures.length} failures`
      );
      // The service is still there and still itself.
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      assert.deepEqual(crashes.crashes, [], 'no uncaught exception or unhandled rejection');
      assert.ok(cases.length >= 10_000 || process.env.BAD_INPUT_COUNT, `${cases.length} cases`);
      assert.equal(
        failures.length,
        0,
        `seed ${seed}: ${failures.length} of ${cases.length} answers were wrong:\n${failures
          .slice(0, 40)
          .map(describeFailure)
          .join('\n')}`
      );
    }
  );

  // The findings of the generated run: each answered 500 or 503, or a 4xx in PostgreSQL's or zlib's words that named
  // no field, before the fix it names.
  const post = (path: string, body: string | Buffer, headers: Record<string, string>) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers, body });
  const jsonHeaders = (token: string) => ({ ...bearer(token), 'Content-Type': 'application/json' });
  const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;
  const resultOf = async (query: Record<string, unknown>) => {
    const res = await post(
      '/api/query',
      JSON.stringify({ queries: [{ refId: 'A', ...query }] }),
      jsonHeaders(TOKENS.api)
    );
    assert.equal(res.status, 200);
    return ((await res.json()) as QueryResponse).results.A!;
  };
  const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it('finding: a Loki or OTLP body nested deeper than the readers can go is a 400 naming the nesting (was a 500)', async () => {
    const loki = (labels: string) =>
      `{"streams":[{"stream":{"service_name":"bad-input","deep":${labels}},"values":[["${Date.now()}000000","x"]]}]}`;
    const ingest = (path: string, body: string) =>
      post(path, body, { ...bearer(TOKENS.ingest), 'Content-Type': 'application/json' });
    for (const [path, body] of [
      ['/loki/api/v1/push', loki(`${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`)],
      [
        '/v1/logs',
        `{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":${'{"arrayValue":{"values":['.repeat(5_000)}{"stringValue":"x"}${']}}'.repeat(5_000)}}]}]}]}`,
      ],
    ] as const) {
      const res = await ingest(path, body);
      assert.equal(res.status, 400, path);
      assert.match((await errorOf(res)).message, /nested deeper than 256 levels/, path);
    }
    // Nesting real shippers send is still stored.
    assert.equal((await ingest('/loki/api/v1/push', loki(`${'{"a":'.repeat(100)}1${'}'.repeat(100)}`))).status, 204);
  });

  it('finding: a queryType that is not a string is named as such, however deep or long (was a 500)', async () => {
    const res = await post(
      '/api/query',
      `{"queries":[{"refId":"A","queryType":${deepArray(20_000)}}]}`,
      jsonHeaders(TOKENS.api)
    );
    assert.equal(res.status, 200);
    const result = ((await res.json()) as QueryResponse).results.A!;
    assert.equal(result.status, 400);
    assert.match(result.error ?? '', /^queryType must be a string, not an array; expected one of: /);
    const long = await resultOf({ queryType: 'x'.repeat(100_000) });
    assert.equal(long.status, 400);
    assert.match(long.error ?? '', /^unknown queryType "x{100}…"/);
  });

  it('finding: a JSON body that is not what its Content-Encoding says is a 400 naming the encoding (was zlib’s words)', async () => {
    for (const encoding of ['br', 'gzip', 'deflate']) {
      const res = await post('/api/query', JSON.stringify({ queries: [{ refId: 'A', queryType: 'health' }] }), {
        ...jsonHeaders(TOKENS.api),
        'Content-Encoding': encoding,
      });
      assert.equal(res.status, 400, encoding);
      const error = await errorOf(res);
      assert.equal(error.code, 'invalid_compressed_body');
      assert.match(error.message, new RegExp(`^request body is not valid ${encoding} data \\(Content-Encoding\\): `));
    }
  });

  it('finding: log queries refuse line ids past bigint and services with NUL, naming the field (was PostgreSQL’s words)', async () => {
    const past = '9223372036854775808';
    for (const [query, field] of [
      [{ queryType: 'logs', before: past }, 'before'],
      [{ queryType: 'logs', after: past }, 'after'],
      [{ queryType: 'log_context', id: '9999999999999999999' }, 'id'],
      [{ queryType: 'logs', services: ['a\u0000b'] }, 'services.0'],
      [{ queryType: 'log_volume', services: ['\u0000'] }, 'services.0'],
    ] as const) {
      const result = await resultOf(query);
      assert.equal(result.status, 400, JSON.stringify(query));
      assert.match(
        result.error ?? '',
        new RegExp(`${field.replace('.', '\\.')}: must (be a log line id|not contain NUL)`)
      );
    }
    // The largest bigint is still a line id (there is no such line, which the answer says of the cursor).
    const largest = await resultOf({ queryType: 'logs', before: '9223372036854775807' });
    assert.equal(largest.status, 400);
    assert.match(largest.error ?? '', /^before: no log line 9223372036854775807/);
  });

  it('finding: the queue history refuses a NUL in its queue parameter, naming it (was PostgreSQL’s words)', async () => {
    const res = await fetch(`${server.url}/api/queues/history?queue=a%00b`, { headers: bearer(TOKENS.api) });
    assert.equal(res.status, 400);
    assert.match((await errorOf(res)).message, /^invalid parameter queue: expected a BullMQ queue name/);
  });

  it('finding: an action whose body holds an unpaired surrogate is audited and answered, not refused with 503', async () => {
    const res = await post('/api/drift/recover', '{"limit":1,"queue":"\\ud800"}', {
      ...jsonHeaders(TOKENS.operator),
      'X-Grafana-User': 'bad-input',
    });
    assert.equal(res.status, 404, 'no such queue — but audited and answered');
    const audit = await fetch(`${server.url}/api/audit?limit=50`, { headers: bearer(TOKENS.api) });
    const { events } = (await audit.json()) as { events: AuditEvent[] };
    const event = events.find((e) => e.actor === 'bad-input' && e.action === 'drift.recover');
    assert.ok(event, 'the action has its audit event');
    assert.equal(event.target, 'queue:\uFFFD');
    assert.equal(event.params.queue, '\uFFFD');
    assert.match(event.outcome, /^error: no queue named/);
  });
});
