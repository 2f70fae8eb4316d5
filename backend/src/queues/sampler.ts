// The sampler: every sampler.intervalMs (5 s) the current queue snapshots go into <schema>.queue_samples in one
// multi-row INSERT, on the one replica holding the sampler's advisory lock. Queues whose read failed (`error`)
// are skipped: their zeros would draw false drops in the history.
import type pg from 'pg';
import type { QueueSnapshot } from '@penguinmails/sysmon-contract';
import { quoteIdent } from '../db/sql.ts';
import type { Logger } from '../logger.ts';
import type { Leadership } from '../metrics/leadership.ts';
import { insertIntoPartitions, partitionMaintenanceJob } from '../db/partitions.ts';
import type { PeriodicJobDefinition } from '../periodic/periodicJob.ts';

/** <schema>.queue_samples, partitioned by day on sampled_at (migration 005). */
export const SAMPLES_TABLE = 'queue_samples';

/** A row of queue_samples, in column order. */
export interface SampleRow {
  sampled_at: Date;
  prefix: string;
  queue: string;
  tier: string;
  paused: boolean;
  waiting: number;
  prioritized: number;
  active: number;
  delayed: number;
  waiting_children: number;
  failed: number;
  completed: number;
  depth: number;
  oldest_wait_ms: number | null;
  workers: number | null;
  throughput_per_min: number | null;
  failures_per_min: number | null;
}

const COLUMNS: ReadonlyArray<[keyof SampleRow, string]> = [
  ['sampled_at', 'timestamptz'],
  ['prefix', 'text'],
  ['queue', 'text'],
  ['tier', 'text'],
  ['paused', 'boolean'],
  ['waiting', 'integer'],
  ['prioritized', 'integer'],
  ['active', 'integer'],
  ['delayed', 'integer'],
  ['waiting_children', 'integer'],
  ['failed', 'integer'],
  ['completed', 'integer'],
  ['depth', 'integer'],
  ['oldest_wait_ms', 'bigint'],
  ['workers', 'integer'],
  ['throughput_per_min', 'double precision'],
  ['failures_per_min', 'double precision'],
];

const finiteOrNull = (value: number | null | undefined): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/** Rows for the snapshots that were read successfully (pure). */
export function sampleRows(snapshots: readonly QueueSnapshot[]): SampleRow[] {
  return snapshots
    .filter((snapshot) => !snapshot.error)
    .map((snapshot) => ({
      sampled_at: new Date(snapshot.sampledAt),
      prefix: snapshot.prefix,
      queue: snapshot.name,
      tier: snapshot.tier,
      paused: snapshot.paused,
      waiting: snapshot.counts.waiting,
      prioritized: snapshot.counts.prioritized,
      active: snapshot.counts.active,
      delayed: snapshot.counts.delayed,
      waiting_children: snapshot.counts.waitingChildren,
      failed: snapshot.counts.failed,
      completed: snapshot.counts.completed,
      depth: snapshot.depth,
      oldest_wait_ms: finiteOrNull(
        snapshot.oldestWaitingAgeMs === null ? null : Math.round(snapshot.oldestWaitingAgeMs)
      ),
      workers: finiteOrNull(snapshot.workers),
      throughput_per_min: finiteOrNull(snapshot.throughputPerMin),
      failures_per_min: finiteOrNull(snapshot.failuresPerMin),
    }))
    .filter((row) => !Number.isNaN(row.sampled_at.getTime()));
}

/**
 * Inserts the rows in ONE statement (one array parameter per column, unnest'ed: the statement stays the same
 * size whatever the number of queues), creating a missing day partition first when needed.
 */
export async function writeSamples(pool: pg.Pool, schema: string, rows: readonly SampleRow[]): Promise<number> {
  if (rows.length === 0) {
    return 0;
  }
  const table = `${quoteIdent(schema)}.${quoteIdent(SAMPLES_TABLE)}`;
  const sql = `INSERT INTO ${table} (${COLUMNS.map(([name]) => name).join(', ')})
    SELECT * FROM unnest(${COLUMNS.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ')})`;
  const params = COLUMNS.map(([name]) => rows.map((row) => row[name]));
  await insertIntoPartitions(
    pool,
    { schema, table: SAMPLES_TABLE },
    rows.map((row) => row.sampled_at),
    () => pool.query(sql, params)
  );
  return rows.length;
}

/** Writes one sample of every readable queue; returns how many rows were written. */
export async function sampleOnce(
  pool: pg.Pool,
  schema: string,
  readSnapshots: () => Promise<QueueSnapshot[]>
): Promise<number> {
  return writeSamples(pool, schema, sampleRows(await readSnapshots()));
}

export interface QueueSamplingOptions {
  pool: pg.Pool;
  schema: string;
  /** sampler.intervalMs and sampler.retentionDays of the config. */
  sampler: { intervalMs: number; retentionDays: number };
  /** The current snapshots of every queue (the queue overview, cached ≤ 2 s). Without it only retention runs. */
  readSnapshots?: () => Promise<QueueSnapshot[]>;
  logger?: Logger;
  /** Retention pass interval; hourly by default. */
  retentionIntervalMs?: number;
  /** Told of every run (only the replica holding the sampler's lock runs it): the queue gauges' publisher. */
  leadership?: Pick<Leadership, 'lead'>;
}

/** The sampler and the partition maintenance of queue_samples, as periodic jobs (one replica each, by lock). */
export function queueSamplingJobs(options: QueueSamplingOptions): PeriodicJobDefinition[] {
  const { pool, schema, logger, readSnapshots, leadership } = options;
  const retention = partitionMaintenanceJob({
    name: 'queue-samples-retention',
    pool,
    target: { schema, table: SAMPLES_TABLE },
    retentionDays: options.sampler.retentionDays,
    logger,
    intervalMs: options.retentionIntervalMs,
  });
  if (!readSnapshots) {
    return [retention];
  }
  const sampler: PeriodicJobDefinition = {
    name: 'queue-sampler',
    intervalMs: options.sampler.intervalMs,
    lockKey: `sysmon:queue-sampler:${schema}`,
    run: async () => {
      const sample = async () => {
        const written = await sampleOnce(pool, schema, readSnapshots);
        logger?.debug({ written }, 'queue samples written');
      };
      await (leadership ? leadership.lead(sample) : sample());
    },
  };
  return [sampler, retention];
}
