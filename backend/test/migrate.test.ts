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
  '009_ledger_identity',
  '010_ledger_primary_key',
  '011_ledger_index_cleanup',
  '012_logs',
  '013_logs_indexes',
  '014_logs_volume_rollup',
  '015_service_checks',
  '016_ip_reputation',
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
        WHERE table_schema = $1 AND table_name !~ '^(queue_samples|logs|service_checks)_p[0-9]{8}$' ORDER BY table_name`,
      [schema]
    );
    assert.deepEqual(
      tables.rows.map((row) => row.table_name),
      [
        'audit_events',
        'ip_listing_periods',
        'ip_reputation',
        'job_ledger',
        'logs',
        'logs_volume_minutes',
        'logs_volume_rollup',
        'queue_samples',
        'schema_migrations',
        'service_checks',
        'service_status',
        'service_transitions',
      ]
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
        'opts:jsonb',
        'request_id:text',
        'attempts:integer',
        'last_error:text',
        'created_at:timestamp with time zone',
        'updated_at:timestamp with time zone',
        'started_at:timestamp with time zone',
        'finished_at:timestamp with time zone',
      ]
    );
    assert.deepEqual(await ledgerIndexes(schema, 'job_ledger'), LEDGER_INDEXES);

    const ledger = `"${schema}".job_ledger`;
    await pool.query(
      `INSERT INTO ${ledger} (id, queue, name, priority, request_id) VALUES ('1', 'email-sending', 'send', 1, 'r1')`
    );
    const row = await pool.query(`SELECT status, attempts, payload, opts FROM ${ledger} WHERE id = '1'`);
    assert.deepEqual(row.rows[0], { status: 'queued', attempts: 0, payload: {}, opts: {} });
    // A job is (queue, id): BullMQ's default ids are a per-queue counter, so two queues both have a job "1".
    await pool.query(`INSERT INTO ${ledger} (id, queue, name) VALUES ('1', 'warmup-processing', 'warm')`);
    await assert.rejects(
      pool.query(`INSERT INTO ${ledger} (id, queue, name) VALUES ('1', 'email-sending', 'again')`),
      /duplicate key value violates unique constraint "job_ledger_queue_id_key"/
    );
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

  it('upgrades a ledger the platform already owns, in the old shape: (queue, id) key, opts, indexes', async () => {
    const other = randomSchema();
    await withClient(async (client) => {
      // As the first versions made it (id alone the key, nullable queue, the indexes of the first 002 and 004).
      await client.query(`CREATE SCHEMA "${other}";
        CREATE TABLE "${other}".ledger (id text PRIMARY KEY, queue text, name text, priority int, status text, payload jsonb,
          request_id text, attempts int, last_error text, created_at timestamptz, updated_at timestamptz,
          started_at timestamptz, finished_at timestamptz, tenant_id text);
        CREATE INDEX job_ledger_queue_status_created_at_idx ON "${other}".ledger (queue, status, created_at);
        CREATE INDEX job_ledger_status_updated_at_idx ON "${other}".ledger (status, updated_at);
        CREATE INDEX job_ledger_created_at_id_idx ON "${other}".ledger (created_at, id);`);
      await client.query(`INSERT INTO "${other}".ledger (id, queue, tenant_id) VALUES ('kept', 'q', 't1')`);
    });
    try {
      assert.deepEqual(await migrate(pool, { schema: other, ledgerTable: `${other}.ledger` }), ALL);
      const kept = await pool.query(`SELECT id, tenant_id, opts FROM "${other}".ledger`);
      assert.deepEqual(kept.rows, [{ id: 'kept', tenant_id: 't1', opts: {} }]);
      assert.deepEqual(await ledgerIndexes(other, 'ledger'), LEDGER_INDEXES, 'the unused ones are dropped');
      await pool.query(`INSERT INTO "${other}".ledger (id, queue) VALUES ('kept', 'other-queue')`);
    } finally {
      await dropSchema(other);
    }
  });

  it('stops at a failing migration, names it, and keeps the earlier ones', async () => {
    const other = randomSchema();
    // An incompatible pre-existing ledger (no request_id column) makes 004's first index build fail.
    await withClient((client) =>
      client.query(`CREATE SCHEMA "${other}"; CREATE TABLE "${other}".ledger (id text PRIMARY KEY)`)
    );
    try {
      await assert.rejects(
        migrate(pool, { schema: other, ledgerTable: `${other}.ledger` }),
        /migration 004_ledger_read_indexes failed: column "request_id" does not exist/
      );
      const versions = await pool.query<{ id: string }>(`SELECT id FROM "${other}".schema_migrations ORDER BY id`);
      assert.deepEqual(
        versions.rows.map((row) => row.id),
        ['001_schema', '002_job_ledger', '003_audit_events']
      );
    } finally {
      await dropSchema(other);
    }
  });
});

/** The ledger's indexes after migrating: the (queue, id) key and one index per kind of query (see 004 and 006). */
const LEDGER_INDEXES = [
  'job_ledger_created_at_queue_id_idx (created_at, queue, id)',
  "job_ledger_finished_at_terminal_idx (finished_at) WHERE (status = ANY (ARRAY['completed'::text, 'failed'::text]))",
  'job_ledger_id_idx (id)',
  "job_ledger_non_terminal_queue_created_at_idx (queue, created_at, id) WHERE (status = ANY (ARRAY['queued'::text, 'active'::text, 'delayed'::text]))",
  'job_ledger_queue_created_at_id_idx (queue, created_at, id)',
  'job_ledger_queue_id_key (queue, id)',
  'job_ledger_request_id_idx (request_id)',
];

async function ledgerIndexes(schema: string, table: string): Promise<string[]> {
  const { rows } = await withClient((client) =>
    client.query<{ name: string; def: string; valid: boolean }>(
      `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def, x.indisvalid AS valid
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = $1::regclass ORDER BY 1`,
      [`"${schema}".${table}`]
    )
  );
  return rows.map((row) => `${row.name} ${row.def.replace(/^.* USING btree /, '')}${row.valid ? '' : ' INVALID'}`);
}

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
