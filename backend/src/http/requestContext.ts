// Per-request id, child logger, access log line and HTTP metrics.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Request, RequestHandler } from 'express';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics/registry.ts';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Honours a well-formed incoming X-Request-ID, else makes a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && REQUEST_ID.test(value) ? value : randomUUID();
}

export function requestContext(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const path = req.path; // read now: mounted middleware (app.use('/api', ...)) rewrites req.url
    req.id = requestIdFrom(req.headers['x-request-id']);
    req.log = logger.child({ request_id: req.id });
    res.setHeader('X-Request-ID', req.id);

    res.on('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      // Route pattern (set by the routes table), never the raw URL, to keep label cardinality bounded.
      const route = typeof res.locals.route === 'string' ? res.locals.route : 'unmatched';
      const labels = { method: req.method, route, status: String(res.statusCode) };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, seconds);
      const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      req.log?.[level](
        {
          method: req.method,
          path,
          route,
          status: res.statusCode,
          durationMs: Math.round(seconds * 100_000) / 100,
          user: req.headers['x-grafana-user'],
        },
        'request completed'
      );
    });
    next();
  };
}

/** The Grafana login the data proxy forwards (`[dataproxy] send_user_header`), or "unknown": who did it, for the audit log. */
export function grafanaUser(req: Pick<Request, 'headers'>): string {
  const value = req.headers['x-grafana-user'];
  const user = (Array.isArray(value) ? value[0] : value)?.trim();
  return user && user.length <= 256 ? user : 'unknown';
}
