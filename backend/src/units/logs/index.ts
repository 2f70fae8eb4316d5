// The log vertical (DESIGN.md §5): ingest (NDJSON, Loki push, OTLP/HTTP JSON), the log store, search, volume,
// context and live tail, the store's partition maintenance and the audit log's 7-year retention (one replica
// each, by lock).
import { auditRetentionJob } from '../../audit/retention.ts';
import { partitionMaintenanceJob } from '../../db/partitions.ts';
import { createPostgresLogStore } from '../../logs/postgres/index.ts';
import { logVolumeRollupJob } from '../../logs/postgres/volume.ts';
import type { Unit } from '../unit.ts';
import { createLogQueryHandlers, createLogVariables } from './queryHandlers.ts';

export function logsUnit(): Unit {
  return {
    name: 'logs',
    migrations: new URL('../../logs/migrations/', import.meta.url),
    start({ config, logger, pool, systemPool }) {
      // Reads answer requests (the request pool); writes are ingest's (the ingest routes choose their pool).
      const store = createPostgresLogStore({ pool, readPool: pool, schema: config.schema });
      return {
        // The ingest routes (routes.ts, the ingest work) join here.
        routes: [],
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
      };
    },
  };
}
