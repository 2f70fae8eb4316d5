// The queue vertical's part of the routes table. Thin handlers: the app validates query strings and bodies
// (schemas below and in the contract), `withQueue` resolves the queue named in the path once (404 if none),
// domain modules do the work. Every mutating route is operator-scoped and audited.
import {
  bulkCountBody,
  cleanBody,
  driftRecoverBody,
  JOB_STATES,
  LEDGER_STATUSES,
  TIERS,
} from '@penguinmails/sysmon-contract';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { Pool } from '../../db/pool.ts';
import { forParameter } from '../../errors.ts';
import { integer, invalidParameter, isoTimeParam, nameParam, text } from '../../http/params.ts';
import { ok, route, type Route, type RouteReply, type RouteRequest } from '../../http/route.ts';
import type { QueueActions } from '../../queues/actions.ts';
import type { QueueRef } from '../../queues/discovery.ts';
import type { DriftCache } from '../../queues/drift.ts';
import type { DriftRecovery } from '../../queues/driftRecovery.ts';
import { jobNotFound, queueNotFound } from '../../queues/errors.ts';
import { queryQueueHistory } from '../../queues/history.ts';
import { getJobDetail, listJobs, MAX_PAGE_COUNT, resolveQueueRef } from '../../queues/bullmq/index.ts';
import { getLedgerRequestIds, getLedgerRow } from '../../queues/ledgerQueries.ts';
import type { QueueReadPath } from '../../queues/overview.ts';
import { decodeCursor, DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT, searchLedger } from '../../queues/search.ts';
import { MAX_QUERY_LENGTH, parseSearch } from '../../queues/searchLanguage.ts';
import type { Redis } from '../../redis.ts';
import { parseHistoryParams } from './historyParams.ts';

const prefixParam = { prefix: nameParam().optional() };
const queueParams = z.object(prefixParam);
const jobListParams = z.object({
  state: z.enum(JOB_STATES).default('failed'),
  start: integer(0, 1_000_000_000).default(0),
  count: integer(1, MAX_PAGE_COUNT).default(25),
  ...prefixParam,
});
const searchParams = z.object({
  q: text(MAX_QUERY_LENGTH).default(''),
  queue: nameParam().optional(),
  status: z.enum(LEDGER_STATUSES).optional(),
  from: isoTimeParam().optional(),
  to: isoTimeParam().optional(),
  limit: integer(1, MAX_SEARCH_LIMIT).default(DEFAULT_SEARCH_LIMIT),
  cursor: text(2_000).optional(),
});

export interface QueueRouteDeps {
  config: Config;
  pool: Pool;
  redis: Redis;
  queueRead: QueueReadPath;
  actions: QueueActions;
  recovery: DriftRecovery;
  drift: DriftCache;
}

