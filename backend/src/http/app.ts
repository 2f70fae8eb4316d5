// Builds the express app from the routes table: request context, /api auth, per-route scope, audit, body
// parsing and validation, and the adapter that calls each route's handler with the parsed request.
import express, { type Express, type RequestHandler } from 'express';
import { AUDIT_STATE, auditMiddleware } from './auditMiddleware.ts';
import type { Config } from '../config.ts';
import type { Pool } from '../db/pool.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics/registry.ts';
import { authenticate, requireScope } from './auth.ts';
import { errorHandler, notFoundHandler } from './errors.ts';
import { parseParams } from './params.ts';
import { grafanaUser, requestContext } from './requestContext.ts';
import type { Route } from './route.ts';

export interface AppDeps {
  config: Config;
  logger: Logger;
  /** Where the audit log is written. */
  pool: Pool;
  metrics: Metrics;
}

/** Validates the query string and the body against the route's schemas (400 naming each bad parameter). */
function validate(route: Route): RequestHandler {
  return (req, res, next) => {
    const validated: Validated = {
      query: route.query ? parseParams(route.query, req.query, 'query') : req.query,
      body: route.body ? parseParams(route.body, req.body, 'body') : undefined,
    };
    res.locals[VALIDATED] = validated;
    const audit = res.locals[AUDIT_STATE] as { validated?: Validated } | undefined;
    if (audit) {
      audit.validated = validated;
    }
    next();
  };
}

/** Calls the route's handler with the validated request; sends its reply. */
function adapt(route: Route, logger: Logger): RequestHandler {
  return async (req, res) => {
    const { query, body } = res.locals[VALIDATED] as Validated;
    const reply = await route.handle({
      params: req.params as Record<string, string>,
      query,
      body,
      user: grafanaUser(req),
      scopes: req.scopes ?? [],
      requestId: req.id ?? 'unknown',
      log: req.log ?? logger,
      headers: req.headers,
      stream: route.streamBody ? req : undefined,
    });
    res.status(reply.status ?? 200);
    for (const [name, value] of Object.entries(reply.headers ?? {})) {
      res.setHeader(name, value);
    }
    if (reply.status === 204) {
      res.end();
    } else if (reply.contentType) {
      res.type(reply.contentType).send(reply.body);
    } else {
      res.json(reply.body);
    }
  };
}

interface Validated {
  query: unknown;
  body: unknown;
}
const VALIDATED = 'validated';

// API answers carry job payloads and operator data: never sniffed as another type, never cached.
const apiHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');
  next();
};

export function createApp(deps: AppDeps, routes: readonly Route[]): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use(requestContext(deps.logger, deps.metrics));
  app.use(apiHeaders);
  // Every /api/* request needs a known token, even for paths that do not exist (no route discovery without auth).
  // Authentication runs before any body is read.
  const authentication = authenticate(deps.config.tokens);
  app.use('/api', authentication);

  const jsonBody = express.json({ limit: deps.config.server.bodyLimit, strict: true });
  for (const route of routes) {
    const method = route.method.toLowerCase() as Lowercase<Route['method']>;
    // Operator actions: exactly one audit event per call, written as an intent before the handler acts.
    const audit =
      route.audit &&
      auditMiddleware({ action: route.audit, pool: deps.pool, schema: deps.config.schema, logger: deps.logger });
    app[method](
      route.path,
      (_req, res, next) => {
        res.locals.route = route.path;
        next();
      },
      // Routes outside /api (e.g. /metrics) that are not public authenticate here.
      ...(route.scope !== 'public' && !route.path.startsWith('/api/') ? [authentication] : []),
      requireScope(route.scope),
      ...(audit ? [audit.begin] : []),
      ...(route.body ? [jsonBody] : []),
      validate(route),
      ...(audit ? [audit.intent] : []),
      adapt(route, deps.logger)
    );
  }

  const allowedMethods = (path: string) => routes.filter((route) => route.path === path).map((route) => route.method);
  app.use(notFoundHandler(allowedMethods));
  app.use(errorHandler(deps.config.server.bodyLimit));
  return app;
}
