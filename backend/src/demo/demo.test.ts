// End-to-end: the demo against the real PostgreSQL, Redis and its real SMTP sink, in a random schema and
// under a random BullMQ prefix that are removed afterwards.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { migrate } from '../server.ts';
import { createPool, type Pool } from '../db/pool.ts';
import { BOUNCE_DOMAIN, PRIORITY } from './catalog.ts';
import { startDemo, type RunningDemo } from './demo.ts';
import { MemorySink } from './logging.ts';
import {
  TEST_DATABASE_URL as DATABASE_URL,
  TEST_REDIS_URL as REDIS_URL,
  deleteKeys,
  randomSuffix,
  tryConnect,
  waitFor,
} from '../../test/helpers.ts';

const suffix = randomSuffix();
const schema = `demo_test_${suffix}`;
const ledgerTable = `${schema}.job_ledger`;
const prefix = `demotest-${suffix}`;

const API_SLOW_MS = 400;

function putMode(url: string, mode: unknown): Promise<Response> {
  return fetch(url, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode }),
  });
}

interface LedgerRow {
  id: string;
  queue: string;
  name: string;
  priority: number;
  status: string;
  payload: Record<string, unknown>;
  request_id: string;
  attempts: number;
  last_error: string | null;
  started_at: Date | null;
  finished_at: Date | null;
}

