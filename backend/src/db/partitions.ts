// Daily range partitions of a table (queue samples, logs; the audit log later): create the ones around today
// ahead of the writers, drop whole partitions past the retention (DROP TABLE, never DELETE: no bloat, no vacuum
// debt). The maintenance runs as a periodic job on the one replica holding its advisory lock, so replicas never
// race on CREATE/DROP. Partition names: <table>_pYYYYMMDD.
import type pg from 'pg';
import type { Logger } from '../logger.ts';
import type { PeriodicJobDefinition } from '../periodic/periodicJob.ts';
import { withTransaction } from './pool.ts';
import { quoteIdent } from './sql.ts';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Partitions kept ready around today: yesterday (late rows) .. today + 2 (clock skew, a missed hour). */
export const PARTITION_DAYS_BEFORE = 1;
export const PARTITION_DAYS_AHEAD = 2;
export const MAINTENANCE_INTERVAL_MS = 60 * 60 * 1000;
// DROP and CREATE ... PARTITION OF lock the parent table; wait a little for readers, never queue forever behind
// a long read (and make every writer queue behind us).
const LOCK_TIMEOUT = '5s';
// PostgreSQL's "no partition of relation ... found for row".
const NO_PARTITION = '23514';

/** A table partitioned by day on a timestamptz column (PARTITION BY RANGE). */
export interface PartitionedTable {
  schema: string;
  table: string;
}

export interface DayPartition {
  /** <table>_pYYYYMMDD */
  name: string;
  /** Start of the UTC day (inclusive). */
  from: Date;
  /** Start of the next UTC day (exclusive). */
  to: Date;
}

type Queryable = Pick<pg.Pool, 'query' | 'connect'>;

const qualified = (target: PartitionedTable, name = target.table) => `${quoteIdent(target.schema)}.${quoteIdent(name)}`;

/** The partition of `table` holding time `at` (UTC day). */
export function dayPartition(table: string, at: Date | number): DayPartition {
  const start = Math.floor(new Date(at).getTime() / DAY_MS) * DAY_MS;
  const from = new Date(start);
  const stamp = from.toISOString().slice(0, 10).replaceAll('-', '');
  return { name: `${table}_p${stamp}`, from, to: new Date(start + DAY_MS) };
}

/** Partitions for the UTC days from `now - before` to `now + ahead` days, in order. */
export function partitionsAround(
  table: string,
  now: Date | number,
  before = PARTITION_DAYS_BEFORE,
  ahead = PARTITION_DAYS_AHEAD
): DayPartition[] {
  const at = new Date(now).getTime();
  const days: DayPartition[] = [];
  for (let offset = -before; offset <= ahead; offset += 1) {
    days.push(dayPartition(table, at + offset * DAY_MS));
  }
  return days;
}

/** Partitions whose whole range ends at or before this time are past retention. */
export function retentionCutoff(now: Date | number, retentionDays: number): Date {
  return new Date(new Date(now).getTime() - retentionDays * DAY_MS);
}

// The partitions of $1.$2 with their upper bound as text.
const PARTITIONS_SQL = `
  SELECT c.relname AS name,
         (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1] AS upper_bound
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    JOIN pg_class p ON p.oid = i.inhparent
    JOIN pg_namespace n ON n.oid = p.relnamespace
   WHERE n.nspname = $1 AND p.relname = $2`;

export async function listPartitions(pool: Pick<pg.Pool, 'query'>, target: PartitionedTable): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(`${PARTITIONS_SQL} ORDER BY 1`, [target.schema, target.table]);
  return rows.map((row) => row.name);
}

function withLockTimeout<T>(pool: Queryable, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withTransaction(pool, async (client) => {
    await client.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
    return work(client);
  });
}

/** Creates the given day partitions if missing; returns the names it created. */
export async function ensurePartitions(
  pool: Queryable,
  target: PartitionedTable,
  partitions: readonly DayPartition[]
): Promise<string[]> {
  const existing = new Set(await listPartitions(pool, target));
  const created: string[] = [];
  for (const partition of partitions) {
    if (existing.has(partition.name)) {
      continue;
    }
    await withLockTimeout(pool, (client) =>
      client.query(
        `CREATE TABLE IF NOT EXISTS ${qualified(target, partition.name)} PARTITION OF ${qualified(target)}
           FOR VALUES FROM ('${partition.from.toISOString()}') TO ('${partition.to.toISOString()}')`
      )
    );
    created.push(partition.name);
  }
  return created;
}

/** Drops every partition whose upper bound is at or before `cutoff`; returns their names. */
export async function dropPartitionsBefore(pool: Queryable, target: PartitionedTable, cutoff: Date): Promise<string[]> {
  // Upper bounds come from the catalog (not from names), so partitions made by hand are handled too. The bound
  // is rendered in the session time zone and cast back in the same session, so the round trip is exact.
  const { rows } = await pool.query<{ name: string }>(
    `SELECT name FROM (${PARTITIONS_SQL}) partitions WHERE upper_bound::timestamptz <= $3 ORDER BY 1`,
    [target.schema, target.table, cutoff]
  );
  for (const { name } of rows) {
    await withLockTimeout(pool, (client) => client.query(`DROP TABLE IF EXISTS ${qualified(target, name)}`));
  }
  return rows.map((row) => row.name);
}

export interface MaintenanceResult {
  created: string[];
  dropped: string[];
}

/** One maintenance pass: partitions ahead, expired ones dropped. */
export async function maintainPartitions(
  pool: Queryable,
  target: PartitionedTable,
  options: { retentionDays: number; now?: Date | number }
): Promise<MaintenanceResult> {
  const now = options.now ?? Date.now();
  const created = await ensurePartitions(pool, target, partitionsAround(target.table, now));
  const dropped = await dropPartitionsBefore(pool, target, retentionCutoff(now, options.retentionDays));
  return { created, dropped };
}

/**
 * Runs an insert; when PostgreSQL finds no partition for a row, creates the partitions of `times` and retries
 * once, so a replica whose maintenance job has not run yet (or a clock past the prepared days) still writes.
 */
export async function insertIntoPartitions<T>(
  pool: Queryable,
  target: PartitionedTable,
  times: readonly Date[],
  insert: () => Promise<T>
): Promise<T> {
  try {
    return await insert();
  } catch (error) {
    if ((error as { code?: string }).code !== NO_PARTITION) {
      throw error;
    }
    const days = new Map(times.map((at) => [dayPartition(target.table, at).name, dayPartition(target.table, at)]));
    await ensurePartitions(pool, target, [...days.values()]);
    return insert();
  }
}

/** The maintenance of one partitioned table as a periodic job (hourly by default, and at start). */
export function partitionMaintenanceJob(options: {
  /** Job name for logs and its lock key (`sysmon:<name>:<schema>`), e.g. `queue-samples-retention`. */
  name: string;
  pool: Queryable;
  target: PartitionedTable;
  retentionDays: number;
  logger?: Logger;
  intervalMs?: number;
}): PeriodicJobDefinition {
  const { pool, target, retentionDays, logger } = options;
  return {
    name: options.name,
    intervalMs: options.intervalMs ?? MAINTENANCE_INTERVAL_MS,
    lockKey: `sysmon:${options.name}:${target.schema}`,
    run: async () => {
      const { created, dropped } = await maintainPartitions(pool, target, { retentionDays });
      if (created.length > 0 || dropped.length > 0) {
        logger?.info({ table: target.table, created, dropped, retentionDays }, 'partitions maintained');
      }
    },
  };
}
