// Audits a route generically: a route entry with `audit: '<action>'` gets these two middlewares (see http/app.ts),
// so every call writes exactly one audit event, whatever the handler does, and no action runs unaudited:
// - `begin` (before the body is read) wraps res.json: the event's outcome (from the status and the error message
//   of the response body) is committed before the response is sent, so a client that got an answer can already
//   read its event. A call refused before it acted (bad body, bad parameters) is written then, complete.
// - `intent` (after validation, just before the handler) writes the event as an intent (outcome `pending`) with
//   the validated parameters. When it cannot be written the action is refused with 503 `audit_unavailable`.
// A response sent another way than res.json is still completed once, on 'finish'.
import type { Request, RequestHandler } from 'express';
import type { Logger } from '../logger.ts';
import type { Pool } from '../db/pool.ts';
import { grafanaUser } from './requestContext.ts';
import { completeAudit, errorOutcome, recordAudit, recordIntent, type AuditIntent } from '../audit/auditLog.ts';
import { UnavailableError } from '../errors.ts';

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

interface AuditState {
  /** The intent row, once written. */
  intentId?: string;
  /** The validated query and body (set by the app before `intent`). */
  validated?: { query: unknown; body: unknown };
}

/** Where the app leaves the validated request for the audit (res.locals). */
export const AUDIT_STATE = 'audit';

export function auditMiddleware(options: { action: string; pool: Pool; schema: string; logger?: Logger }): {
  begin: RequestHandler;
  intent: RequestHandler;
} {
  const begin: RequestHandler = (req, res, next) => {
    const state: AuditState = {};
    res.locals[AUDIT_STATE] = state;
    let recorded = false;
    // Path parameters now: an error handler further on runs with the app's (empty) params.
    const params = { ...(req.params as Record<string, string | undefined>) };
    const log = () => req.log ?? options.logger;
    const write = async (outcome: string, body: unknown) => {
      try {
        if (state.intentId !== undefined) {
          const result = outcome === 'ok' && isRecord(body) ? body : undefined;
          await completeAudit(options.pool, options.schema, state.intentId, { outcome, result });
        } else {
          await recordAudit(options.pool, options.schema, { ...intentOf(req, params, options.action), outcome });
        }
      } catch (error) {
        // Logged loudly rather than hidden; a pending intent row stays as the trace of the action.
        log()?.error(
          { err: { message: (error as Error).message }, audit: { action: options.action, outcome } },
          'audit event could not be completed'
        );
      }
    };

    const sendJson = res.json.bind(res);
    let failed = false;
    const sendFailed = (error: unknown) => {
      if (failed || res.headersSent) {
        // Nothing more can be sent: log it rather than throwing again.
        log()?.error({ err: error }, 'response could not be sent');
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
      void write(auditOutcome(res.statusCode, body), body).then(() => {
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
        void write(auditOutcome(res.statusCode, undefined), undefined);
      }
    });
    next();
  };

  const intent: RequestHandler = async (req, res, next) => {
    const state = res.locals[AUDIT_STATE] as AuditState;
    const params = { ...(req.params as Record<string, string | undefined>) };
    try {
      state.intentId = await recordIntent(options.pool, options.schema, {
        ...intentOf(req, params, options.action),
        params: auditParams(state.validated?.query ?? req.query, state.validated?.body ?? req.body),
      });
    } catch (error) {
      next(
        new UnavailableError(
          'audit_unavailable',
          `the action was not performed: the audit log cannot be written (${(error as Error).message})`
        )
      );
      return;
    }
    next();
  };

  return { begin, intent };
}

function intentOf(req: Request, params: Record<string, string | undefined>, action: string): AuditIntent {
  return {
    actor: grafanaUser(req),
    action,
    target: auditTarget(params, req.body),
    params: auditParams(req.query, req.body),
    requestId: req.id ?? null,
    token: req.token ?? null,
  };
}