describe('demo workload (PostgreSQL + Redis + SMTP)', () => {
  let pool: Pool;
  let redis: Redis;
  let demo: RunningDemo;
  const logs = new MemorySink();
  let control: string;

  const row = async (id: string) =>
    (await pool.query<LedgerRow>(`SELECT * FROM ${schema}.job_ledger WHERE id = $1`, [id])).rows[0];

  before(async () => {
    pool = createPool(DATABASE_URL, { max: 5 });
    redis = new Redis(REDIS_URL);
    await migrate(pool, { schema, ledgerTable });
    demo = await startDemo({
      redisUrl: REDIS_URL,
      pool,
      ledgerTable,
      prefix,
      rates: { email: 15, warmup: 8, analytics: 8 },
      concurrency: { email: 5, warmup: 3, analytics: 3 },
      // Recipients are chosen explicitly below; a third of the campaign/bulk mail is scheduled 30-60 s out.
      mix: { bounceRate: 0, greylistRate: 0, scheduledRate: 0.3, maxScheduleDelayMs: 60_000 },
      simulation: { latencyScale: 0.05, warmupTempFailRate: 0, analyticsTimeoutRate: 0 },
      smtp: { port: 0, tempFailRate: 0, slowBannerMs: 1_500, clientTimeoutMs: 400 },
      api: { port: 0, slowMs: API_SLOW_MS },
      control: { port: 0 },
      chunkSize: 100,
      logSink: logs,
      metricsMaxDataPoints: 60,
    });
    control = `http://127.0.0.1:${demo.controlPort}`;
  });

  after(async () => {
    await demo?.stop();
    // Failed cleanups must not hide the test result, but should not go unnoticed either.
    await deleteKeys(redis, `${prefix}:*`).catch((error) => console.error('redis cleanup failed', error));
    await pool
      .query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      .catch((error) => console.error('schema cleanup failed', error));
    await pool.end();
    redis.disconnect();
  });

  it('produces steady traffic on all three queues, processed to completed in ledger and BullMQ', async () => {
    await waitFor('3 completed rows per queue', async () => {
      const { rows } = await pool.query<{ queue: string; n: number }>(
        `SELECT queue, count(*)::int AS n FROM ${schema}.job_ledger WHERE status = 'completed' GROUP BY queue`
      );
      return rows.length === 3 && rows.every((r) => r.n >= 3);
    });
    const { rows } = await pool.query<LedgerRow>(`SELECT * FROM ${schema}.job_ledger`);
    for (const queue of ['email-sending', 'warmup-processing', 'analytics-aggregation']) {
      const done = rows.filter((r) => r.queue === queue && r.status === 'completed');
      assert.ok(done.length >= 3, queue);
      for (const r of done) {
        assert.ok(r.started_at && r.finished_at && r.finished_at >= r.started_at, `times of ${r.id}`);
        assert.ok(r.attempts >= 1);
        assert.match(r.request_id, /^req-/);
      }
      const counts =
        await demo.queues[
          queue === 'email-sending' ? 'email' : queue === 'warmup-processing' ? 'warmup' : 'analytics'
        ].getJobCounts();
      assert.ok((counts.completed ?? 0) >= 3, `${queue} completed in BullMQ: ${JSON.stringify(counts)}`);
    }

    // Priorities: the BullMQ job carries the ledger priority; email uses transactional/campaign/bulk.
    const email = rows.filter((r) => r.queue === 'email-sending');
    assert.ok(
      email.every((r) => ([PRIORITY.transactional, PRIORITY.campaign, PRIORITY.bulk] as number[]).includes(r.priority))
    );
    const sample = email.find((r) => r.status === 'completed')!;
    const job = await Job.fromId(demo.queues.email, sample.id);
    assert.equal(job?.opts.priority, sample.priority);
    assert.equal(job?.data.requestId, sample.request_id);

    // Scheduled sends: ledger 'delayed' and a delayed job in Redis.
    const scheduled = await waitFor(
      'a scheduled email',
      async () =>
        (
          await pool.query<LedgerRow>(
            `SELECT * FROM ${schema}.job_ledger WHERE queue = 'email-sending' AND status = 'delayed' AND attempts = 0 LIMIT 1`
          )
        ).rows[0]
    );
    assert.equal(await demo.queues.email.getJobState(scheduled.id), 'delayed');

    // The sink received real messages, tagged with the request id of their ledger row.
    assert.ok(demo.smtp.receivedCount() >= 3);
    const received = demo.smtp.messages.find((m) => m.requestId === sample.request_id);
    assert.ok(received, 'the completed email reached the SMTP sink');

    // Every step logged, with the request id following the job from producer to worker.
    const steps = logs.records
      .filter((r) => r.request_id === sample.request_id)
      .map((r) => `${r.service}: ${r.message}`);
    assert.ok(steps.includes('producer: job enqueued'), steps.join('\n'));
    assert.ok(
      steps.some((s) => s.startsWith('worker-email: job started')),
      steps.join('\n')
    );
    assert.ok(steps.includes('worker-email: job completed'), steps.join('\n'));
    assert.ok(steps.includes('smtp-sink: smtp sink accepted message'), steps.join('\n'));
    for (const record of logs.records.slice(0, 200)) {
      assert.ok(
        typeof record.ts === 'string' && record.level && record.service && record.message,
        JSON.stringify(record)
      );
    }
  });

  it('fails a hard bounce at once, with the SMTP reply in the ledger and a stack trace in BullMQ', async () => {
    const spec = await demo.enqueueOne('email', {
      kindName: 'send-transactional',
      payload: { to: `gone@${BOUNCE_DOMAIN}` },
    });
    const failed = await waitFor('the bounce to fail', async () => {
      const r = await row(spec.id);
      return r?.status === 'failed' ? r : undefined;
    });
    assert.equal(failed.attempts, 1, 'no retry for a hard bounce');
    assert.match(failed.last_error ?? '', /^HardBounceError: hard bounce: 550 .*does not exist/);
    assert.ok(failed.finished_at);

    const job = await Job.fromId(demo.queues.email, spec.id);
    assert.equal(await job!.getState(), 'failed');
    assert.equal(job!.attemptsMade, 1);
    assert.match(job!.failedReason, /550/);
    const trace = job!.stacktrace?.[0] ?? '';
    assert.match(trace, /^HardBounceError: hard bounce: 550 [^\n]*\n\s+at /);

    const errorLog = logs.records.find((r) => r.request_id === spec.requestId && r.level === 'error');
    assert.equal(errorLog?.error_type, 'HardBounceError');
    assert.match(String(errorLog?.stack), /\n\s+at /);
  });

  it('switches the sink to refusing over the control endpoint: email attempts fail with 421 and are retried', async () => {
    let res = await fetch(`${control}/smtp`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'refusing' }),
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { mode: 'refusing', previous: 'normal' });
    res = await fetch(`${control}/smtp`);
    assert.equal(((await res.json()) as { mode: string }).mode, 'refusing');

    const spec = await demo.enqueueOne('email', { kindName: 'send-transactional' });
    const retrying = await waitFor('the refused email to be retried', async () => {
      const r = await row(spec.id);
      return r?.status === 'delayed' && r.attempts >= 1 ? r : undefined;
    });
    assert.match(retrying.last_error ?? '', /SmtpTemporaryError: .*421 .*Service not available/);
    assert.equal(await demo.queues.email.getJobState(spec.id), 'delayed');
    const job = await Job.fromId(demo.queues.email, spec.id);
    assert.match(job!.stacktrace?.[0] ?? '', /^SmtpTemporaryError: [^\n]*421[^\n]*\n\s+at /);
    assert.ok(
      logs.records.some(
        (r) => r.service === 'smtp-sink' && r.message === 'smtp sink mode switched from normal to refusing'
      )
    );

    res = await fetch(`${control}/smtp`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'normal' }),
    });
    assert.equal(res.status, 200);
    // Backoff is 1 s for the first retry; the next attempt goes through.
    const completed = await waitFor('the retried email to complete', async () => {
      const r = await row(spec.id);
      return r?.status === 'completed' ? r : undefined;
    });
    assert.ok(completed.attempts >= 2, `attempts ${completed.attempts}`);
    assert.ok(demo.smtp.messages.some((m) => m.requestId === spec.requestId));
  });

  it('takes the SMTP sink down over the control endpoint: connections refused, then back on the same port', async () => {
    const port = demo.smtp.port;
    let res = await putMode(`${control}/smtp`, 'down');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { mode: 'down', previous: 'normal' });
    // The answer comes once the listening socket is closed.
    assert.equal(await tryConnect(port), 'ECONNREFUSED');
    const status = (await (await fetch(`${control}/status`)).json()) as { smtp: { mode: string; port: number } };
    assert.deepEqual([status.smtp.mode, status.smtp.port], ['down', port]);

    res = await putMode(`${control}/smtp`, 'normal');
    assert.deepEqual(await res.json(), { mode: 'normal', previous: 'down' });
    assert.equal(await tryConnect(port), 'connected');
    const spec = await demo.enqueueOne('email', { kindName: 'send-transactional' });
    await waitFor('mail to flow again', async () => demo.smtp.messages.some((m) => m.requestId === spec.requestId));
  });

  it('drives the platform API through every mode over the control endpoint', async () => {
    const api = `http://127.0.0.1:${demo.api!.port}`;
    let res = await fetch(`${control}/api`);
    assert.deepEqual(await res.json(), { mode: 'normal', modes: ['normal', 'slow', 'erroring', 'down'] });
    res = await fetch(`${api}/healthz`, { headers: { 'x-request-id': 'req-demo-health-1' } });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
    assert.ok(
      logs.records.some((r) => r.service === 'platform-api' && r.request_id === 'req-demo-health-1'),
      'requests are logged through the demo logger'
    );
    let status = (await (await fetch(`${control}/status`)).json()) as { api: { mode: string; port: number } };
    assert.deepEqual(status.api, { mode: 'normal', port: demo.api!.port });

    res = await putMode(`${control}/api`, 'slow');
    assert.deepEqual(await res.json(), { mode: 'slow', previous: 'normal' });
    let started = performance.now();
    res = await fetch(`${api}/api/v1/campaigns/cmp-1/stats`);
    assert.equal(res.status, 200);
    await res.json();
    assert.ok(performance.now() - started >= API_SLOW_MS - 5, `slow answer after ${performance.now() - started} ms`);

    res = await putMode(`${control}/api`, 'erroring');
    assert.equal(res.status, 200);
    res = await fetch(`${api}/healthz`, { headers: { 'x-request-id': 'req-demo-health-2' } });
    assert.equal(res.status, 503);
    assert.deepEqual(await res.json(), { status: 'error', error: 'database connection pool exhausted' });
    const errorLine = logs.records.find((r) => r.request_id === 'req-demo-health-2');
    assert.equal(errorLine?.level, 'error');
    assert.match(String(errorLine?.stack), /PoolExhaustedError: database connection pool exhausted\n\s+at /);

    res = await putMode(`${control}/api`, 'down');
    assert.deepEqual(await res.json(), { mode: 'down', previous: 'erroring' });
    assert.equal(await tryConnect(demo.api!.port), 'ECONNREFUSED');
    status = (await (await fetch(`${control}/status`)).json()) as { api: { mode: string; port: number } };
    assert.equal(status.api.mode, 'down');

    res = await putMode(`${control}/api`, 'normal');
    assert.equal(res.status, 200);
    started = performance.now();
    res = await fetch(`${api}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
    assert.ok(performance.now() - started < API_SLOW_MS, 'normal speed again');
  });

  it('times out against a slow greeting and records the timeout', async () => {
    await demo.smtp.setMode('slow');
    try {
      const spec = await demo.enqueueOne('email', { kindName: 'send-transactional' });
      const retrying = await waitFor('the slow email to time out', async () => {
        const r = await row(spec.id);
        return r?.last_error ? r : undefined;
      });
      assert.match(retrying.last_error ?? '', /JobTimeoutError: SMTP timeout: .*Greeting never received/);
    } finally {
      await demo.smtp.setMode('normal');
    }
  });

  it('rejects bad control requests with clear JSON errors', async () => {
    let res = await fetch(`${control}/smtp`, { method: 'PUT', body: JSON.stringify({ mode: 'sideways' }) });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), {
      error: { code: 'invalid_mode', message: '"mode" must be one of normal, slow, refusing, down; got "sideways"' },
    });
    res = await putMode(`${control}/api`, 'refusing');
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), {
      error: { code: 'invalid_mode', message: '"mode" must be one of normal, slow, erroring, down; got "refusing"' },
    });
    res = await fetch(`${control}/api`, { method: 'PUT', body: '{}' });
    assert.equal(res.status, 400);
    res = await fetch(`${control}/api`, { method: 'POST', body: '{}' });
    assert.equal(res.status, 405);
    res = await fetch(`${control}/smtp`, { method: 'PUT', body: '{not json' });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'invalid_json');
    res = await fetch(`${control}/nowhere`);
    assert.equal(res.status, 404);
    assert.match(
      ((await res.json()) as { error: { message: string } }).error.message,
      /try GET \/smtp, PUT \/smtp, GET \/api, PUT \/api, POST \/campaign, GET \/status$/
    );
    assert.equal(demo.smtp.getMode(), 'normal');
    assert.equal(demo.api!.getMode(), 'normal');
  });

  it('launches a campaign burst: N ledger rows and N BullMQ jobs, enqueued in chunks', async () => {
    const size = 250;
    const res = await fetch(`${control}/campaign`, { method: 'POST', body: JSON.stringify({ size }) });
    assert.equal(res.status, 202);
    const result = (await res.json()) as { campaignId: string; enqueued: number; failed: number };
    assert.equal(result.enqueued, size);
    assert.equal(result.failed, 0);

    const { rows } = await pool.query<{ id: string; priority: number }>(
      `SELECT id, priority FROM ${schema}.job_ledger WHERE payload->>'campaignId' = $1`,
      [result.campaignId]
    );
    assert.equal(rows.length, size);
    assert.ok(rows.every((r) => r.priority === PRIORITY.campaign));
    const pipeline = redis.pipeline();
    for (const r of rows) {
      pipeline.exists(`${prefix}:email-sending:${r.id}`);
    }
    const exists = (await pipeline.exec())!.map(([, value]) => value);
    assert.equal(exists.filter((value) => value === 1).length, size, 'every ledger row has its BullMQ job');
    assert.ok(
      logs.records.some(
        (r) =>
          r.service === 'producer' &&
          r.campaign_id === result.campaignId &&
          r.message.startsWith('campaign launch done')
      )
    );
  });

  it('exposes BullMQ worker metrics and leaves ledger and Redis consistent after a clean stop', async () => {
    const metrics = await demo.queues.email.getMetrics('completed');
    assert.ok(metrics.meta.count >= 3, `completed count in BullMQ metrics: ${metrics.meta.count}`);

    const apiPort = demo.api!.port;
    await demo.stop();

    const { rows } = await pool.query<LedgerRow>(`SELECT id, queue, status FROM ${schema}.job_ledger`);
    const allowed: Record<string, string[]> = {
      queued: ['waiting', 'prioritized'],
      delayed: ['delayed', 'waiting', 'prioritized'], // a scheduled job that fell due while the workers stopped
      completed: ['completed'],
      failed: ['failed'],
    };
    const mismatches: string[] = [];
    for (const r of rows) {
      const state =
        (await redis.zscore(`${prefix}:${r.queue}:completed`, r.id)) !== null
          ? 'completed'
          : (await redis.zscore(`${prefix}:${r.queue}:failed`, r.id)) !== null
            ? 'failed'
            : (await redis.zscore(`${prefix}:${r.queue}:delayed`, r.id)) !== null
              ? 'delayed'
              : (await redis.zscore(`${prefix}:${r.queue}:prioritized`, r.id)) !== null
                ? 'prioritized'
                : (await redis.lpos(`${prefix}:${r.queue}:wait`, r.id)) !== null
                  ? 'waiting'
                  : (await redis.lpos(`${prefix}:${r.queue}:active`, r.id)) !== null
                    ? 'active'
                    : 'missing';
      if (!allowed[r.status]?.includes(state)) {
        mismatches.push(`${r.queue} ${r.id}: ledger ${r.status}, redis ${state}`);
      }
    }
    assert.deepEqual(mismatches, [], mismatches.slice(0, 10).join('\n'));
    assert.ok(logs.records.some((r) => r.message === 'demo stopped'));
    assert.equal(await tryConnect(apiPort), 'ECONNREFUSED', 'the platform API is closed by stop()');
  });
});
