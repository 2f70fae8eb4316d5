/**
 * The queue workload of the browser tests, run as a child process of the global setup
 * (`node --import tsx tests/harness/queueWorkload.ts`) so the service under test sees REAL BullMQ queues:
 *  - the demo platform (backend/src/demo: producers, workers, SMTP sink, ledger writes) at modest rates, so the
 *    pages show live traffic;
 *  - two deterministic fixture queues (queueFixtures.ts): one with waiting jobs and no workers (paused and
 *    resumed by the specs) and one whose jobs all failed in a real worker (stack traces, job logs, ledger rows).
 * The demo's SMTP sink, platform API and control endpoint listen on free loopback ports, so specs can switch the
 * sink's and the API's modes (PUT <controlUrl>/smtp, PUT <controlUrl>/api) and the service can probe both.
 * Prints `READY <WorkloadReady JSON>` (QueueWorkloadInfo plus `demo`, see queueStack.ts) when everything is in
 * place; on SIGTERM stops the demo and exits.
 * Removing the keys and the schema is the global teardown's job (it also runs when this process crashed).
 *
 * Environment: REDIS_URL, DATABASE_URL, WORKLOAD_PREFIX, WORKLOAD_LEDGER_TABLE; with WORKLOAD_INGEST_URL and
 * WORKLOAD_INGEST_TOKEN the demo ships its log lines (info and up) to that service's ingest endpoint, as the real
 * demo does, so the Logs page has a real request's lines across services to show.
 */
import { randomBytes } from 'node:crypto';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';

import { createPool } from '../../backend/src/db/pool.ts';
import { createIngestSink, type IngestSink } from '../../backend/src/demo/ingestSink.ts';
import { quoteIdent } from '../../backend/src/db/sql.ts';
import { startDemo } from '../../backend/src/demo/demo.ts';
import {
  FAILED_JOBS,
  FAILED_QUEUE,
  PAUSABLE_QUEUE,
  PAUSABLE_WAITING,
  type QueueWorkloadInfo,
} from './queueFixtures.ts';
import type { WorkloadReady } from './queueStack.ts';

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is required`);
  }
  return value;
}

const redisUrl = required('REDIS_URL');
const prefix = required('WORKLOAD_PREFIX');
const ledgerTable = required('WORKLOAD_LEDGER_TABLE');
const pool = createPool(required('DATABASE_URL'), { max: 4, applicationName: 'sysmon-e2e-workload' });
const connection: ConnectionOptions = { url: redisUrl, connectionName: 'sysmon-e2e-workload' };
const ledger = quoteIdent(ledgerTable);

interface LedgerInsert {
  id: string;
  queue: string;
  name: string;
  payload: Record<string, unknown>;
  request_id: string;
}

async function insertLedgerRows(rows: LedgerInsert[]): Promise<void> {
  await pool.query(
    `INSERT INTO ${ledger} (id, queue, name, priority, status, payload, request_id)
     SELECT r.id, r.queue, r.name, 0, 'queued', r.payload, r.request_id
     FROM jsonb_to_recordset($1::jsonb) AS r(id text, queue text, name text, payload jsonb, request_id text)`,
    [JSON.stringify(rows)]
  );
}

/** Waiting jobs with ledger rows and no worker: stays exactly PAUSABLE_WAITING waiting until a spec acts. */
async function createPausableQueue(): Promise<void> {
  const jobs = Array.from({ length: PAUSABLE_WAITING }, (_, i) => ({
    id: `export-${String(i + 1).padStart(3, '0')}`,
    requestId: `req-export-${randomBytes(4).toString('hex')}`,
    payload: { report: i % 2 === 0 ? 'monthly-deliverability' : 'bounce-breakdown', account: `acct-${100 + i}` },
  }));
  await insertLedgerRows(
    jobs.map((job) => ({
      id: job.id,
      queue: PAUSABLE_QUEUE,
      name: 'export-report',
      payload: job.payload,
      request_id: job.requestId,
    }))
  );
  const queue = new Queue(PAUSABLE_QUEUE, { connection, prefix });
  await queue.addBulk(
    jobs.map((job) => ({
      name: 'export-report',
      data: { requestId: job.requestId, payload: job.payload },
      opts: { jobId: job.id },
    }))
  );
  await queue.close();
}

class PaymentDeclinedError extends Error {}
// On the prototype so the stack's first line (captured in the constructor) carries the name.
PaymentDeclinedError.prototype.name = 'PaymentDeclinedError';

function chargeCard(invoice: string, amountCents: number): never {
  throw new PaymentDeclinedError(`card declined by the payment gateway (402) for ${invoice}, ${amountCents} cents`);
}

/** FAILED_JOBS jobs processed by a real worker that throws: BullMQ stores failedReason, stacktrace and job logs. */
async function createFailedQueue(): Promise<QueueWorkloadInfo['failedJobs']> {
  const jobs = Array.from({ length: FAILED_JOBS }, (_, i) => {
    const invoice = `INV-${1001 + i}`;
    return {
      id: `charge-${1001 + i}`,
      requestId: `req-charge-${randomBytes(6).toString('hex')}`,
      payload: { invoice, amountCents: 1_900 + i * 25, customer: `cus_${randomBytes(3).toString('hex')}` },
    };
  });
  await insertLedgerRows(
    jobs.map((job) => ({
      id: job.id,
      queue: FAILED_QUEUE,
      name: 'charge-invoice',
      payload: job.payload,
      request_id: job.requestId,
    }))
  );
  const queue = new Queue(FAILED_QUEUE, { connection, prefix });
  await queue.addBulk(
    jobs.map((job) => ({
      name: 'charge-invoice',
      data: { requestId: job.requestId, payload: job.payload },
      opts: { jobId: job.id, attempts: 1 },
    }))
  );
  const worker = new Worker(
    FAILED_QUEUE,
    async (job) => {
      const { invoice, amountCents } = job.data.payload as { invoice: string; amountCents: number };
      await job.log(`charging ${invoice}: ${amountCents} cents`);
      await pool.query(
        `UPDATE ${ledger} SET status = 'active', attempts = 1, started_at = now(), updated_at = now() WHERE id = $1`,
        [job.id]
      );
      chargeCard(invoice, amountCents);
    },
    { connection, prefix, concurrency: 10 }
  );
  worker.on('error', () => undefined);
  const deadline = Date.now() + 30_000;
  while ((await queue.getFailedCount()) < FAILED_JOBS) {
    if (Date.now() > deadline) {
      throw new Error(`${FAILED_QUEUE}: only ${await queue.getFailedCount()} of ${FAILED_JOBS} jobs failed in 30 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await worker.close();
  // The ledger follows Redis, as the platform's workers do.
  await pool.query(
    `UPDATE ${ledger} AS l SET status = 'failed', attempts = 1, finished_at = now(), updated_at = now(),
       last_error = 'PaymentDeclinedError: ' || 'card declined by the payment gateway (402) for ' ||
         (l.payload->>'invoice') || ', ' || (l.payload->>'amountCents') || ' cents'
     WHERE l.queue = $1`,
    [FAILED_QUEUE]
  );
  await queue.close();
  return jobs.map((job) => ({ id: job.id, requestId: job.requestId }));
}

