// `sysmon migrate` against a ledger the platform is writing (issue 7): index builds run CONCURRENTLY outside a
// transaction and every other statement gives way after 50 ms, so the platform's writes never wait long. The
// producers here run with lock_timeout = 100 ms: any write that waited longer for a lock fails, and the test with it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { migrate } from '../src/server.ts';
import { dropSchema, randomSchema, TEST_DATABASE_URL } from './helpers.ts';

const ROWS = 200_000;

describe('migrate while the platform writes its ledger', () => {
  const schema = randomSchema();
  const ledger = `"${schema}".ledger`;
  let admin: pg.Client;

  before(async () => {
    admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    // The ledger as the platform had it before the service (id alone the key, no indexes), already large.
    await admin.query(`CREATE SCHEMA "${schema}";
      CREATE TABLE ${ledger} (id text PRIMARY KEY, queue text NOT NULL, name text NOT NULL, priority integer NOT NULL DEFAULT 0,
        status text NOT NULL DEFAULT 'queued', payload jsonb NOT NULL DEFAULT '{}', request_id text,
        attempts integer NOT NULL DEFAULT 0, last_error text, created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(), started_at timestamptz, finished_at timestamptz)`);
    await admin.query(
      `INSERT INTO ${ledger} (id, queue, name, status, request_id, payload, created_at, finished_at)
       SELECT 'old-' || g, 'queue-' || (g % 7), 'send',
              (ARRAY['queued', 'active', 'completed', 'failed'])[1 + g % 4], 'req-' || g,
              jsonb_build_object('to', 'user' || g || '@example.com'),
              now() - (g || ' seconds')::interval, CASE WHEN g % 4 >= 2 THEN now() END
         FROM generate_series(1, $1) AS g`,
      [ROWS]
    );
    await admin.query(`ANALYZE ${ledger}`);
  });
  after(async () => {
    await admin?.end();
    await dropSchema(schema);
  });

  it('producers never wait more than 100 ms for a lock while every ledger migration runs', async () => {
    let stop = false;
    let writes = 0;
    let slowest = 0;
    const failures: string[] = [];
    const producer = async (n: number) => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`SET lock_timeout = '100ms'`);
      try {
        for (let i = 0; !stop; i += 1) {
          const started = performance.now();
          try {
            await client.query(`INSERT INTO ${ledger} (id, queue, name) VALUES ($1, 'queue-1', 'send')`, [
              `new-${n}-${i}`,
            ]);
            await client.query(`UPDATE ${ledger} SET status = 'active', updated_at = now() WHERE id = $1`, [
              `old-${1 + ((n * 7919 + i * 104729) % ROWS)}`,
            ]);
            writes += 2;
          } catch (error) {
            failures.push((error as Error).message);
          }
          slowest = Math.max(slowest, performance.now() - started);
        }
      } finally {
        await client.end();
      }
    };
    const producers = [1, 2, 3].map(producer);
    const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 2 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const applied = await migrate(pool, { schema, ledgerTable: `${schema}.ledger` });
      assert.ok(applied.includes('010_ledger_primary_key'));
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      stop = true;
      await Promise.all(producers);
      await pool.end();
    }
    assert.deepEqual(
      failures,
      [],
      `no write waited past its 100 ms lock timeout (${writes} writes, slowest ${Math.round(slowest)} ms)`
    );
    assert.ok(writes > 100, `the producers kept writing (${writes} writes)`);
    const key = await admin.query(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'p'`,
      [ledger]
    );
    assert.equal(key.rows[0]?.def, 'PRIMARY KEY (queue, id)');
  });
});
