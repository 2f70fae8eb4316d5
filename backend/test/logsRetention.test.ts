// Retention of the log vertical: the logs unit's periodic jobs drop expired day partitions of sysmon.logs and
// delete audit events past 7 years in bounded batches.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { auditCutoff, deleteExpiredAudit } from '../src/audit/retention.ts';
import { dayPartition, ensurePartitions, listPartitions } from '../src/db/partitions.ts';
import { quoteIdent } from '../src/db/sql.ts';
import { createLogger } from '../src/logger.ts';
import type { Redis } from '../src/redis.ts';
import { logsUnit } from '../src/units/logs/index.ts';
import { dropSchema, randomSchema, testConfig } from './helpers.ts';
import { logsSchema } from './logsFixture.ts';

const schema = randomSchema();
let pool: pg.Pool;
const DAY = 86_400_000;

before(async () => {
  pool = await logsSchema(schema);
});
after(async () => {
  await pool.end();
  await dropSchema(schema);
});

describe('log and audit retention', () => {
  it('the logs unit runs partition maintenance (ahead and past retention) and audit retention, by lock', async () => {
    const target = { schema, table: 'logs' };
    const old = dayPartition('logs', Date.now() - 100 * DAY);
    const kept = dayPartition('logs', Date.now() - 80 * DAY);
    await ensurePartitions(pool, target, [old, kept]);
    const started = logsUnit().start({
      config: testConfig(schema),
      logger: createLogger('silent'),
      pool,
      systemPool: pool,
      redis: undefined as unknown as Redis,
      services: {},
    });
    const jobs = started.periodicJobs ?? [];
    assert.deepEqual(
      jobs.map((job) => [job.name, job.lockKey]),
      [
        ['logs-retention', `sysmon:logs-retention:${schema}`],
        ['logs-volume-rollup', `sysmon:logs-volume-rollup:${schema}`],
        ['audit-retention', `sysmon:audit-retention:${schema}`],
      ]
    );
    await jobs[0]!.run();
    await jobs[1]!.run();
    const partitions = await listPartitions(pool, target);
    assert.ok(!partitions.includes(old.name), 'past 90 days: dropped');
    assert.ok(partitions.includes(kept.name), 'within 90 days: kept');
    assert.ok(partitions.includes(dayPartition('logs', Date.now() + 2 * DAY).name), 'two days ahead: created');
  });

  it('deletes audit events older than 7 years, oldest first, in bounded batches', async () => {
    const table = `${quoteIdent(schema)}.audit_events`;
    const now = Date.now();
    const cutoff = auditCutoff(now);
    assert.equal(cutoff.getUTCFullYear(), new Date(now).getUTCFullYear() - 7);
    const ats = [
      new Date(cutoff.getTime() - 365 * DAY),
      new Date(cutoff.getTime() - 2 * DAY),
      new Date(cutoff.getTime() - 1_000),
      new Date(cutoff.getTime() + 60_000),
      new Date(now),
    ];
    await pool.query(
      `INSERT INTO ${table} (at, actor, action, outcome) SELECT unnest($1::timestamptz[]), 'ops', 'queue.pause', 'ok'`,
      [ats]
    );
    const remaining = async () =>
      (await pool.query<{ at: Date }>(`SELECT at FROM ${table} ORDER BY at`)).rows.map((row) => row.at.getTime());
    assert.equal(await deleteExpiredAudit(pool, schema, { now, batch: 2, maxBatches: 1 }), 2, 'one batch per run');
    assert.deepEqual(
      await remaining(),
      ats.slice(2).map((at) => at.getTime()),
      'the oldest went first'
    );
    assert.equal(await deleteExpiredAudit(pool, schema, { now, batch: 2 }), 1);
    assert.deepEqual(
      await remaining(),
      ats.slice(3).map((at) => at.getTime()),
      'younger than 7 years: kept'
    );
    assert.equal(await deleteExpiredAudit(pool, schema, { now }), 0);
  });
});