/** The demo's log lines to the service under test, through the demo's own ingest sink (retries until it is up). */
function demoLogSink(): IngestSink | undefined {
  const url = process.env.WORKLOAD_INGEST_URL;
  const token = process.env.WORKLOAD_INGEST_TOKEN;
  return url && token ? createIngestSink({ url, token, flushMs: 200 }) : undefined;
}

async function main(): Promise<void> {
  const [, failedJobs] = await Promise.all([createPausableQueue(), createFailedQueue()]);
  const shipping = demoLogSink();
  const demo = await startDemo({
    redisUrl,
    redisConnectionName: 'sysmon-e2e-demo',
    pool,
    ledgerTable,
    prefix,
    // Modest: the machine is shared, and the pages only need traffic that moves. Low concurrency so campaign
    // bursts back up for a while (depth, oldest wait and drain ETA above zero), as on a real launch.
    rates: { email: 3, warmup: 1.5, analytics: 0.5 },
    concurrency: { email: 1, warmup: 1, analytics: 1 },
    campaign: { size: 300, everySeconds: 60 },
    // "slow" must read as degraded to the harness service's probes: slower than their 500 ms banner and API
    // thresholds, well within their 1.9 s budget (global.setup.ts harnessProbes).
    smtp: { port: 0, slowBannerMs: 1_000 },
    api: { port: 0, slowMs: 1_000 },
    control: { host: '127.0.0.1', port: 0 },
    logSink: shipping ?? { write: () => undefined },
    logLevel: shipping ? 'info' : 'error',
  });
  // A backlog at start so depth, oldest wait and drain ETA are not all zero on the first screenshot.
  await demo.launchCampaign(300);

  const info: QueueWorkloadInfo = { prefix, ledgerTable, failedJobs };
  const ready: WorkloadReady = {
    ...info,
    demo: {
      controlUrl: `http://127.0.0.1:${demo.controlPort!}`,
      smtpPort: demo.smtp.port,
      apiPort: demo.api!.port,
    },
  };
  process.stdout.write(`READY ${JSON.stringify(ready)}\n`);

  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  await demo.stop();
  await pool.end();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`queue workload failed: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
    process.exit(1);
  }
);
