// Recovery of ledger rows whose BullMQ job is gone (drift kinds `ledger_without_job` and `started_without_job`):
// each row is re-enqueued with the same jobId, name, payload and the job options the producer stored in the
// ledger (`opts`: attempts, backoff, lifo, removeOnComplete…), a delayed job keeping only its remaining delay, then
// the row is set back to queued (or delayed). addBulk with jobId: BullMQ ignores a jobId that exists, so a row
// recovered twice, or by two replicas at once, still gives one job.
// Safe by default: only rows that never started (queued, delayed). A row last seen active may have been processed
// (its email sent) by a worker that could not write the ledger afterwards; re-running it needs `includeStarted`.
// Bounded: at most `limit` recoveries, ledger pages of ≤ ledgerPage rows, ≤ RECOVERY_BATCH jobs per add call, at
// most maxExamined rows examined per run.
import type { DriftRecoverBody, DriftRecoveryResult, LedgerStatus } from '@penguinmails/sysmon-contract';
import type { JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Pool } from '../db/pool.ts';
import { quoteIdent } from '../db/sql.ts';
import { liveJobIds, whileConnected, type QueueHandles, type QueueRef } from './bullmq/index.ts';
import { DRIFT_GRACE_MS, DRIFT_LEDGER_PAGE, nonTerminalLedgerRows, queueRefs, type QueueLookup } from './drift.ts';

export const RECOVERY_BATCH = 500;
/** Rows named in a result (and so in its audit event). */
export const RECOVERED_ROWS_LISTED = 200;
/** BullMQ's PRIORITY_LIMIT is 2^21; 0 means no priority. */
const MAX_PRIORITY = 2 ** 21 - 1;

const NOT_STARTED: readonly LedgerStatus[] = ['queued', 'delayed'];
const STARTED: readonly LedgerStatus[] = ['active'];

export interface LedgerJobRow {
  id: string;
  queue: string;
  name: string;
  status: LedgerStatus;
  priority: number | null;
  payload: unknown;
  opts: Record<string, unknown> | null;
  request_id: string | null;
  created_at: Date;
}

/**
 * The job data a recovered job gets: the envelope the platform's producers use (see demo/producer.ts:
 * `{ requestId, payload }`), so workers read a recovered job exactly like the original one.
 */
export function jobDataFromLedger(row: Pick<LedgerJobRow, 'payload' | 'request_id'>): Record<string, unknown> {
  return { requestId: row.request_id, payload: row.payload };
}

// Options a recovered job takes over from the ledger. Left out: jobId (the row's id is used), timestamps and
// repeat/parent/deduplication state, which belong to the original job's place in Redis.
const KEPT_OPTIONS = [
  'attempts',
  'backoff',
  'lifo',
  'priority',
  'removeOnComplete',
  'removeOnFail',
  'keepLogs',
  'stackTraceLimit',
  'sizeLimit',
] as const;

/**
 * The options to re-create a row's job with (pure): the stored options, the row's priority when they hold none,
 * and what is left of a delay (created_at + opts.delay − now; nothing once it is due).
 */
export function jobOptionsFromLedger(
  row: Pick<LedgerJobRow, 'id' | 'priority' | 'opts' | 'created_at'>,
  now: number
): JobsOptions {
  const stored = row.opts ?? {};
  const options: Record<string, unknown> = { jobId: row.id };
  for (const key of KEPT_OPTIONS) {
    if (stored[key] !== undefined && stored[key] !== null) {
      options[key] = stored[key];
    }
  }
  if (options.priority === undefined && row.priority) {
    options.priority = row.priority;
  }
  const delay = Number(stored.delay);
  if (Number.isFinite(delay) && delay > 0) {
    const remaining = row.created_at.getTime() + delay - now;
    if (remaining > 0) {
      options.delay = Math.ceil(remaining);
    }
  }
  return options as JobsOptions;
}

/** Why a row cannot be re-enqueued by BullMQ 6, or undefined when it can. */
export function unrecoverableReason(row: Pick<LedgerJobRow, 'id' | 'priority' | 'opts'>): string | undefined {
  if (row.id.includes(':')) {
    return 'job id contains ":"';
  }
  if (/^\d+$/.test(row.id)) {
    return 'job id is an integer (BullMQ 6 rejects custom integer ids)';
  }
  const priority = Number(row.opts?.priority ?? row.priority ?? 0);
  if (!Number.isInteger(priority) || priority < 0 || priority > MAX_PRIORITY) {
    return `priority ${priority} is outside 0..${MAX_PRIORITY}`;
  }
  return undefined;
}

export interface RecoveryOptions {
  redis: Redis;
  pool: Pool;
  ledgerTable: string;
  handles: QueueHandles;
  queues: QueueLookup;
  graceMs?: number;
  ledgerPage?: number;
  /** Rows examined per run at most (recovered or not). */
  maxExamined?: number;
  clock?: () => number;
}

