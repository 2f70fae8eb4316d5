// The demo keeps running through PostgreSQL and Redis connection losses: its connections are killed
// server-side mid-traffic and the workload must recover on its own, without an unhandled error.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { migrate } from '../server.ts';
import { createPool, type Pool } from '../db/pool.ts';
import { startDemo, type RunningDemo } from './demo.ts';
import { MemorySink } from './logging.ts';
import { TEST_DATABASE_URL, TEST_REDIS_URL, deleteKeys, randomSuffix, waitFor } from '../../test/helpers.ts';

const suffix = randomSuffix();
const schema = `demo_blip_${suffix}`;
const prefix = `demoblip-${suffix}`;
const appName = `demo-blip-${suffix}`;

async function completedSince(pool: Pool, since: Date): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ queue: string; n: number }>(
    `SELECT queue, count(*)::int AS n FROM ${schema}.job_ledger WHERE status = 'completed' AND finished_at > $1 GROUP BY queue`,
    [since]
  );
  return new Map(rows.map((r) => [r.queue, r.n]));
}

describe('demo resilience', () => {
  let pool: Pool;
  let admin: Pool;
  let redis: Redis;
  let demo: RunningDemo;
  const logs = new MemorySink();

  before(async () => {
    pool = createPool(TEST_DATABASE_URL, { max: 5, applicationName: appName });
    admin = createPool(TEST_DATABASE_URL, { max: 1 });
    redis = new Redis(TEST_REDIS_URL);
    await migrate(admin, { schema, ledgerTable: `${schema}.job_ledger` });
    demo = await startDemo({
      redisUrl: TEST_REDIS_URL,
      redisConnectionName: appName,
      pool,
      ledgerTable: `${schema}.job_ledger`,
      prefix,
      rates: { email: 15, warmup: 10, analytics: 10 },
      mix: { bounceRate: 0, greylistRate: 0, scheduledRate: 0 },
      simulation: { latencyScale: 0.05, warmupTempFailRate: 0, analyticsTimeoutRate: 0 },
      smtp: { port: 0, tempFailRate: 0 },
      control: false,
      logSink: logs,
    });
  });

  after(async () => {
    await demo?.stop();
    await deleteKeys(redis, `${prefix}:*`);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await Promise.all([pool.end(), admin.end()]);
    redis.disconnect();
  });

  it('recovers from its PostgreSQL and Redis connections being killed', async () => {
    await waitFor('traffic before the outage', async () => (await completedSince(admin, new Date(0))).size === 3);

    const { rows } = await admin.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1`,
      [appName]
    );
    assert.ok(rows[0]!.n >= 1, 'killed the demo PostgreSQL connections');

    // Only the demo's own Redis clients: its connection name, or BullMQ's `<prefix>:<queue>` names.
    const clients = String(await redis.client('LIST'))
      .split('\n')
      .map((line) => ({ id: /\bid=(\d+)/.exec(line)?.[1], name: /\bname=(\S*)/.exec(line)?.[1] ?? '' }))
      .filter((c) => c.id && (c.name === appName || c.name.startsWith(`${prefix}:`)));
    assert.ok(clients.length >= 3, `found the demo Redis clients: ${clients.map((c) => c.name).join(', ')}`);
    for (const client of clients) {
      await redis.client('KILL', 'ID', client.id!);
    }
    const outage = new Date();

    const recovered = await waitFor(
      'completed jobs on every queue after the outage',
      async () => {
        const counts = await completedSince(admin, outage);
        return counts.size === 3 ? counts : undefined;
      },
      15_000
    );
    assert.equal(recovered.size, 3);
    assert.ok(demo.smtp.receivedCount() > 0);
  });
});
