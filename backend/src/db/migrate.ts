// Applies NNN_name.sql migrations in number order, once each, recording them in <schema>.schema_migrations.
// They come from the core folder (./migrations: the schema, the audit log) and from each unit's folder; numbers
// are unique across all folders. A session-level advisory lock serialises replicas starting at the same time;
// each migration runs in its own transaction so a failure leaves the previous ones applied and this one not at all.
import { readdir, readFile } from 'node:fs/promises';
import type { Pool } from './pool.ts';
import { quoteIdent, renderMigration } from './sql.ts';

/** The service's own migrations, applied before and between the units' by number. */
export const CORE_MIGRATIONS = new URL('./migrations/', import.meta.url);
const MIGRATION_FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;

export interface MigrateOptions {
  schema: string;
  ledgerTable: string;
  /** Folders of NNN_name.sql files (default: the core folder only). */
  folders?: readonly URL[];
}

export interface Migration {
  id: string;
  sql: string;
}

/** Every migration of the folders, in number order; two files with one number are an error. */
export async function loadMigrations(folders: readonly URL[] = [CORE_MIGRATIONS]): Promise<Migration[]> {
  const migrations: Array<Migration & { number: string; file: URL }> = [];
  for (const folder of folders) {
    for (const file of (await readdir(folder)).filter((name) => MIGRATION_FILE.test(name))) {
      const url = new URL(file, folder);
      migrations.push({
        id: file.replace(/\.sql$/, ''),
        number: file.slice(0, 3),
        file: url,
        sql: await readFile(url, 'utf8'),
      });
    }
  }
  migrations.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  migrations.forEach((migration, index) => {
    const previous = migrations[index - 1];
    if (previous && previous.number === migration.number) {
      throw new Error(
        `migrations ${previous.file.pathname} and ${migration.file.pathname} share number ${migration.number}`
      );
    }
  });
  return migrations.map(({ id, sql }) => ({ id, sql }));
}

/** Returns the ids of the migrations applied by this call (empty when already up to date). */
export async function migrate(pool: Pool, options: MigrateOptions): Promise<string[]> {
  const migrations = await loadMigrations(options.folders);
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
