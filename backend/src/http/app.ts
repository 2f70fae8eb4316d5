// Builds the express app from the routes table: request context, /api auth, per-route scope and body parsing.
import express, { type Express } from 'express';
import { auditMiddleware } from '../audit/auditMiddleware.ts';
import { authenticate, requireScope } from './auth.ts';
import { errorHandler, notFoundHandler } from './errors.ts';
import { requestContext } from './requestContext.ts';
import { buildRoutes, type AppDeps, type Route } from './routes.ts';

export type { AppDeps };

export function createApp(deps: AppDeps, routes: Route[] = buildRoutes(deps)): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use(requestContext(deps.logger, deps.metrics));
  // Every /api/* request needs a known token, even for paths that do not exist (no route discovery without auth).
  // Authentication runs before any body is read.
  app.use('/api', authenticate(deps.config.tokens));

  const jsonBody = express.json({ limit: deps.config.server.bodyLimit, strict: true });
  for (const route of routes) {
    const method = route.method.toLowerCase() as Lowercase<Route['method']>;
    app[method](
      route.path,
      (_req, res, next) => {
        res.locals.route = route.path;
        next();
      },
      requireScope(route.scope),
      // Operator actions: exactly one audit event per call, also when it fails (body errors included).
      ...(route.audit
        ? [auditMiddleware({ action: route.audit, pool: deps.pool, schema: deps.config.schema, logger: deps.logger })]
        : []),
      ...(route.jsonBody ? [jsonBody] : []),
      route.handler
    );
  }

  const allowedMethods = (path: string) => routes.filter((route) => route.path === path).map((route) => route.method);
  app.use(notFoundHandler(allowedMethods));
  app.use(errorHandler(deps.config.server.bodyLimit));
  return app;
}
