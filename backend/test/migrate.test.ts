import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { createPool, type Pool } from '../src/db/pool.ts';
import { CORE_MIGRATIONS, loadMigrations } from '../src/db/migrate.ts';
import { defaultUnits, migrate } from '../src/server.ts';
import { dropSchema, randomSchema, TEST_DATABASE_URL } from './helpers.ts';

const ALL = [
  '001_schema',
  '002_job_ledger',
  '003_audit_events',
  '004_ledger_read_indexes',
  '005_queue_samples',
  '006_ledger_drift_index',
  '007_queue_samples_time_index',
  '008_audit_intent',
];

describe('migrate', () => {
  const schema = randomSchema();
  const options = { schema, ledgerTable: `${schema}.job_ledger` };
  let pool: Pool;

  before(() => {
    pool = createPool(TEST_DATABASE_URL);
  });
  after(async () => {
    await pool.end();
    await dropSchema(schema);
  });

  it('ships the migrations of the core and every unit in one number order', async () => {
    const folders = [CORE_MIGRATIONS, ...defaultUnits().flatMap((unit) => (unit.migrations ? [unit.migrations] : []))];
    assert.deepEqual(
      (await loadMigrations(folders)).map((m) => m.id),
      ALL
    );
    assert.deepEqual(
      (await loadMigrations()).map((m) => m.id),
      ['001_schema', '003_audit_events', '008_audit_intent'],
      'the core folder holds the schema and the audit log'
    );
  });

  it('refuses two migrations with one number, naming both files', async () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'sysmon-migrations-'));
    try {
      writeFileSync(path.join(copy, '003_other.sql'), 'SELECT 1;');
      await assert.rejects(
        loadMigrations([CORE_MIGRATIONS, pathToFileURL(`${copy}/`)]),
        /003_audit_events\.sql and .*003_other\.sql share number 003/
      );
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('applies every migration once and is idempotent', async () => {
    assert.deepEqual(await migrate(pool, options), ALL);
    assert.deepEqual(await migrate(pool, options), []);

    const versions = await pool.query<{ id: string }>(`SELECT id FROM "${schema}".schema_migrations ORDER BY id`);
    assert.deepEqual(
      versions.rows.map((row) => row.id),
      ALL
    );

    const tables = await pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = $1 AND table_name NOT LIKE 'queue\\_samples\\_p%' ORDER BY table_name`,
      [schema]
    );
    assert.deepEqual(
      tables.rows.map((row) => row.table_name),
      ['audit_events', 'job_ledger', 'queue_samples', 'schema_migrations']
    );
  });

  it('creates the job ledger as DESIGN.md §4 describes', async () => {
    const columns = await pool.query<{ column_name: string; data_type: string }>(
      `SELECT column_name, data_type FROM information_schema.columns
        WHERE table_schema = $1 AND table_name = 'job_ledger' ORDER BY ordinal_position`,
      [schema]
    );
    assert.deepEqual(
      columns.rows.map((row) => `${row.column_name}:${row.data_type}`),
      [
        'id:text',
        'queue:text',
        'name:text',
        'priority:integer',
        'status:text',
        'payload:jsonb',
        'request_id:text',
        'attempts:integer',
        'last_error:text',
        'created_at:timestamp with time zone',
        'updated_at:timestamp with time zone',
        'started_at:timestamp with time zone',
        'finished_at:timestamp with time zone',
      ]
    );
    const indexes = await pool.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = 'job_ledger'`,
      [schema]
    );
    const defs = indexes.rows.map((row) => row.indexdef.replace(/^.* USING btree /, ''));
    for (const expected of ['(queue, status, created_at)', '(request_id)', '(status, updated_at)', '(id)']) {
      assert.ok(defs.includes(expected), `missing index ${expected} in ${defs.join(', ')}`);
    }

    const ledger = `"${schema}".job_ledger`;
    await pool.query(
      `INSERT INTO ${ledger} (id, queue, name, priority, request_id) VALUES ('1', 'email-sending', 'send', 1, 'r1')`
    );
    const row = await pool.query(`SELECT status, attempts, payload FROM ${ledger} WHERE id = '1'`);
    assert.deepEqual(row.rows[0], { status: 'queued', attempts: 0, payload: {} });
    await assert.rejects(
      pool.query(`INSERT INTO ${ledger} (id, queue, name, status) VALUES ('2', 'q', 'n', 'lost')`),
      /violates check constraint/
    );
  });

  it('creates the audit events table', async () => {
    const inserted = await pool.query<{ id: string; at: Date }>(
      `INSERT INTO "${schema}".audit_events (actor, action, target, params, outcome, request_id)
       VALUES ('alice', 'queue.pause', 'email-sending', '{"reason":"test"}', 'ok', 'r1') RETURNING id, at`
    );
    assert.ok(inserted.rows[0]?.at instanceof Date);
  });

  it('keeps a compatible ledger table the platform already owns, adding the indexes', async () => {
    const other = randomSchema();
    await withClient(async (client) => {
      await client.query(`CREATE SCHEMA "${other}";
        CREATE TABLE "${other}".ledger (id text PRIMARY KEY, queue text, name text, priority int, status text, payload jsonb,
          request_id text, attempts int, last_error text, created_at timestamptz, updated_at timestamptz,
          started_at timestamptz, finished_at timestamptz, tenant_id text)`);
      await client.query(`INSERT INTO "${other}".ledger (id, queue, tenant_id) VALUES ('kept', 'q', 't1')`);
    });
    try {
      assert.deepEqual(await migrate(pool, { schema: other, ledgerTable: `${other}.ledger` }), ALL);
      const kept = await pool.query(`SELECT id, tenant_id FROM "${other}".ledger`);
      assert.deepEqual(kept.rows, [{ id: 'kept', tenant_id: 't1' }]);
      const indexes = await pool.query(`SELECT 1 FROM pg_indexes WHERE schemaname = $1 AND tablename = 'ledger'`, [
        other,
      ]);
      // The primary key, three from 002 (queue/status/created_at, request_id, status/updated_at), three from 004
      // (finished rows, created_at/id, queue/created_at/id) and 006's partial index for non-terminal rows.
      assert.equal(indexes.rowCount, 8);
    } finally {
      await dropSchema(other);
    }
  });

  it('rolls back a failing migration, names it, and keeps the earlier ones', async () => {
    const other = randomSchema();
    // An incompatible pre-existing ledger (no queue column) makes 002's index creation fail.
    await withClient((client) =>
      client.query(`CREATE SCHEMA "${other}"; CREATE TABLE "${other}".ledger (id text PRIMARY KEY)`)
    );
    try {
      await assert.rejects(
        migrate(pool, { schema: other, ledgerTable: `${other}.ledger` }),
        /migration 002_job_ledger failed: column "queue" does not exist/
      );
      const versions = await pool.query<{ id: string }>(`SELECT id FROM "${other}".schema_migrations`);
      assert.deepEqual(
        versions.rows.map((row) => row.id),
        ['001_schema']
      );
      const audit = await pool.query(`SELECT to_regclass($1) AS t`, [`"${other}".audit_events`]);
      assert.equal(audit.rows[0].t, null);
    } finally {
      await dropSchema(other);
    }
  });
});

async function withClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('migrate from two replicas at once', () => {
  const schema = randomSchema();
  after(async () => dropSchema(schema));

  it('serialises on the advisory lock: both succeed, each migration is applied once', async () => {
    const pools = [createPool(TEST_DATABASE_URL), createPool(TEST_DATABASE_URL), createPool(TEST_DATABASE_URL)];
    try {
      const options = { schema, ledgerTable: `${schema}.job_ledger` };
      const results = await Promise.all(pools.map((p) => migrate(p, options)));
      assert.deepEqual(results.flat().sort(), ALL);
      assert.ok(
        results.some((applied) => applied.length === ALL.length),
        'one replica applies all migrations'
      );
      const versions = await pools[0]!.query(`SELECT count(*)::int AS n FROM "${schema}".schema_migrations`);
      assert.equal(versions.rows[0].n, ALL.length);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });
});
