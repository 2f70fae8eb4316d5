// Test-only unit: the log vertical's migrations with the ingest routes over a real PostgreSQL log store, standing in
// for units/logs/index.ts (which wires the same routes) so ingest tests do not depend on the read side.
import { createPool } from '../src/db/pool.ts';
import { createIngestMetrics } from '../src/logs/ingest/metrics.ts';
import type { IngestBudget } from '../src/logs/ingest/budget.ts';
import { createPostgresLogStore } from '../src/logs/postgres/index.ts';
import { logsUnit } from '../src/units/logs/index.ts';
import { logIngestRoutes } from '../src/units/logs/routes.ts';
import { serviceUnit } from '../src/units/service.ts';
import type { Unit } from '../src/units/unit.ts';

export interface IngestTestUnitOptions {
  /** The log store's database (default: the service's); a URL nothing listens on makes the store unreachable. */
  storeUrl?: string;
  budget?: IngestBudget;
}

export function ingestTestUnit(options: IngestTestUnitOptions = {}): Unit {
  return {
    name: 'logs',
    migrations: logsUnit().migrations,
    start({ config, pool }) {
      const storePool = options.storeUrl ? createPool(options.storeUrl, { applicationName: 'sysmon-test-logs' }) : pool;
      const metrics = createIngestMetrics();
      const store = createPostgresLogStore({ pool: storePool, schema: config.schema });
      return {
        routes: logIngestRoutes({ store, config, metrics, budget: options.budget }),
        metrics: metrics.metrics,
        close: async () => {
          if (storePool !== pool) {
            await storePool.end();
          }
        },
      };
    },
  };
}

/** The units an ingest test server runs. */
export const ingestTestUnits = (options?: IngestTestUnitOptions): Unit[] => [serviceUnit, ingestTestUnit(options)];
