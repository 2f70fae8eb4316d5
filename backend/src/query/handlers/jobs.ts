// queryType "jobs": live jobs of one queue in one BullMQ state (a bounded range, like the job browser), or,
// when `search` is set, a ledger search in the job search language over the dashboard time range.
import type { JobSummary, LedgerRow } from '@penguinmails/sysmon-contract';
import type { SysmonQuery } from '@penguinmails/sysmon-contract';
import type { Config } from '../../config.ts';
import type { Pool } from '../../db/pool.ts';
import { listJobs } from '../../queues/jobs.ts';
import { getLedgerRequestIds } from '../../queues/ledgerQueries.ts';
import { resolveQueueRef } from '../../queues/queueHandles.ts';
import { MAX_SEARCH_LIMIT, searchLedger } from '../../queues/search.ts';
import { parseSearch, SearchSyntaxError } from '../../queues/searchLanguage.ts';
import type { Redis } from '../../redis.ts';
import { QueryError, type QueryContext } from '../dispatch.ts';
import { frameFromRows, type DataFrameJSON } from '../frames.ts';

type JobsQuery = Extract<SysmonQuery, { queryType: 'jobs' }>;

export function liveJobsFrame(
  queue: string,
  jobs: readonly JobSummary[],
  total: number,
  refId?: string
): DataFrameJSON {
  return frameFromRows({
    name: 'jobs',
    refId,
    meta: { preferredVisualisationType: 'table', custom: { total } },
    fields: [
      { name: 'id', type: 'string' },
      { name: 'queue', type: 'string' },
      { name: 'name', type: 'string' },
      { name: 'state', type: 'string' },
      { name: 'priority', type: 'number' },
      { name: 'attempts', type: 'number' },
      { name: 'created', type: 'time' },
      { name: 'processed', type: 'time' },
      { name: 'finished', type: 'time' },
      { name: 'delay_until', type: 'time' },
      { name: 'failed_reason', type: 'string' },
      { name: 'request_id', type: 'string' },
      { name: 'data_bytes', type: 'number', config: { unit: 'bytes' } },
    ],
    rows: jobs.map((job) => ({
      id: job.id,
      queue,
      name: job.name,
      state: job.state,
      priority: job.priority,
      attempts: job.attemptsMade,
      created: job.timestamp,
      processed: job.processedOn,
      finished: job.finishedOn,
      delay_until: job.delayUntil,
      failed_reason: job.failedReason,
      request_id: job.requestId,
      data_bytes: job.dataBytes,
    })),
  });
}

export function ledgerRowsFrame(rows: readonly LedgerRow[], refId?: string, notices?: string[]): DataFrameJSON {
  return frameFromRows({
    name: 'jobs',
    refId,
    meta: {
      preferredVisualisationType: 'table',
      ...(notices && notices.length > 0 ? { notices: notices.map((text) => ({ severity: 'info', text })) } : {}),
    },
    fields: [
      { name: 'id', type: 'string' },
      { name: 'queue', type: 'string' },
      { name: 'name', type: 'string' },
      { name: 'status', type: 'string' },
      { name: 'priority', type: 'number' },
      { name: 'attempts', type: 'number' },
      { name: 'request_id', type: 'string' },
      { name: 'last_error', type: 'string' },
      { name: 'created', type: 'time' },
      { name: 'updated', type: 'time' },
      { name: 'started', type: 'time' },
      { name: 'finished', type: 'time' },
    ],
    rows: rows.map((row) => ({
      id: row.id,
      queue: row.queue,
      name: row.name,
      status: row.status,
      priority: row.priority,
      attempts: row.attempts,
      request_id: row.requestId,
      last_error: row.lastError,
      created: row.createdAt,
      updated: row.updatedAt,
      started: row.startedAt,
      finished: row.finishedAt,
    })),
  });
}

export interface JobsQueryDeps {
  redis: Redis;
  pool: Pool;
  config: Pick<Config, 'queues'>;
}

export function createJobsQueryHandler(deps: JobsQueryDeps) {
  const { redis, pool, config } = deps;
  return async (query: JobsQuery, context: QueryContext): Promise<DataFrameJSON[]> => {
    if (query.search !== undefined) {
      let parsed;
      try {
        parsed = parseSearch(query.search);
      } catch (error) {
        if (error instanceof SearchSyntaxError) {
          throw new QueryError(`search: ${error.message}`);
        }
        throw error;
      }
      const limit = Math.min(query.limit, MAX_SEARCH_LIMIT);
      const result = await searchLedger(
        pool,
        config.queues.ledgerTable,
        parsed,
        { queue: query.queue, from: context.range?.from, to: context.range?.to },
        { limit }
      );
      const notices =
        query.limit > limit ? [`search returns at most ${MAX_SEARCH_LIMIT} rows; showing the newest ${limit}`] : [];
      return [ledgerRowsFrame(result.rows, query.refId, notices)];
    }
    if (query.queue === undefined) {
      throw new QueryError('queue: required for live jobs (or set search to search the job ledger)');
    }
    const ref = await resolveQueueRef(redis, config.queues.prefixes, query.queue);
    if (!ref) {
      throw new QueryError(`queue: no queue named "${query.queue}" under the configured prefixes`, 404);
    }
    const page = await listJobs(redis, ref, query.state, 0, query.limit, {
      maxCount: query.limit,
      requestIds: (ids) => getLedgerRequestIds(pool, config.queues.ledgerTable, ref.name, ids),
    });
    return [liveJobsFrame(ref.name, page.jobs, page.total, query.refId)];
  };
}
