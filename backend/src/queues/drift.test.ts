// Drift detection's bounds and grace on real Redis and PostgreSQL; summarising is pure.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import {
  dropSchema,
  randomSchema,
  TEST_DATABASE_URL,
  deletePrefix,
  randomPrefix,
  TEST_REDIS_URL,
} from '../../test/helpers.ts';
import { migrate } from '../server.ts';
import { createPool, type Pool } from '../db/pool.ts';
import { createDriftCache, createDriftChecker, summariseKind } from './drift.ts';

describe('summariseKind', () => {
  it('keeps the 10 oldest examples and the oldest age', () => {
    const findings = Array.from({ length: 15 }, (_, i) => ({ queue: 'q', id: `j${i}`, ageMs: i * 10 }));
    const report = summariseKind('job_without_ledger', { findings, count: 15, lowerBound: true });
    assert.equal(report.count, 15);
    assert.equal(report.oldestAgeMs, 140);
    assert.equal(report.examples.length, 10);
    assert.equal(report.examples[0]?.id, 'j14');
    assert.equal(report.lowerBound, true);
    assert.equal(summariseKind('active_past_lock', { findings: [], count: 0, lowerBound: false }).oldestAgeMs, null);
  });
});

describe('drift checker bounds (real Redis and PostgreSQL)', () => {
  const schema = randomSchema();
  const prefix = randomPrefix('drift');
  const ledgerTable = `${schema}.job_ledger`;
  const redis = new Redis(TEST_REDIS_URL);
  let pool: Pool;
  let queue: Queue;

  before(async () => {
    pool = createPool(TEST_DATABASE_URL);
    await migrate(pool, { schema, ledgerTable });
    queue = new Queue('windowed', { connection: redis, prefix });
    // 5 live jobs without ledger rows, 5 ledger rows without jobs.
    await queue.addBulk(Array.from({ length: 5 }, (_, i) => ({ name: 'x', data: {}, opts: { jobId: `live-${i}` } })));
    await pool.query(
      `INSERT INTO ${schema}.job_ledger (id, queue, name, status)
       SELECT 'gone-' || g, 'windowed', 'x', 'queued' FROM generate_series(1, 5) g`
    );
  });
  after(async () => {
    await queue.close();
    await pool.end();
    await deletePrefix(redis, prefix);
    await redis.quit();
    await dropSchema(schema);
  });

  it('reports windowed counts as lower bounds', async () => {
    const checker = createDriftChecker({ redis, pool, ledgerTable, window: 2, ledgerPage: 3, graceMs: 0 });
    const report = await checker.check([{ prefix, name: 'windowed' }]);
    const byKind = Object.fromEntries(report.kinds.map((kind) => [kind.kind, kind]));
    assert.equal(byKind.job_without_ledger?.count, 2);
    assert.equal(byKind.job_without_ledger?.lowerBound, true);
    assert.equal(byKind.ledger_without_job?.count, 3);
    assert.equal(byKind.ledger_without_job?.lowerBound, true);
    assert.equal(byKind.terminal_not_in_ledger?.lowerBound, false);

    const whole = await createDriftChecker({ redis, pool, ledgerTable, graceMs: 0 }).check([
      { prefix, name: 'windowed' },
    ]);
    const wholeByKind = Object.fromEntries(whole.kinds.map((kind) => [kind.kind, kind]));
    assert.equal(wholeByKind.job_without_ledger?.count, 5);
    assert.equal(wholeByKind.job_without_ledger?.lowerBound, false);
    assert.equal(wholeByKind.ledger_without_job?.count, 5);
  });

  it('leaves out rows and jobs younger than the grace period', async () => {
    const checker = createDriftChecker({ redis, pool, ledgerTable, graceMs: 60_000 });
    const report = await checker.check([{ prefix, name: 'windowed' }]);
    assert.deepEqual(
      report.kinds.map((kind) => kind.count),
      [0, 0, 0, 0, 0]
    );
  });

  it('caches reports per queue and 404s (null) an unknown queue', async () => {
    let checks = 0;
    const checker = createDriftChecker({ redis, pool, ledgerTable, graceMs: 0 });
    const counting = { check: (refs: Parameters<typeof checker.check>[0]) => (checks++, checker.check(refs)) };
    const cache = createDriftCache(counting, {
      discovery: { get: async () => [{ prefix, name: 'windowed' }] },
      byName: async (name) => (name === 'windowed' ? [{ prefix, name }] : []),
    });
    await cache.get('windowed');
    await cache.get('windowed');
    assert.equal(checks, 1);
    assert.equal(await cache.get('missing'), null);
    cache.invalidate();
    await cache.get('windowed');
    assert.equal(checks, 2);
  });
});

describe('active past lock on a busy queue (real Redis, BullMQ 6 workers)', () => {
  const schema = randomSchema();
  const prefix = randomPrefix('drift-busy');
  const ledgerTable = `${schema}.job_ledger`;
  const redis = new Redis(TEST_REDIS_URL);
  const connection = { host: new URL(TEST_REDIS_URL).hostname, port: Number(new URL(TEST_REDIS_URL).port || 6379) };
  let pool: Pool;

  before(async () => {
    pool = createPool(TEST_DATABASE_URL);
    await migrate(pool, { schema, ledgerTable });
  });
  after(async () => {
    await pool.end();
    await deletePrefix(redis, prefix);
    await redis.quit();
    await dropSchema(schema);
  });

  it('never reports a job that just finished as stalled, however fast jobs finish', async () => {
    const queue = new Queue('busy', { connection, prefix });
    await queue.addBulk(Array.from({ length: 4_000 }, (_, i) => ({ name: 'x', data: { i } })));
    // Jobs finish continuously: many leave `active` (and drop their lock) between any two reads.
    const worker = new Worker('busy', async () => new Promise((resolve) => setTimeout(resolve, 2)), {
      connection,
      prefix,
      concurrency: 50,
    });
    const checker = createDriftChecker({ redis, pool, ledgerTable, graceMs: 0 });
    const reported: string[] = [];
    let checks = 0;
    try {
      while ((await queue.getJobCounts('wait')).wait! > 0) {
        const report = await checker.check([{ prefix, name: 'busy' }]);
        const stalled = report.kinds.find((kind) => kind.kind === 'active_past_lock');
        reported.push(...(stalled?.examples.map((example) => example.id) ?? []));
        checks += 1;
      }
    } finally {
      await worker.close();
      await queue.close();
    }
    assert.ok(checks >= 5, `${checks} checks while jobs finished`);
    assert.deepEqual(reported, [], 'no finished job is ever reported as active past its lock');
  });
});