export function createDriftRecovery(options: RecoveryOptions) {
  const { redis, pool, handles } = options;
  const table = quoteIdent(options.ledgerTable);
  const graceMs = options.graceMs ?? DRIFT_GRACE_MS;
  const ledgerPage = options.ledgerPage ?? DRIFT_LEDGER_PAGE;
  const maxExamined = options.maxExamined ?? 50_000;
  const clock = options.clock ?? Date.now;

  /** Re-enqueues one queue's batch; returns the rows added. */
  async function enqueue(ref: QueueRef, rows: LedgerJobRow[], result: DriftRecoveryResult): Promise<LedgerJobRow[]> {
    const skip = (row: LedgerJobRow, reason: string) => {
      result.skipped += 1;
      if (result.skippedExamples.length < 10) {
        result.skippedExamples.push(`${row.queue}/${row.id}: ${reason}`);
      }
    };
    const addable = rows.filter((row) => {
      const reason = unrecoverableReason(row);
      if (reason) {
        skip(row, reason);
      }
      return !reason;
    });
    if (addable.length === 0) {
      return [];
    }
    const queue = handles.get(ref);
    const now = clock();
    const toJob = (row: LedgerJobRow) => ({
      name: row.name,
      data: jobDataFromLedger(row),
      opts: jobOptionsFromLedger(row, now),
    });
    let added: LedgerJobRow[] = addable;
    try {
      await whileConnected(redis, () => queue.addBulk(addable.map(toJob)));
    } catch (error) {
      if ((error as { code?: string }).code === 'redis_unavailable') {
        throw error;
      }
      // One bad job fails the whole addBulk: add one by one to find it.
      added = [];
      for (const row of addable) {
        try {
          const job = toJob(row);
          await whileConnected(redis, () => queue.add(job.name, job.data, job.opts));
          added.push(row);
        } catch (oneError) {
          if ((oneError as { code?: string }).code === 'redis_unavailable') {
            throw oneError;
          }
          skip(row, (oneError as Error).message);
        }
      }
    }
    if (added.length > 0) {
      // Back to what the new job is: waiting, or delayed when it kept a delay.
      await pool.query(
        `UPDATE ${table} AS l SET status = r.status, updated_at = now()
           FROM unnest($2::text[], $3::text[]) AS r(id, status)
          WHERE l.queue = $1 AND l.id = r.id AND l.status IN ('queued', 'active', 'delayed')`,
        [
          ref.name,
          added.map((row) => row.id),
          added.map((row) => (jobOptionsFromLedger(row, now).delay ? 'delayed' : 'queued')),
        ]
      );
    }
    return added;
  }

  async function recoverQueue(
    name: string,
    prefixes: string[],
    request: DriftRecoverBody,
    result: DriftRecoveryResult,
    budget: { examined: number }
  ) {
    // Re-enqueue under the first prefix holding the queue (sorted, as discovery reports them).
    const ref: QueueRef = { prefix: prefixes[0]!, name };
    const statuses = request.includeStarted ? [...NOT_STARTED, ...STARTED] : NOT_STARTED;
    let after: { createdAt: Date; id: string } | undefined;
    while (result.recovered < request.limit && budget.examined < maxExamined) {
      const page = await nonTerminalLedgerRows(pool, options.ledgerTable, name, {
        limit: Math.min(ledgerPage, maxExamined - budget.examined),
        graceMs,
        after,
      });
      if (page.length === 0) {
        return;
      }
      budget.examined += page.length;
      const last = page[page.length - 1]!;
      after = { createdAt: last.created_at, id: last.id };
      const live = await liveJobIds(
        redis,
        prefixes,
        name,
        page.map((row) => row.id)
      );
      const missing = page.filter((row) => !live.has(row.id));
      if (!request.includeStarted) {
        result.needsDecision += missing.filter((row) => STARTED.includes(row.status as LedgerStatus)).length;
      }
      const missingIds = missing
        .filter((row) => statuses.includes(row.status as LedgerStatus))
        .map((row) => row.id)
        .slice(0, request.limit - result.recovered);
      for (let start = 0; start < missingIds.length; start += RECOVERY_BATCH) {
        const ids = missingIds.slice(start, start + RECOVERY_BATCH);
        // Re-checked here: a row that turned completed/failed since it was paged (its worker finished and the
        // job was removed), or started meanwhile, must not be re-enqueued.
        const { rows } = await pool.query<LedgerJobRow>(
          `SELECT id, queue, name, status, priority, payload, opts, request_id, created_at FROM ${table}
           WHERE queue = $1 AND id = ANY($2::text[]) AND status = ANY($3::text[]) ORDER BY created_at, id`,
          [name, ids, statuses]
        );
        const added = await enqueue(ref, rows, result);
        result.recovered += added.length;
        for (const row of added.slice(0, RECOVERED_ROWS_LISTED - result.recoveredRows.length)) {
          result.recoveredRows.push({ queue: row.queue, id: row.id, status: row.status });
        }
      }
      if (page.length < ledgerPage) {
        return;
      }
    }
  }

  return {
    /** Recovers up to `limit` rows of one queue, or of every discovered queue. Null when `queue` is unknown. */
    async recover(request: DriftRecoverBody): Promise<DriftRecoveryResult | null> {
      const refs = await queueRefs(options.queues, request.queue);
      if (request.queue !== undefined && refs.length === 0) {
        return null;
      }
      const prefixesByName = new Map<string, string[]>();
      for (const ref of refs) {
        prefixesByName.set(ref.name, [...(prefixesByName.get(ref.name) ?? []), ref.prefix]);
      }
      const result: DriftRecoveryResult = {
        mode: request.includeStarted ? 'include_started' : 'not_started',
        recovered: 0,
        recoveredRows: [],
        skipped: 0,
        skippedExamples: [],
        needsDecision: 0,
      };
      const budget = { examined: 0 };
      for (const [name, prefixes] of prefixesByName) {
        if (result.recovered >= request.limit) {
          break;
        }
        await recoverQueue(name, prefixes, request, result, budget);
      }
      return result;
    },
  };
}

export type DriftRecovery = ReturnType<typeof createDriftRecovery>;
