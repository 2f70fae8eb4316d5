// The one routes table of the service: the service's own routes, then every unit's (units/), each with its scope,
// audit name and validation. Handlers stay thin: take the parsed request, call a domain module, return the reply.
import { z } from 'zod';
import type { Metrics } from '../metrics/registry.ts';
import { combineQueryHandlers, dispatchQueries } from '../query/dispatch.ts';
import type { StartedUnit } from '../units/unit.ts';
import { ok, route, type Route } from './route.ts';

export interface CoreRouteDeps {
  metrics: Metrics;
  /** server.metricsPublic: /metrics without a token (network-only protection). */
  metricsPublic?: boolean;
}

export function buildRoutes(units: readonly StartedUnit[], deps: CoreRouteDeps): Route[] {
  const queryHandlers = combineQueryHandlers(
    units.map((unit) => unit.queryHandlers),
    units.map((unit) => unit.variables),
    units.map((unit) => unit.events)
  );
  const routes: Route[] = [
    // Liveness (public) and Prometheus (the metrics token, unless configured open).
    route({ method: 'GET', path: '/healthz', scope: 'public', handle: () => ok({ status: 'ok' }) }),
    route({
      method: 'GET',
      path: '/metrics',
      scope: deps.metricsPublic ? 'public' : 'metrics',
      handle: async () => ({
        body: await deps.metrics.registry.metrics(),
        contentType: deps.metrics.registry.contentType,
      }),
    }),

    // Identity: which scopes the presented token grants, and the Grafana user the proxy named.
    route({
      method: 'GET',
      path: '/api/whoami',
      scope: 'read',
      handle: ({ scopes, user }) => ok({ scopes, user }),
    }),

    // Grafana queries (/api/ds/query shape); the envelope is validated by dispatchQueries.
    route({
      method: 'POST',
      path: '/api/query',
      scope: 'read',
      readOnly: true,
      body: z.unknown(),
      handle: async ({ body, requestId, log }) =>
        ok(
          await dispatchQueries(body, queryHandlers, {
            requestId,
            onHandlerError: (refId, error) => log.error({ err: error, refId }, 'query handler failed'),
          })
        ),
    }),

    ...units.flatMap((unit) => unit.routes),
  ];

  const problems = routeTableProblems(routes);
  if (problems.length > 0) {
    throw new Error(`invalid routes table: ${problems.join('; ')}`);
  }
  return routes;
}

/**
 * The POSTs that change nothing. `readOnly` exempts a route from the operator-and-audit rule, so it is allowed only
 * here: a route marked readOnly anywhere else is a problem, whatever its scope.
 */
export const READ_ONLY_POSTS: ReadonlySet<string> = new Set(['POST /api/query']);

/**
 * What is wrong with a routes table: a route defined twice, a mutating route (any method but GET, unless marked
 * readOnly) that is not operator-scoped with an audit name, or one that both parses and streams its body. Log
 * shipping is the one exception: it has its own scope (`ingest`), is not an operator action (no audit row per
 * batch), and may only POST.
 */
export function routeTableProblems(routes: readonly Route[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const { method, path, scope, audit, readOnly, body, streamBody } of routes) {
    const name = `${method} ${path}`;
    if (seen.has(name)) {
      problems.push(`${name} is defined twice`);
    }
    seen.add(name);
    if (body && streamBody) {
      problems.push(`${name} both parses and streams its body`);
    }
    if (readOnly && !READ_ONLY_POSTS.has(name)) {
      problems.push(`${name} is marked readOnly, which only ${[...READ_ONLY_POSTS].join(', ')} may be`);
    }
    if (method === 'GET' || readOnly) {
      continue;
    }
    if (scope === 'ingest') {
      if (method !== 'POST') {
        problems.push(`${name} is ingest-scoped but not a POST (ingest only appends)`);
      }
    } else if (scope !== 'operator' || !audit) {
      problems.push(`${name} mutates but is ${scope === 'operator' ? 'not audited' : `${scope}-scoped, not operator`}`);
    }
  }
  return problems;
}
