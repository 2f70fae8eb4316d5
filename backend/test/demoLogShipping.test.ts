// The demo ships its logs to the service's ingest endpoint: producer, workers, SMTP sink and control lines arrive in
// <schema>.logs with request_ids that match the job ledger rows the demo wrote, and failures carry stack traces.
import { logsUnit } from '../src/units/logs/index.ts';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import pg from 'pg';
import { quoteIdent } from '../src/db/sql.ts';
import { createPool, type Pool } from '../src/db/pool.ts';
import { startDemo, type RunningDemo } from '../src/demo/demo.ts';
import { createIngestSink, type IngestSink } from '../src/demo/ingestSink.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import { queuesUnit } from '../src/units/queues/index.ts';
import { serviceUnit } from '../src/units/service.ts';
import {
  deleteKeys,
  dropSchema,
  randomPrefix,
  randomSchema,
  testConfig,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  TOKENS,
  waitFor,
} from './helpers.ts';

describe('the demo ships its logs to the ingest endpoint', () => {
  const schema = randomSchema();
  const prefix = randomPrefix('demologs');
  const config = testConfig(schema);
  const db = new pg.Client({ connectionString: TEST_DATABASE_URL });
  let server: RunningServer;
  let pool: Pool;
  let demo: RunningDemo;
  let sink: IngestSink;

  before(async () => {
    server = await startServer(config, { migrate: true, units: [serviceUnit, queuesUnit(), logsUnit()] });
    await db.connect();
    pool = createPool(TEST_DATABASE_URL, { max: 3 });
    // Shipping problems show in the test output (a stalled sink is otherwise silent).
    sink = createIngestSink({
      url: server.url,
      token: TOKENS.ingest,
      flushMs: 100,
      onError: (message) => console.error(message),
    });
    demo = await startDemo({
      redisUrl: TEST_REDIS_URL,
      pool,
      ledgerTable: config.queues.ledgerTable,
      prefix,
      rates: { email: 10, warmup: 10, analytics: 5 },
      simulation: { latencyScale: 0.02, warmupTempFailRate: 0.5, analyticsTimeoutRate: 0 },
      mix: { scheduledRate: 0 },
      smtp: { port: 0, tempFailRate: 0 },
      control: { port: 0 },
      logSink: sink,
      metricsMaxDataPoints: 60,
    });
  });
  after(async () => {
    await demo?.stop();
    await server?.close();
    await pool?.end();
    await db.end();
    const redis = new Redis(TEST_REDIS_URL);
    await deleteKeys(redis, `${prefix}:*`);
    redis.disconnect();
    await dropSchema(schema);
  });

  it('lines of every part, joined to the ledger by request_id, errors with stacks', async () => {
    const logs = `${quoteIdent(schema)}.logs`;
    const ledger = quoteIdent(config.queues.ledgerTable);
    const services = async () =>
      (
        await db.query<{ service: string; joined: number }>(
          `SELECT l.service, count(j.id)::int AS joined
             FROM ${logs} l LEFT JOIN ${ledger} j ON j.request_id = l.request_id
            GROUP BY l.service`
        )
      ).rows;
    let seen = '';
    await waitFor(
      'producer, worker and smtp-sink lines joined to ledger rows, and a failure with its stack',
      async () => {
        const byService = new Map((await services()).map((row) => [row.service, row.joined]));
        const failure = await db.query(
          // The warmup worker's, which the assertions below read (the email worker's bounces carry stacks too).
          `SELECT 1 FROM ${logs} WHERE service = 'worker-warmup' AND level IN ('warn', 'error') AND stack LIKE '%\n    at %' LIMIT 1`
        );
        seen = `${JSON.stringify(Object.fromEntries(byService))}, failure with stack: ${failure.rowCount}, shipped ${sink.shipped()}`;
        return (
          ['producer', 'worker-email', 'worker-warmup', 'worker-analytics', 'smtp-sink'].every(
            (service) => (byService.get(service) ?? 0) > 0
          ) &&
          byService.has('demo') &&
          failure.rowCount === 1
        );
      },
      // Generous: on a shared machine the first batches of every part can take a while.
      60_000
    ).catch((error: Error) => {
      throw new Error(`${error.message}; joined lines by service: ${seen}`);
    });
    const { rows } = await db.query<{ error_type: string | null; request_id: string | null; queue: unknown }>(
      `SELECT error_type, request_id, attrs->'queue' AS queue FROM ${logs} WHERE service = 'worker-warmup' AND stack IS NOT NULL LIMIT 1`
    );
    assert.ok(rows[0]?.error_type, 'failures name their error type');
    assert.match(rows[0]!.request_id ?? '', /^req-/);
    assert.equal(rows[0]!.queue, 'warmup-processing');

    // On stop everything buffered is sent: the store holds exactly what the sink got acknowledged.
    await demo.stop();
    const { rows: count } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${logs}`);
    assert.equal(count[0]!.n, sink.shipped());
    assert.equal(sink.dropped(), 0);
  });
});

describe("the demo's ingest sink", () => {
  const schema = randomSchema();
  let server: RunningServer;
  const db = new pg.Client({ connectionString: TEST_DATABASE_URL });

  before(async () => {
    server = await startServer(testConfig(schema), { migrate: true, units: [serviceUnit, logsUnit()] });
    await db.connect();
  });
  after(async () => {
    await server?.close();
    await db.end();
    await dropSchema(schema);
  });

  it('keeps shipping after its flush timer found the buffer already sent', async () => {
    const sink = createIngestSink({ url: server.url, token: TOKENS.ingest, batchSize: 2, flushMs: 300 });
    const record = (message: string) => ({
      ts: new Date().toISOString(),
      level: 'info' as const,
      service: 'sink',
      message,
    });
    // The first line arms the flush timer; the second fills a batch, which is sent at once.
    sink.write(record('one'));
    sink.write(record('two'));
    await waitFor('the full batch acknowledged', async () => sink.shipped() === 2);
    // The timer fires on an empty buffer; a line written after it must still go out on the next timer.
    await new Promise((resolve) => setTimeout(resolve, 400));
    sink.write(record('three'));
    await waitFor('the line written after the empty flush acknowledged', async () => sink.shipped() === 3, 5_000);
    await sink.flush();
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoteIdent(schema)}.logs`);
    assert.equal(rows[0]!.n, 3);
  });
});
