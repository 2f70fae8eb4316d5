// The log vertical (DESIGN.md §5): ingest (NDJSON, Loki push, OTLP/HTTP JSON), the log store, search, volume,
// context and live tail, the store's partition maintenance and the audit log's 7-year retention (one replica
// each, by lock).
import { auditRetentionJob } from '../../audit/retention.ts';
import { partitionMaintenanceJob } from '../../db/partitions.ts';
import { createPool } from '../../db/pool.ts';
import type { IngestBudget } from '../../logs/ingest/budget.ts';
import { createPostgresLogStore } from '../../logs/postgres/index.ts';
import { createIngestMetrics } from '../../logs/ingest/metrics.ts';
import { logVolumeRollupJob } from '../../logs/postgres/volume.ts';
import type { Unit } from '../unit.ts';
import { createLogQueryHandlers, createLogVariables } from './queryHandlers.ts';
import { logIngestRoutes } from './routes.ts';

export interface LogsUnitOptions {
  /** The in-flight bound of ingest (default: defaultIngestBudget(config)); tests make it small. */
  ingestBudget?: IngestBudget;
  /** A database of its own for the log store (tests point it at a port nothing listens on). */
  storeUrl?: string;
}

export function logsUnit(options: LogsUnitOptions = {}): Unit {
  return {
    name: 'logs',
    migrations: new URL('../../logs/migrations/', import.meta.url),
    start({ config, logger, pool, systemPool }) {
      // Reads answer requests and ingest writes on the request pool: both are request work, and an ingest burst
      // must not take the connections health checks, the sampler and audit rows need (the system pool).
      const storePool = options.storeUrl ? createPool(options.storeUrl, { logger }) : pool;
      const store = createPostgresLogStore({ pool: storePool, schema: config.schema });
      const ingestMetrics = createIngestMetrics();
      return {
        routes: logIngestRoutes({ store, config, metrics: ingestMetrics, budget: options.ingestBudget }),
        metrics: ingestMetrics.metrics,
        queryHandlers: createLogQueryHandlers(store),
        variables: createLogVariables(store),
        periodicJobs: [
          partitionMaintenanceJob({
            name: 'logs-retention',
            pool: systemPool,
            target: { schema: config.schema, table: 'logs' },
            retentionDays: config.logs.retentionDays,
            logger,
          }),
          // PostgreSQL store upkeep: per-minute counts for the log volume over days.
          logVolumeRollupJob({
            table: { pool: systemPool, schema: config.schema },
            retentionDays: config.logs.retentionDays,
            logger,
          }),
          auditRetentionJob({ pool: systemPool, schema: config.schema, logger }),
        ],
        close: async () => {
          if (storePool !== pool) {
            await storePool.end();
          }
        },
      };
    },
  };
}
