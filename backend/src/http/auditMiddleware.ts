// Audits a route generically: a route entry with `audit: '<action>'` gets this middleware (see http/app.ts), so
// every call writes exactly one audit event, whatever the handler does. It wraps res.json: the event (outcome from
// the status and the error message of the response body) is committed before the response is sent, so a client
// that got an answer can already read its event. Validation, 404/409 and thrown errors all end in res.json via the
// error handler; a response sent another way is still audited once, on 'finish'.
import type { Request, RequestHandler } from 'express';
import type { Logger } from '../logger.ts';
import type { Pool } from '../db/pool.ts';
import { grafanaUser } from './requestContext.ts';
import { errorOutcome, recordAudit, type AuditInput } from '../audit/auditLog.ts';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "tier:low", "queue:email-sending", "queue:email-sending job:42"; the body's queue when the path has none. */
export function auditTarget(params: Record<string, string | undefined>, body: unknown): string {
  const parts: string[] = [];
  if (params.tier) {
    parts.push(`tier:${params.tier}`);
  }
  const queue = params.queue ?? (isRecord(body) && typeof body.queue === 'string' ? body.queue : undefined);
  if (queue) {
    parts.push(`queue:${queue}`);
  }
  if (params.id) {
    parts.push(`job:${params.id}`);
  }
  return parts.length > 0 ? parts.join(' ') : '*';
}

/** What the operator asked for: query string and JSON body (path parameters are in the target). */
export function auditParams(query: unknown, body: unknown): Record<string, unknown> {
  return {
    ...(isRecord(query) ? query : {}),
    ...(isRecord(body) ? body : Array.isArray(body) ? { body } : {}),
  };
}

/** 'ok' for 2xx/3xx, else 'error: <message>' from the {"error":{"message"}} body (or the status code). */
export function auditOutcome(status: number, body: unknown): string {
  if (status < 400) {
    return 'ok';
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const message = typeof error?.message === 'string' ? error.message : `HTTP ${status}`;
  return errorOutcome(message);
}

export function auditMiddleware(options: {
  action: string;
  pool: Pool;
  schema: string;
  logger?: Logger;
}): RequestHandler {
  return (req, res, next) => {
    let recorded = false;
    // Path parameters now: an error handler further on runs with the app's (empty) params.
    const params = { ...(req.params as Record<string, string | undefined>) };
    const event = (outcome: string): AuditInput => ({
      actor: grafanaUser(req),
      action: options.action,
      target: auditTarget(params, req.body),
      params: auditParams(req.query, req.body),
      outcome,
      requestId: req.id ?? null,
    });
    const write = async (input: AuditInput) => {
      try {
        await recordAudit(options.pool, options.schema, input);
      } catch (error) {
        // The action already happened (or failed); losing its event is logged loudly rather than hidden.
        (req.log ?? options.logger)?.error(
          { err: { message: (error as Error).message }, audit: input },
          'audit event could not be written'
        );
      }
    };

    const sendJson = res.json.bind(res);
    let failed = false;
    const sendFailed = (error: unknown) => {
      if (failed || res.headersSent) {
        // Nothing more can be sent: log it rather than throwing again.
        (req.log ?? options.logger)?.error({ err: error }, 'response could not be sent');
        if (!res.writableEnded) {
          res.destroy();
        }
        return;
      }
      failed = true;
      next(error);
    };
    res.json = (body: unknown) => {
      if (recorded) {
        return sendJson(body);
      }
      recorded = true;
      void write(event(auditOutcome(res.statusCode, body))).then(() => {
        // Outside the handler's promise chain now: a throw here (e.g. a body JSON.stringify cannot serialise)
        // would be an unhandled rejection that ends the process. Hand it to the error handler instead (once).
        try {
          sendJson(body);
        } catch (error) {
          sendFailed(error);
        }
      });
      return res;
    };
    res.on('finish', () => {
      if (!recorded) {
        recorded = true;
        void write(event(auditOutcome(res.statusCode, undefined)));
      }
    });
    next();
  };
}
