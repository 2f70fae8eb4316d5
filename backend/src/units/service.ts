// The service's own unit: the health of its dependencies (GET /api/health and the `health` query type) and the
// audit log every operator action of every unit is written to (GET /api/audit, and as `queue_actions` events for
// dashboard annotations; migration 003 is core, in db/).
import { HEALTH_FRAME, type AuditEvent } from '@penguinmails/sysmon-contract';
import { z } from 'zod';
import { AUDIT_LIST_MAX, auditBetween, listAudit } from '../audit/auditLog.ts';
import { checkDependencies, type HealthReport } from '../health/dependencies.ts';
import { integer } from '../http/params.ts';
import { ok, route } from '../http/route.ts';
import type { EventRow } from '../query/dispatch.ts';
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

/** Most operator actions one annotation query returns (a dashboard's range rarely holds more). */
export const MAX_ACTION_EVENTS = 1_000;

/** An operator action as an annotation: "queue.pause email-sending by alice", the outcome and parameters as text. */
export function actionEvent(event: AuditEvent): EventRow {
  const failed = event.outcome.startsWith('error');
  const params = Object.entries(event.params)
    .filter(([key]) => key !== 'result')
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return {
    time: event.at,
    title: `${event.action}${event.target ? ` ${event.target}` : ''} by ${event.actor}`,
    text: [`outcome: ${event.outcome}`, ...params].join('\n'),
    tags: ['operator-action', event.action, failed ? 'failed' : event.outcome === 'ok' ? 'ok' : event.outcome],
  };
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
      events: {
        queue_actions: async (_query, range) =>
          (await auditBetween(pool, config.schema, { ...range, limit: MAX_ACTION_EVENTS })).map(actionEvent),
      },
    };
  },
};
