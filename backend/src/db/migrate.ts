// Applies src/db/migrations/NNN_name.sql in order, once each, recording them in <schema>.schema_migrations.
// A session-level advisory lock serialises replicas starting at the same time; each migration runs in its own
// transaction so a failure leaves the previous ones applied and this one not at all.
import { readdir, readFile } from 'node:fs/promises';
import type { Pool } from './pool.ts';
import { quoteIdent, renderMigration } from './sql.ts';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
const MIGRATION_FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;

export interface MigrateOptions {
  schema: string;
  ledgerTable: string;
}

export interface Migration {
  id: string;
  sql: string;
}

export async function loadMigrations(): Promise<Migration[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((file) => MIGRATION_FILE.test(file)).sort();
  return Promise.all(
    files.map(async (file) => ({
      id: file.replace(/\.sql$/, ''),
      sql: await readFile(new URL(file, MIGRATIONS_DIR), 'utf8'),
    }))
  );
}

/** Returns the ids of the migrations applied by this call (empty when already up to date). */
export async function migrate(pool: Pool, options: MigrateOptions): Promise<string[]> {
  const migrations = await loadMigrations();
  const schema = quoteIdent(options.schema);
  const client = await pool.connect();
  const lockKey = `sysmon:migrate:${options.schema}`;
  let unlocked = false;
  try {
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lockKey]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`
      );
      const { rows } = await client.query<{ id: string }>(`SELECT id FROM ${schema}.schema_migrations`);
      const done = new Set(rows.map((row) => row.id));

      const applied: string[] = [];
      for (const migration of migrations) {
        if (done.has(migration.id)) {
          continue;
        }
        const sql = renderMigration(migration.sql, options);
        await client.query('BEGIN');
        try {
          await client.query(sql);
          await client.query(`INSERT INTO ${schema}.schema_migrations (id) VALUES ($1)`, [migration.id]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw new Error(`migration ${migration.id} failed: ${(error as Error).message}`, { cause: error });
        }
        applied.push(migration.id);
      }
      return applied;
    } finally {
      await client
        .query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey])
        .then(() => (unlocked = true))
        .catch(() => undefined);
    }
  } finally {
    // If unlocking failed, destroy the connection: closing the session releases the lock.
    client.release(!unlocked);
  }
}
