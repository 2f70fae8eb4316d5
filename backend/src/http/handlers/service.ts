// The service's own handlers: liveness, Prometheus metrics, dependency health, whoami, Grafana queries and the
// queue history series. Thin: parse, call, send.
import type { Request, RequestHandler } from 'express';
import type { Config } from '../../config.ts';
import type { Pool } from '../../db/pool.ts';
import { checkDependencies } from '../../health/dependencies.ts';
import type { Metrics } from '../../metrics/registry.ts';
import { dispatchQueries, type QueryHandlers } from '../../query/dispatch.ts';
import { createDriftQueryHandler } from '../../query/handlers/drift.ts';
import { createHealthQueryHandler } from '../../query/handlers/health.ts';
import { createJobsQueryHandler } from '../../query/handlers/jobs.ts';
import { createQueueMetricsQueryHandler } from '../../query/handlers/queueMetrics.ts';
import { createQueuesQueryHandler } from '../../query/handlers/queues.ts';
import { createVariableQueryHandler } from '../../query/handlers/variable.ts';
import type { DriftCache } from '../../queues/drift.ts';
import { parseHistoryParams, queryQueueHistory } from '../../queues/history.ts';
import type { QueueReadPath } from '../../queues/overview.ts';
import type { Redis } from '../../redis.ts';
import { SERVICE_VERSION } from '../../version.ts';
import { grafanaUser } from '../requestContext.ts';

export interface ServiceHandlerDeps {
  config: Config;
  pool: Pool;
  redis: Redis;
  metrics: Metrics;
  queueRead: QueueReadPath;
  drift: DriftCache;
}

export type ServiceHandlers = Record<
  'healthz' | 'metrics' | 'health' | 'whoami' | 'query' | 'queueHistory',
  RequestHandler
>;

export function createServiceHandlers(deps: ServiceHandlerDeps): ServiceHandlers {
  const health = () => checkDependencies({ pool: deps.pool, redis: deps.redis, version: SERVICE_VERSION });
  const queryHandlers: QueryHandlers = {
    drift: createDriftQueryHandler(deps.drift),
    health: createHealthQueryHandler(health),
    queues: createQueuesQueryHandler(deps.queueRead.overview),
    variable: createVariableQueryHandler(deps.queueRead.overview),
    jobs: createJobsQueryHandler(deps),
    queue_metrics: createQueueMetricsQueryHandler({ pool: deps.pool, schema: deps.config.schema }),
  };

  return {
    healthz: (_req, res) => {
      res.json({ status: 'ok' });
    },

    metrics: async (_req, res) => {
      res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
    },

    health: async (_req, res) => {
      res.json(await health());
    },

    whoami: (req, res) => {
      res.json({ scopes: req.scopes ?? [], user: grafanaUser(req) });
    },

    query: async (req, res) => {
      const response = await dispatchQueries(req.body, queryHandlers, {
        requestId: req.id ?? 'unknown',
        onHandlerError: (refId, error) => req.log?.error({ err: error, refId }, 'query handler failed'),
      });
      res.json(response);
    },

    queueHistory: async (req, res) => {
      const request = parseHistoryParams(req.query as Record<string, unknown>, Date.now(), {
        retentionDays: deps.config.sampler.retentionDays,
      });
      res.json(await queryQueueHistory(deps.pool, deps.config.schema, request));
    },
  };
}
