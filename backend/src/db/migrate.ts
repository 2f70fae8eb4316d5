// Applies NNN_name.sql migrations in number order, once each, recording them in <schema>.schema_migrations.
// They come from the core folder (./migrations: the schema, the audit log) and from each unit's folder; numbers
// are unique across all folders. A session-level advisory lock serialises replicas starting at the same time.
// Two modes:
// - transactional (the default): the file runs in one transaction, so a failure leaves the previous migrations
//   applied and this one not at all;
// - `-- sysmon:no-transaction` on the first line: each `;`-terminated statement runs on its own, outside a
//   transaction, which `CREATE INDEX CONCURRENTLY` needs (index builds on the platform's ledger must not block its
//   writes). Such files must be idempotent statement by statement (IF [NOT] EXISTS): a failure leaves the earlier
//   statements done. An index left INVALID by an interrupted concurrent build is dropped and built again.
// Every other statement waits at most LOCK_TIMEOUT_MS for a lock and is retried: a migration queued behind a long
// transaction would otherwise make every writer of that table queue behind the migration.
import { setTimeout as sleep } from 'node:timers/promises';
import { readdir, readFile } from 'node:fs/promises';
import { withClient, type Pool } from './pool.ts';
import { quoteIdent, renderMigration } from './sql.ts';

const NO_TRANSACTION = /^--\s*sysmon:no-transaction\b/;
const TRY_LOCK = 'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked';
/** How long a migration statement may wait for a lock before it gives way and retries. */
export const LOCK_TIMEOUT_MS = 50;
const LOCK_RETRIES = 200;
const LOCK_NOT_AVAILABLE = '55P03';
const CONCURRENT_INDEX =
  /^CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+IF\s+NOT\s+EXISTS\s+("?[\w]+"?)\s+ON\s+((?:"[^"]+"|\w+)(?:\.(?:"[^"]+"|\w+))?)/i;

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

/** The statements of a no-transaction migration: split at `;` ending a line, comments and blanks dropped. */
export function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((statement) =>
      statement
        .split('\n')
        .filter((line) => !/^\s*--/.test(line))
        .join('\n')
        .trim()
    )
    .filter((statement) => statement !== '');
}

type Client = Parameters<Parameters<typeof withClient>[1]>[0];

/** Runs `work` with lock_timeout set, again (after a short pause) whenever it gave way on a lock. */
async function withLockRetries<T>(client: Client, work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE || attempt >= LOCK_RETRIES) {
        throw error;
      }
      await sleep(Math.min(25 * attempt, 500));
    }
  }
}

/** Before a concurrent index build: drop the index when an interrupted earlier build left it INVALID. */
async function dropInvalidIndex(client: Client, statement: string): Promise<void> {
  const match = CONCURRENT_INDEX.exec(statement);
  if (!match) {
    return;
  }
  const index = match[1]!.replaceAll('"', '');
  const table = match[2]!;
  const { rows } = await client.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, i.relname) AS name
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_namespace n ON n.oid = i.relnamespace
      WHERE x.indrelid = $1::regclass AND i.relname = $2 AND NOT x.indisvalid`,
    [table, index]
  );
  if (rows[0]) {
    await client.query(`DROP INDEX CONCURRENTLY IF EXISTS ${rows[0].name}`);
  }
}

/** Returns the ids of the migrations applied by this call (empty when already up to date). */
export async function migrate(pool: Pool, options: MigrateOptions): Promise<string[]> {
  const migrations = await loadMigrations(options.folders);
  const schema = quoteIdent(options.schema);
  const lockKey = `sysmon:migrate:${options.schema}`;
  return withClient(pool, async (client) => {
    // Polled, not waited for in one statement: a session waiting inside pg_advisory_lock holds a snapshot, and a
    // concurrent index build of the replica that migrates would wait for that snapshot: a deadlock.
    while (!(await client.query<{ locked: boolean }>(TRY_LOCK, [lockKey])).rows[0]?.locked) {
      await sleep(100);
    }
    try {
      await client.query(`SET lock_timeout = '${LOCK_TIMEOUT_MS}ms'`);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`
      );
      const { rows } = await client.query<{ id: string }>(`SELECT id FROM ${schema}.schema_migrations`);
      const done = new Set(rows.map((row) => row.id));
      const record = (id: string) => client.query(`INSERT INTO ${schema}.schema_migrations (id) VALUES ($1)`, [id]);

      const applied: string[] = [];
      for (const migration of migrations) {
        if (done.has(migration.id)) {
          continue;
        }
        const sql = renderMigration(migration.sql, options);
        try {
          if (NO_TRANSACTION.test(migration.sql)) {
            for (const statement of splitStatements(sql)) {
              if (/\bCONCURRENTLY\b/i.test(statement)) {
                // A concurrent build waits for older transactions without blocking anyone's writes; a lock
                // timeout would only throw its work away (and leave an INVALID index), so it waits as long as
                // it takes.
                await dropInvalidIndex(client, statement);
                await client.query('SET lock_timeout = 0');
                try {
                  await client.query(statement);
                } finally {
                  await client.query(`SET lock_timeout = '${LOCK_TIMEOUT_MS}ms'`);
                }
              } else {
                await withLockRetries(client, () => client.query(statement));
              }
            }
            await record(migration.id);
          } else {
            await withLockRetries(client, async () => {
              await client.query('BEGIN');
              try {
                await client.query(sql);
                await record(migration.id);
                await client.query('COMMIT');
              } catch (error) {
                await client.query('ROLLBACK').catch(() => undefined);
                throw error;
              }
            });
          }
        } catch (error) {
          throw new Error(`migration ${migration.id} failed: ${(error as Error).message}`, { cause: error });
        }
        applied.push(migration.id);
      }
      return applied;
    } finally {
      await client.query('RESET lock_timeout').catch(() => undefined);
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey]).catch((error: unknown) => {
        // The session still holds the lock: destroy it (closing the session releases the lock).
        client.emit('error', error instanceof Error ? error : new Error(String(error)));
      });
    }
  });
}
