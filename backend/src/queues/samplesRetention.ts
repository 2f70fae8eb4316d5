// Daily partitions of <schema>.queue_samples: create the ones for yesterday..today+2 (UTC) ahead of the sampler,
// and drop whole partitions older than the retention (DROP TABLE, never DELETE: no bloat, no vacuum debt).
// Runs as a periodic job (hourly, and at start) on the one replica holding its advisory lock, so replicas never
// race on CREATE/DROP.
import type pg from 'pg';
import type { Logger } from '../logger.ts';
import { quoteIdent } from '../db/sql.ts';
import type { PeriodicJobDefinition } from '../periodic/periodicJob.ts';

export const SAMPLES_TABLE = 'queue_samples';
export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Partitions kept ready around today: yesterday (late samples) .. today + 2 (clock skew, a missed hour). */
export const PARTITION_DAYS_BEFORE = 1;
export const PARTITION_DAYS_AHEAD = 2;
// DROP and CREATE ... PARTITION OF lock the parent table; wait a little for readers, never queue forever behind
// a long history query (and make every sampler insert queue behind us).
const LOCK_TIMEOUT = '5s';

export interface DayPartition {
  /** queue_samples_pYYYYMMDD */
  name: string;
  /** Start of the UTC day (inclusive). */
  from: Date;
  /** Start of the next UTC day (exclusive). */
  to: Date;
}

/** The partition holding time `at` (UTC day). */
export function dayPartition(at: Date | number): DayPartition {
  const start = Math.floor(new Date(at).getTime() / DAY_MS) * DAY_MS;
  const from = new Date(start);
  const stamp = from.toISOString().slice(0, 10).replaceAll('-', '');
  return { name: `${SAMPLES_TABLE}_p${stamp}`, from, to: new Date(start + DAY_MS) };
}

/** Partitions for the UTC days from `now - before` to `now + ahead` days, in order. */
export function partitionsAround(
  now: Date | number,
  before = PARTITION_DAYS_BEFORE,
  ahead = PARTITION_DAYS_AHEAD
): DayPartition[] {
  const at = new Date(now).getTime();
  const days: DayPartition[] = [];
  for (let offset = -before; offset <= ahead; offset += 1) {
    days.push(dayPartition(at + offset * DAY_MS));
  }
  return days;
}

/** Partitions whose whole range ends at or before this time are past retention. */
export function retentionCutoff(now: Date | number, retentionDays: number): Date {
  return new Date(new Date(now).getTime() - retentionDays * DAY_MS);
}

type Queryable = Pick<pg.Pool, 'query' | 'connect'>;

/** Creates the given day partitions if missing; returns the names it created. */
export async function ensureSamplePartitions(
  pool: Queryable,
  schema: string,
  partitions: readonly DayPartition[]
): Promise<string[]> {
  const parent = `${quoteIdent(schema)}.${quoteIdent(SAMPLES_TABLE)}`;
  const existing = new Set(await listPartitionNames(pool, schema));
  const created: string[] = [];
  for (const partition of partitions) {
    if (existing.has(partition.name)) {
      continue;
    }
    await withLockTimeout(pool, (client) =>
      client.query(
        `CREATE TABLE IF NOT EXISTS ${quoteIdent(schema)}.${quoteIdent(partition.name)} PARTITION OF ${parent}
           FOR VALUES FROM ('${partition.from.toISOString()}') TO ('${partition.to.toISOString()}')`
      )
    );
    created.push(partition.name);
  }
  return created;
}

/** The partitions of <schema>.queue_samples ($1 = schema, $2 = table), with their upper bound as text. */
const PARTITIONS_SQL = `
  SELECT c.relname AS name,
         (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1] AS upper_bound
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    JOIN pg_class p ON p.oid = i.inhparent
    JOIN pg_namespace n ON n.oid = p.relnamespace
   WHERE n.nspname = $1 AND p.relname = $2`;

/** Drops every partition of queue_samples whose upper bound is at or before `cutoff`; returns their names. */
export async function dropSamplePartitionsBefore(pool: Queryable, schema: string, cutoff: Date): Promise<string[]> {
  // Upper bounds come from the catalog (not from names), so partitions made by hand are handled too. The bound
  // is rendered in the session time zone and cast back in the same session, so the round trip is exact.
  const { rows } = await pool.query<{ name: string }>(
    `SELECT name FROM (${PARTITIONS_SQL}) partitions WHERE upper_bound::timestamptz <= $3 ORDER BY 1`,
    [schema, SAMPLES_TABLE, cutoff]
  );
  for (const { name } of rows) {
    await withLockTimeout(pool, (client) =>
      client.query(`DROP TABLE IF EXISTS ${quoteIdent(schema)}.${quoteIdent(name)}`)
    );
  }
  return rows.map((row) => row.name);
}

export async function listPartitionNames(pool: Pick<pg.Pool, 'query'>, schema: string): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(`${PARTITIONS_SQL} ORDER BY 1`, [schema, SAMPLES_TABLE]);
  return rows.map((row) => row.name);
}

async function withLockTimeout<T>(pool: Queryable, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export interface MaintenanceResult {
  created: string[];
  dropped: string[];
}

/** One maintenance pass: partitions ahead, expired ones dropped. */
export async function maintainSamplePartitions(
  pool: Queryable,
  schema: string,
  options: { retentionDays: number; now?: Date | number }
): Promise<MaintenanceResult> {
  const now = options.now ?? Date.now();
  const created = await ensureSamplePartitions(pool, schema, partitionsAround(now));
  const dropped = await dropSamplePartitionsBefore(pool, schema, retentionCutoff(now, options.retentionDays));
  return { created, dropped };
}

export interface SamplesRetentionOptions {
  pool: pg.Pool;
  schema: string;
  retentionDays: number;
  logger?: Logger;
  intervalMs?: number;
}

/** The hourly maintenance job; its first run is at start. */
export function samplesRetentionJob(options: SamplesRetentionOptions): PeriodicJobDefinition {
  const { pool, schema, retentionDays, logger } = options;
  return {
    name: 'queue-samples-retention',
    intervalMs: options.intervalMs ?? RETENTION_INTERVAL_MS,
    lockKey: `sysmon:queue-samples-retention:${schema}`,
    run: async () => {
      const { created, dropped } = await maintainSamplePartitions(pool, schema, { retentionDays });
      if (created.length > 0 || dropped.length > 0) {
        logger?.info({ created, dropped, retentionDays }, 'queue_samples partitions maintained');
      }
    },
  };
}
