// Operator queue actions, the drift report and recovery, and the audit log. The routes table marks every mutating
// route with `audit`, so app.ts writes exactly one audit event per call (actor = X-Grafana-User, outcome ok /
// error: message). Thin: parse, call, send.
import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import { AUDIT_LIST_MAX, listAudit } from '../../audit/auditLog.ts';
import type { Config } from '../../config.ts';
import type { Pool } from '../../db/pool.ts';
import { createQueueActions } from '../../queues/actions.ts';
import type { DriftCache, QueueLookup } from '../../queues/drift.ts';
import { createDriftRecovery, recoverBody } from '../../queues/driftRecovery.ts';
import type { QueueReadPath } from '../../queues/overview.ts';
import type { QueueHandles } from '../../queues/queueHandles.ts';
import type { Redis } from '../../redis.ts';
import { queueNotFound } from '../errors.ts';
import { integer, nameParam, parseBody, parseQueryParams, pathParam } from '../params.ts';

const auditParams = z.object({ limit: integer(1, AUDIT_LIST_MAX).default(50) });
const driftParams = z.object({ queue: nameParam().optional() });
const prefixParams = z.object({ prefix: nameParam().optional() });

const prefixOf = (req: Request) => parseQueryParams(prefixParams, req.query).prefix;

export interface QueueActionHandlerDeps {
  config: Config;
  pool: Pool;
  redis: Redis;
  queueRead: QueueReadPath;
  queueHandles: QueueHandles;
  /** Discovered queues, or one by name (see queues/drift.ts queueLookup). */
  queues: QueueLookup;
  drift: DriftCache;
}

export type QueueActionHandlers = Record<
  | 'pauseQueue'
  | 'resumeQueue'
  | 'pauseTier'
  | 'resumeTier'
  | 'retryJob'
  | 'removeJob'
  | 'retryFailed'
  | 'promoteDelayed'
  | 'clean'
  | 'getDrift'
  | 'recoverDrift'
  | 'listAudit',
  RequestHandler
>;

export function createQueueActionHandlers(deps: QueueActionHandlerDeps): QueueActionHandlers {
  const actions = createQueueActions({
    redis: deps.redis,
    prefixes: deps.config.queues.prefixes,
    tiers: deps.config.queues.tiers,
    handles: deps.queueHandles,
    discovery: deps.queueRead.discovery,
    onMutation: () => deps.queueRead.invalidate(),
  });
  const recovery = createDriftRecovery({
    redis: deps.redis,
    pool: deps.pool,
    ledgerTable: deps.config.queues.ledgerTable,
    handles: deps.queueHandles,
    queues: deps.queues,
  });

  return {
    pauseQueue: async (req, res) => {
      res.json(await actions.pause(pathParam(req, 'queue'), prefixOf(req)));
    },

    resumeQueue: async (req, res) => {
      res.json(await actions.resume(pathParam(req, 'queue'), prefixOf(req)));
    },

    pauseTier: async (req, res) => {
      res.json(await actions.pauseTier(pathParam(req, 'tier')));
    },

    resumeTier: async (req, res) => {
      res.json(await actions.resumeTier(pathParam(req, 'tier')));
    },

    retryJob: async (req, res) => {
      res.json(await actions.retryJob(pathParam(req, 'queue'), pathParam(req, 'id'), prefixOf(req)));
    },

    removeJob: async (req, res) => {
      res.json(await actions.removeJob(pathParam(req, 'queue'), pathParam(req, 'id'), prefixOf(req)));
    },

    retryFailed: async (req, res) => {
      res.json(await actions.retryFailed(pathParam(req, 'queue'), req.body, prefixOf(req)));
    },

    promoteDelayed: async (req, res) => {
      res.json(await actions.promoteDelayed(pathParam(req, 'queue'), req.body, prefixOf(req)));
    },

    clean: async (req, res) => {
      res.json(await actions.clean(pathParam(req, 'queue'), req.body, prefixOf(req)));
    },

    getDrift: async (req, res) => {
      const { queue } = parseQueryParams(driftParams, req.query);
      const report = await deps.drift.get(queue);
      if (!report) {
        throw queueNotFound(queue);
      }
      res.json(report);
    },

    recoverDrift: async (req, res) => {
      const request = parseBody(recoverBody, req.body);
      const result = await recovery.recover(request);
      if (!result) {
        throw queueNotFound(request.queue);
      }
      deps.drift.invalidate();
      deps.queueRead.invalidate();
      res.json(result);
    },

    listAudit: async (req, res) => {
      const { limit } = parseQueryParams(auditParams, req.query);
      res.json({ events: await listAudit(deps.pool, deps.config.schema, limit) });
    },
  };
}
