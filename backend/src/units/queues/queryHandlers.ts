// The queue vertical's query types: queues, queue_metrics, jobs, drift, variable. Thin: resolve, read, frame.
import { TIERS, type QueryOf } from '@penguinmails/sysmon-contract';
import type pg from 'pg';
import { forParameter, InvalidInputError } from '../../errors.ts';
import type { QueryContext, QueryHandlerTable, VariableProviders } from '../../query/dispatch.ts';
import type { DriftCache } from '../../queues/drift.ts';
import { queueNotFound } from '../../queues/errors.ts';
import {
  DEFAULT_MAX_POINTS,
  DEFAULT_RANGE_MS,
  MAX_POINTS_LIMIT,
  queryQueueHistory,
  type HistoryRequest,
} from '../../queues/history.ts';
import { listJobs, resolveQueueRef } from '../../queues/bullmq/index.ts';
import { getLedgerRequestIds } from '../../queues/ledgerQueries.ts';
import type { QueueOverview } from '../../queues/overview.ts';
import { MAX_SEARCH_LIMIT, searchLedger } from '../../queues/search.ts';
import { parseSearch } from '../../queues/searchLanguage.ts';
import type { Redis } from '../../redis.ts';
import { driftFrame, ledgerRowsFrame, liveJobsFrame, queueMetricsFrames, queuesFrame } from './frames.ts';

/** The history request a queue_metrics query asks for in this dashboard context. */
export function historyRequestFor(
  query: QueryOf<'queue_metrics'>,
  context: QueryContext,
  now = Date.now()
): HistoryRequest {
  const to = context.range?.to ?? new Date(now);
  const from = context.range?.from ?? new Date(to.getTime() - DEFAULT_RANGE_MS);
  const maxPoints = Math.min(MAX_POINTS_LIMIT, Math.max(2, Math.floor(context.maxDataPoints ?? DEFAULT_MAX_POINTS)));
  return {
    field: query.field,
    from,
    to,
    groupBy: query.groupBy,
    maxPoints,
    ...(context.intervalMs !== undefined ? { minBucketMs: context.intervalMs } : {}),
    ...(query.queue !== undefined ? { queue: query.queue } : {}),
    ...(query.tier !== undefined ? { tier: query.tier } : {}),
  };
}

export interface QueueQueryDeps {
  redis: Redis;
  pool: pg.Pool;
  schema: string;
  prefixes: readonly string[];
  ledgerTable: string;
  overview: QueueOverview;
  drift: DriftCache;
}

export function createQueueQueryHandlers(deps: QueueQueryDeps): QueryHandlerTable {
  const { redis, pool, ledgerTable } = deps;

  return {
    queues: async (query) => {
      const { queues } = await deps.overview.list({ tier: query.tier });
      const rows = query.queue === undefined ? queues : queues.filter((queue) => queue.name === query.queue);
      return [queuesFrame(rows, query.refId)];
    },

    queue_metrics: async (query, context) => {
      const history = await queryQueueHistory(pool, deps.schema, historyRequestFor(query, context));
      return queueMetricsFrames(history);
    },

    // Live jobs of one queue in one BullMQ state (a bounded range, like the job browser), or, when `search` is
    // set, a ledger search in the job search language over the dashboard time range.
    jobs: async (query, context) => {
      if (query.search !== undefined) {
        const search = query.search;
        const parsed = forParameter('search', () => parseSearch(search));
        const limit = Math.min(query.limit, MAX_SEARCH_LIMIT);
        const result = await searchLedger(
          pool,
          ledgerTable,
          parsed,
          { queue: query.queue, from: context.range?.from, to: context.range?.to },
          { limit }
        );
        const notices =
          query.limit > limit ? [`search returns at most ${MAX_SEARCH_LIMIT} rows; showing the newest ${limit}`] : [];
        return [ledgerRowsFrame(result.rows, query.refId, notices)];
      }
      if (query.queue === undefined) {
        throw new InvalidInputError('required for live jobs (or set search to search the job ledger)', 'queue');
      }
      const ref = await resolveQueueRef(redis, deps.prefixes, query.queue);
      if (!ref) {
        throw queueNotFound(query.queue);
      }
      const page = await listJobs(redis, ref, query.state, 0, query.limit, {
        maxCount: query.limit,
        requestIds: (ids) => getLedgerRequestIds(pool, ledgerTable, ref.name, ids),
      });
      return [liveJobsFrame(ref.name, page.jobs, page.total, query.refId)];
    },

    drift: async (query) => {
      const report = await deps.drift.get(query.queue);
      if (!report) {
        throw queueNotFound(query.queue);
      }
      return [driftFrame(report, query.refId)];
    },
  };
}

/** Values for dashboard template variables: queue names (optionally of one tier), or the three tiers. */
export function createQueueVariables(deps: Pick<QueueQueryDeps, 'overview'>): VariableProviders {
  return {
    tier: async () => [...TIERS],
    queue: async (query) => {
      const { queues } = await deps.overview.list({ tier: query.tier });
      // The same name under two prefixes is one variable value.
      return [...new Set(queues.map((queue) => queue.name))].sort();
    },
  };
}
