// The one routes table of the service: every route, its scope and its handler. Handlers live in handlers/ and stay
// thin: parse, call a domain module, send.
import type { RequestHandler } from 'express';
import type { Config } from '../config.ts';
import type { Pool } from '../db/pool.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics/registry.ts';
import { createDriftCache, createDriftChecker, queueLookup } from '../queues/drift.ts';
import { createQueueReadPath, type QueueReadPath } from '../queues/overview.ts';
import { createQueueHandles, type QueueHandles } from '../queues/queueHandles.ts';
import type { Redis } from '../redis.ts';
import type { RouteScope } from './auth.ts';
import { createQueueActionHandlers } from './handlers/queueActions.ts';
import { createQueueReadHandlers } from './handlers/queueRead.ts';
import { createServiceHandlers } from './handlers/service.ts';

export interface AppDeps {
  config: Config;
  logger: Logger;
  pool: Pool;
  redis: Redis;
  metrics: Metrics;
  /** The shared queue read path (discovery, snapshot/worker caches, overview); built from the others if absent. */
  queueRead?: QueueReadPath;
  /** Cached BullMQ Queue objects for actions (server.ts closes them); made on the shared Redis client if absent. */
  queueHandles?: QueueHandles;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  scope: RouteScope;
  /** Parse a JSON body (size-limited by server.bodyLimit). */
  jsonBody?: boolean;
  /** Audit action name (e.g. 'queue.pause'): every call writes one <schema>.audit_events row (see app.ts). */
  audit?: string;
  handler: RequestHandler;
}

export function buildRoutes(deps: AppDeps): Route[] {
  const queueRead =
    deps.queueRead ??
    createQueueReadPath({
      ...deps,
      onSourceError: (source, error) => deps.logger.warn({ err: error, source }, 'queue overview source failed'),
    });
  const queueHandles = deps.queueHandles ?? createQueueHandles(deps.redis);
  const queues = queueLookup({
    redis: deps.redis,
    prefixes: deps.config.queues.prefixes,
    discovery: queueRead.discovery,
  });
  const drift = createDriftCache(
    createDriftChecker({ redis: deps.redis, pool: deps.pool, ledgerTable: deps.config.queues.ledgerTable }),
    queues
  );

  const service = createServiceHandlers({ ...deps, queueRead, drift });
  const queueReads = createQueueReadHandlers({ ...deps, queueRead });
  const queueActions = createQueueActionHandlers({ ...deps, queueRead, queueHandles, queues, drift });

  return [
    // Public: liveness and Prometheus.
    { method: 'GET', path: '/healthz', scope: 'public', handler: service.healthz },
    { method: 'GET', path: '/metrics', scope: 'public', handler: service.metrics },

    // Health and identity.
    { method: 'GET', path: '/api/health', scope: 'read', handler: service.health },
    { method: 'GET', path: '/api/whoami', scope: 'read', handler: service.whoami },

    // Grafana queries (/api/ds/query shape).
    { method: 'POST', path: '/api/query', scope: 'read', jsonBody: true, handler: service.query },

    // Queues (read).
    { method: 'GET', path: '/api/queues', scope: 'read', handler: queueReads.listQueues },
    // Before any /api/queues/:queue route, or "history" would be taken for a queue name.
    { method: 'GET', path: '/api/queues/history', scope: 'read', handler: service.queueHistory },
    { method: 'GET', path: '/api/queues/:queue', scope: 'read', handler: queueReads.getQueue },

    // Jobs (read).
    { method: 'GET', path: '/api/queues/:queue/jobs', scope: 'read', handler: queueReads.listJobs },
    { method: 'GET', path: '/api/queues/:queue/jobs/:id', scope: 'read', handler: queueReads.getJob },
    { method: 'GET', path: '/api/jobs/search', scope: 'read', handler: queueReads.searchJobs },

    // Drift report.
    { method: 'GET', path: '/api/drift', scope: 'read', handler: queueActions.getDrift },

    // Audit log.
    { method: 'GET', path: '/api/audit', scope: 'read', handler: queueActions.listAudit },

    // Operator actions: each one audited (one audit event per call, see app.ts).
    {
      method: 'POST',
      path: '/api/queues/:queue/pause',
      scope: 'operator',
      audit: 'queue.pause',
      handler: queueActions.pauseQueue,
    },
    {
      method: 'POST',
      path: '/api/queues/:queue/resume',
      scope: 'operator',
      audit: 'queue.resume',
      handler: queueActions.resumeQueue,
    },
    {
      method: 'POST',
      path: '/api/tiers/:tier/pause',
      scope: 'operator',
      audit: 'tier.pause',
      handler: queueActions.pauseTier,
    },
    {
      method: 'POST',
      path: '/api/tiers/:tier/resume',
      scope: 'operator',
      audit: 'tier.resume',
      handler: queueActions.resumeTier,
    },
    {
      method: 'POST',
      path: '/api/queues/:queue/jobs/:id/retry',
      scope: 'operator',
      audit: 'job.retry',
      handler: queueActions.retryJob,
    },
    {
      method: 'DELETE',
      path: '/api/queues/:queue/jobs/:id',
      scope: 'operator',
      audit: 'job.remove',
      handler: queueActions.removeJob,
    },
    {
      method: 'POST',
      path: '/api/queues/:queue/retry-failed',
      scope: 'operator',
      audit: 'queue.retry_failed',
      jsonBody: true,
      handler: queueActions.retryFailed,
    },
    {
      method: 'POST',
      path: '/api/queues/:queue/promote-delayed',
      scope: 'operator',
      audit: 'queue.promote_delayed',
      jsonBody: true,
      handler: queueActions.promoteDelayed,
    },
    {
      method: 'POST',
      path: '/api/queues/:queue/clean',
      scope: 'operator',
      audit: 'queue.clean',
      jsonBody: true,
      handler: queueActions.clean,
    },
    {
      method: 'POST',
      path: '/api/drift/recover',
      scope: 'operator',
      audit: 'drift.recover',
      jsonBody: true,
      handler: queueActions.recoverDrift,
    },
  ];
}