export function queueRoutes(deps: QueueRouteDeps): Route[] {
  const { config, pool, redis, queueRead, actions, recovery, drift } = deps;
  const { ledgerTable, prefixes } = config.queues;

  /**
   * Resolves the `:queue` of the path (under `?prefix=` when given) like every request path does (sorted
   * prefixes, O(1) EXISTS each, so a queue created since discovery is found too), then runs the handler.
   */
  const withQueue =
    <Query extends { prefix?: string }, Body>(
      handle: (ref: QueueRef, request: RouteRequest<Query, Body>) => Promise<unknown>
    ) =>
    async (request: RouteRequest<Query, Body>): Promise<RouteReply> => {
      const name = request.params.queue ?? '';
      const ref = await resolveQueueRef(redis, prefixes, name, request.query.prefix);
      if (!ref) {
        throw queueNotFound(name);
      }
      return ok(await handle(ref, request));
    };

  return [
    // Queues (read).
    route({
      method: 'GET',
      path: '/api/queues',
      scope: 'read',
      query: z.object({ tier: z.enum(TIERS).optional() }),
      handle: async ({ query }) => ok(await queueRead.overview.list({ tier: query.tier })),
    }),
    // Before any /api/queues/:queue route, or "history" would be taken for a queue name.
    route({
      method: 'GET',
      path: '/api/queues/history',
      scope: 'read',
      handle: async ({ query }) =>
        ok(
          await queryQueueHistory(
            pool,
            config.schema,
            parseHistoryParams(query, Date.now(), { retentionDays: config.sampler.retentionDays })
          )
        ),
    }),
    route({
      method: 'GET',
      path: '/api/queues/:queue',
      scope: 'read',
      query: queueParams,
      handle: async ({ params, query }) => {
        const name = params.queue ?? '';
        let snapshot = await queueRead.overview.get(name, query.prefix);
        // Created after the last discovery (cached 30 s)? Rescan only when the queue really exists.
        if (!snapshot && (await resolveQueueRef(redis, prefixes, name, query.prefix))) {
          queueRead.discovery.invalidate();
          queueRead.invalidate();
          snapshot = await queueRead.overview.get(name, query.prefix);
        }
        if (!snapshot) {
          throw queueNotFound(name);
        }
        return ok(snapshot);
      },
    }),

    // Jobs (read).
    route({
      method: 'GET',
      path: '/api/queues/:queue/jobs',
      scope: 'read',
      query: jobListParams,
      handle: withQueue((ref, { query }) =>
        listJobs(redis, ref, query.state, query.start, query.count, {
          requestIds: (ids) => getLedgerRequestIds(pool, ledgerTable, ref.name, ids),
        })
      ),
    }),
    route({
      method: 'GET',
      path: '/api/queues/:queue/jobs/:id',
      scope: 'read',
      query: queueParams,
      handle: withQueue(async (ref, { params }) => {
        const id = params.id ?? '';
        const detail = await getJobDetail(redis, ref, id, {
          ledgerRow: (jobId) => getLedgerRow(pool, ledgerTable, ref.name, jobId),
        });
        if (!detail) {
          throw jobNotFound(ref.name, id);
        }
        return detail;
      }),
    }),
    route({
      method: 'GET',
      path: '/api/jobs/search',
      scope: 'read',
      query: searchParams,
      handle: async ({ query }) => {
        const search = forParameter('q', () => parseSearch(query.q));
        const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
        const from = query.from === undefined ? undefined : new Date(query.from);
        const to = query.to === undefined ? undefined : new Date(query.to);
        if (from && to && from > to) {
          throw invalidParameter('from', 'is after to');
        }
        return ok(
          await searchLedger(
            pool,
            ledgerTable,
            search,
            { queue: query.queue, status: query.status, from, to },
            { limit: query.limit, cursor }
          )
        );
      },
    }),

    // Drift report.
    route({
      method: 'GET',
      path: '/api/drift',
      scope: 'read',
      query: z.object({ queue: nameParam().optional() }),
      handle: async ({ query }) => {
        const report = await drift.get(query.queue);
        if (!report) {
          throw queueNotFound(query.queue);
        }
        return ok(report);
      },
    }),

    // Operator actions: each call writes one audit event (app.ts).
    route({
      method: 'POST',
      path: '/api/queues/:queue/pause',
      scope: 'operator',
      audit: 'queue.pause',
      query: queueParams,
      handle: withQueue((ref) => actions.pause(ref)),
    }),
    route({
      method: 'POST',
      path: '/api/queues/:queue/resume',
      scope: 'operator',
      audit: 'queue.resume',
      query: queueParams,
      handle: withQueue((ref) => actions.resume(ref)),
    }),
    route({
      method: 'POST',
      path: '/api/tiers/:tier/pause',
      scope: 'operator',
      audit: 'tier.pause',
      handle: async ({ params }) => ok(await actions.pauseTier(params.tier ?? '')),
    }),
    route({
      method: 'POST',
      path: '/api/tiers/:tier/resume',
      scope: 'operator',
      audit: 'tier.resume',
      handle: async ({ params }) => ok(await actions.resumeTier(params.tier ?? '')),
    }),
    route({
      method: 'POST',
      path: '/api/queues/:queue/jobs/:id/retry',
      scope: 'operator',
      audit: 'job.retry',
      query: queueParams,
      handle: withQueue((ref, { params }) => actions.retryJob(ref, params.id ?? '')),
    }),
    route({
      method: 'DELETE',
      path: '/api/queues/:queue/jobs/:id',
      scope: 'operator',
      audit: 'job.remove',
      query: queueParams,
      handle: withQueue((ref, { params }) => actions.removeJob(ref, params.id ?? '')),
    }),
    route({
      method: 'POST',
      path: '/api/queues/:queue/retry-failed',
      scope: 'operator',
      audit: 'queue.retry_failed',
      query: queueParams,
      body: bulkCountBody,
      handle: withQueue((ref, { body }) => actions.retryFailed(ref, body)),
    }),
    route({
      method: 'POST',
      path: '/api/queues/:queue/promote-delayed',
      scope: 'operator',
      audit: 'queue.promote_delayed',
      query: queueParams,
      body: bulkCountBody,
      handle: withQueue((ref, { body }) => actions.promoteDelayed(ref, body)),
    }),
    route({
      method: 'POST',
      path: '/api/queues/:queue/clean',
      scope: 'operator',
      audit: 'queue.clean',
      query: queueParams,
      body: cleanBody,
      handle: withQueue((ref, { body }) => actions.clean(ref, body)),
    }),
    route({
      method: 'POST',
      path: '/api/drift/recover',
      scope: 'operator',
      audit: 'drift.recover',
      body: driftRecoverBody,
      handle: async ({ body }) => {
        const result = await recovery.recover(body);
        if (!result) {
          throw queueNotFound(body.queue);
        }
        drift.invalidate();
        queueRead.invalidate();
        return ok(result);
      },
    }),
  ];
}
