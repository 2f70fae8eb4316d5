// Read-scope queue handlers: overview, one queue, a page of jobs, one job, ledger search. Thin: parse, call, send.
import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import { JOB_STATES, LEDGER_STATUSES, TIERS } from '@penguinmails/sysmon-contract';
import type { Config } from '../../config.ts';
import type { Pool } from '../../db/pool.ts';
import type { QueueRef } from '../../queues/discovery.ts';
import { getJobDetail, listJobs, MAX_PAGE_COUNT } from '../../queues/jobs.ts';
import { getLedgerRequestIds, getLedgerRow } from '../../queues/ledgerQueries.ts';
import type { QueueReadPath } from '../../queues/overview.ts';
import { resolveQueueRef } from '../../queues/queueHandles.ts';
import {
  decodeCursor,
  DEFAULT_SEARCH_LIMIT,
  InvalidCursorError,
  MAX_SEARCH_LIMIT,
  searchLedger,
} from '../../queues/search.ts';
import { MAX_QUERY_LENGTH, parseSearch, SearchSyntaxError } from '../../queues/searchLanguage.ts';
import type { Redis } from '../../redis.ts';
import { HttpError, queueNotFound } from '../errors.ts';
import { integer, invalidParameter, nameParam, parseQueryParams, pathParam, text } from '../params.ts';

const overviewParams = z.object({ tier: z.enum(TIERS).optional() });
const queueParams = z.object({ prefix: nameParam().optional() });
const jobListParams = z.object({
  state: z.enum(JOB_STATES).default('failed'),
  start: integer(0, 1_000_000_000).default(0),
  count: integer(1, MAX_PAGE_COUNT).default(25),
  prefix: nameParam().optional(),
});
const searchParams = z.object({
  q: text(MAX_QUERY_LENGTH).default(''),
  queue: nameParam().optional(),
  status: z.enum(LEDGER_STATUSES).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: integer(1, MAX_SEARCH_LIMIT).default(DEFAULT_SEARCH_LIMIT),
  cursor: text(2_000).optional(),
});

export interface QueueReadHandlerDeps {
  config: Config;
  pool: Pool;
  redis: Redis;
  queueRead: QueueReadPath;
}

export type QueueReadHandlers = Record<
  'listQueues' | 'getQueue' | 'listJobs' | 'getJob' | 'searchJobs',
  RequestHandler
>;

export function createQueueReadHandlers(deps: QueueReadHandlerDeps): QueueReadHandlers {
  const { config, pool, redis, queueRead } = deps;
  const ledgerTable = config.queues.ledgerTable;

  /**
   * The queue named in the path, resolved like the actions and the overview (sorted prefixes): O(1) EXISTS per
   * prefix, so a queue created since discovery is found too.
   */
  async function resolveQueue(req: Request, prefix?: string): Promise<QueueRef> {
    const name = pathParam(req, 'queue');
    const ref = await resolveQueueRef(redis, config.queues.prefixes, name, prefix);
    if (!ref) {
      throw queueNotFound(name);
    }
    return ref;
  }

  return {
    listQueues: async (req, res) => {
      const { tier } = parseQueryParams(overviewParams, req.query);
      res.json(await queueRead.overview.list({ tier }));
    },

    getQueue: async (req, res) => {
      const { prefix } = parseQueryParams(queueParams, req.query);
      const name = pathParam(req, 'queue');
      let snapshot = await queueRead.overview.get(name, prefix);
      if (!snapshot) {
        // Created after the last discovery (cached 30 s)? Rescan only when the queue really exists.
        await resolveQueue(req, prefix);
        queueRead.discovery.invalidate();
        queueRead.invalidate();
        snapshot = await queueRead.overview.get(name, prefix);
      }
      if (!snapshot) {
        throw queueNotFound(name);
      }
      res.json(snapshot);
    },

    listJobs: async (req, res) => {
      const params = parseQueryParams(jobListParams, req.query);
      const ref = await resolveQueue(req, params.prefix);
      res.json(
        await listJobs(redis, ref, params.state, params.start, params.count, {
          requestIds: (ids) => getLedgerRequestIds(pool, ledgerTable, ref.name, ids),
        })
      );
    },

    getJob: async (req, res) => {
      const { prefix } = parseQueryParams(queueParams, req.query);
      const ref = await resolveQueue(req, prefix);
      const id = pathParam(req, 'id');
      const detail = await getJobDetail(redis, ref, id, {
        ledgerRow: (jobId) => getLedgerRow(pool, ledgerTable, jobId, ref.name),
      });
      if (!detail) {
        throw new HttpError(404, 'job_not_found', `no job "${id}" in queue "${ref.name}"`);
      }
      res.json(detail);
    },

    searchJobs: async (req, res) => {
      const params = parseQueryParams(searchParams, req.query);
      let query;
      let cursor;
      try {
        query = parseSearch(params.q);
        cursor = params.cursor === undefined ? undefined : decodeCursor(params.cursor);
      } catch (error) {
        if (error instanceof SearchSyntaxError) {
          throw invalidParameter('q', error.message);
        }
        if (error instanceof InvalidCursorError) {
          throw invalidParameter('cursor', error.message);
        }
        throw error;
      }
      const from = params.from === undefined ? undefined : new Date(params.from);
      const to = params.to === undefined ? undefined : new Date(params.to);
      if (from && to && from > to) {
        throw invalidParameter('from', 'is after to');
      }
      res.json(
        await searchLedger(
          pool,
          ledgerTable,
          query,
          { queue: params.queue, status: params.status, from, to },
          { limit: params.limit, cursor }
        )
      );
    },
  };
}
