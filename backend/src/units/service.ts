// The service's own unit: the health of its dependencies (GET /api/health and the `health` query type) and the
// audit log every operator action of every unit is written to (GET /api/audit; migration 003 is core, in db/).
import { HEALTH_FRAME } from '@penguinmails/sysmon-contract';
import { z } from 'zod';
import { AUDIT_LIST_MAX, listAudit } from '../audit/auditLog.ts';
import { checkDependencies, type HealthReport } from '../health/dependencies.ts';
import { integer } from '../http/params.ts';
import { ok, route } from '../http/route.ts';
import { frameFrom, type DataFrameJSON } from '../query/frames.ts';
import { SERVICE_VERSION } from '../version.ts';
import type { Unit } from './unit.ts';

export function healthFrame(report: HealthReport, refId?: string): DataFrameJSON {
  const checkedAt = Date.parse(report.checkedAt);
  return frameFrom(
    HEALTH_FRAME,
    report.dependencies.map((dependency) => ({
      dependency: dependency.name,
      status: dependency.status,
      latencyMs: dependency.latencyMs,
      error: dependency.error ?? '',
      checkedAt,
    })),
    { refId, meta: { preferredVisualisationType: 'table' } }
  );
}

export const serviceUnit: Unit = {
  name: 'service',
  start({ config, pool, systemPool, redis }) {
    // The system pool: a health answer must not wait behind slow requests.
    const health = () => checkDependencies({ pool: systemPool, redis, version: SERVICE_VERSION });
    return {
      routes: [
        route({ method: 'GET', path: '/api/health', scope: 'read', handle: async () => ok(await health()) }),
        route({
          method: 'GET',
          path: '/api/audit',
          scope: 'read',
          query: z.object({ limit: integer(1, AUDIT_LIST_MAX).default(50) }),
          handle: async ({ query }) => ok({ events: await listAudit(pool, config.schema, query.limit) }),
        }),
      ],
      queryHandlers: {
        health: async (query) => [healthFrame(await health(), query.refId)],
      },
    };
  },
};
