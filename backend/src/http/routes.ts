// The one routes table of the service. Handlers stay thin: parse, call a module, send.
import type { Request, RequestHandler } from 'express';
import type { Config } from '../config.ts';
import type { Pool } from '../db/pool.ts';
import { checkDependencies } from '../health/dependencies.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics/registry.ts';
import { dispatchQueries, type QueryHandlers } from '../query/dispatch.ts';
import { createHealthQueryHandler } from '../query/handlers/health.ts';
import type { Redis } from '../redis.ts';
import { SERVICE_VERSION } from '../version.ts';
import type { RouteScope } from './auth.ts';

export interface AppDeps {
  config: Config;
  logger: Logger;
  pool: Pool;
  redis: Redis;
  metrics: Metrics;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  scope: RouteScope;
  /** Parse a JSON body (size-limited by server.bodyLimit). */
  jsonBody?: boolean;
  handler: RequestHandler;
}

/** The Grafana login forwarded by the data proxy, or "unknown". */
export function grafanaUser(req: Request): string {
  const value = req.headers['x-grafana-user'];
  const user = (Array.isArray(value) ? value[0] : value)?.trim();
  return user && user.length <= 256 ? user : 'unknown';
}

export function buildRoutes(deps: AppDeps): Route[] {
  const health = () => checkDependencies({ pool: deps.pool, redis: deps.redis, version: SERVICE_VERSION });
  const queryHandlers: QueryHandlers = { health: createHealthQueryHandler(health) };

  return [
    {
      method: 'GET',
      path: '/healthz',
      scope: 'public',
      handler: (_req, res) => {
        res.json({ status: 'ok' });
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      scope: 'public',
      handler: async (_req, res) => {
        res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
      },
    },
    {
      method: 'GET',
      path: '/api/health',
      scope: 'read',
      handler: async (_req, res) => {
        res.json(await health());
      },
    },
    {
      method: 'GET',
      path: '/api/whoami',
      scope: 'read',
      handler: (req, res) => {
        res.json({ scopes: req.scopes ?? [], user: grafanaUser(req) });
      },
    },
    {
      method: 'POST',
      path: '/api/query',
      scope: 'read',
      jsonBody: true,
      handler: async (req, res) => {
        const response = await dispatchQueries(req.body, queryHandlers, {
          requestId: req.id ?? 'unknown',
          onHandlerError: (refId, error) => req.log?.error({ err: error, refId }, 'query handler failed'),
        });
        res.json(response);
      },
    },
  ];
}
