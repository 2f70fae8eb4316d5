// Recovery of "ledger_without_job" drift: non-terminal ledger rows whose BullMQ job is gone are re-enqueued with
// the same jobId, name, payload and priority (addBulk with jobId: BullMQ ignores a jobId that exists, so a row
// recovered twice, or by two replicas at once, still gives one job), then the row is set back to `queued`.
// Bounded: at most `limit` recoveries, ledger pages of ≤ ledgerPage rows, ≤ RECOVERY_BATCH jobs per add call,
// and at most maxExamined rows examined per run.
import type { DriftRecoverBody, DriftRecoveryResult } from '@penguinmails/sysmon-contract';
import type { Pool } from '../db/pool.ts';
import { quoteIdent } from '../db/sql.ts';
import type { Redis } from 'ioredis';
import { liveJobIds, type QueueHandles, type QueueRef } from './bullmq/index.ts';
import {
  DRIFT_GRACE_MS,
  DRIFT_LEDGER_PAGE,
  NON_TERMINAL_STATUSES,
  nonTerminalLedgerRows,
  queueRefs,
  type QueueLookup,
} from './drift.ts';

export const RECOVERY_BATCH = 500;
/** BullMQ's PRIORITY_LIMIT is 2^21; 0 means no priority. */
const MAX_PRIORITY = 2 ** 21 - 1;

export interface LedgerJobRow {
  id: string;
  queue: string;
  name: string;
  priority: number | null;
  payload: unknown;
  request_id: string | null;
}

/**
 * The job data a recovered job gets: the envelope the platform's producers use (see demo/producer.ts:
 * `{ requestId, payload }`), so workers read a recovered job exactly like the original one.
 */
export function jobDataFromLedger(row: Pick<LedgerJobRow, 'payload' | 'request_id'>): Record<string, unknown> {
  return { requestId: row.request_id, payload: row.payload };
}

/** Why a row cannot be re-enqueued by BullMQ 6, or undefined when it can. */
export function unrecoverableReason(row: Pick<LedgerJobRow, 'id' | 'priority'>): string | undefined {
  if (row.id.includes(':')) {
    return 'job id contains ":"';
  }
  if (/^\d+$/.test(row.id)) {
    return 'job id is an integer (BullMQ 6 rejects custom integer ids)';
  }
  const priority = row.priority ?? 0;
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
}

export function createDriftRecovery(options: RecoveryOptions) {
  const { redis, pool, handles } = options;
  const table = quoteIdent(options.ledgerTable);
  const graceMs = options.graceMs ?? DRIFT_GRACE_MS;
  const ledgerPage = options.ledgerPage ?? DRIFT_LEDGER_PAGE;
  const maxExamined = options.maxExamined ?? 50_000;

  /** Re-enqueues one queue's batch; returns how many were added. */
  async function enqueue(ref: QueueRef, rows: LedgerJobRow[], result: DriftRecoveryResult): Promise<number> {
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
      return 0;
    }
    const queue = handles.get(ref);
    const toJob = (row: LedgerJobRow) => ({
      name: row.name,
      data: jobDataFromLedger(row),
      opts: { jobId: row.id, ...(row.priority ? { priority: row.priority } : {}) },
    });
    let added: LedgerJobRow[] = addable;
    try {
      await queue.addBulk(addable.map(toJob));
    } catch {
      // One bad job fails the whole addBulk: add one by one to find it.
      added = [];
      for (const row of addable) {
        try {
          await queue.add(toJob(row).name, toJob(row).data, toJob(row).opts);
          added.push(row);
        } catch (error) {
          skip(row, (error as Error).message);
        }
      }
    }
    if (added.length > 0) {
      await pool.query(
        `UPDATE ${table} SET status = 'queued', updated_at = now()
         WHERE id = ANY($1::text[]) AND status = ANY($2::text[])`,
        [added.map((row) => row.id), NON_TERMINAL_STATUSES]
      );
    }
    return added.length;
  }

  async function recoverQueue(
    name: string,
    prefixes: string[],
    limit: number,
    result: DriftRecoveryResult,
    budget: { examined: number }
  ) {
    // Re-enqueue under the first prefix holding the queue (sorted, as discovery reports them).
    const ref: QueueRef = { prefix: prefixes[0]!, name };
    let after: { createdAt: Date; id: string } | undefined;
    while (result.recovered < limit && budget.examined < maxExamined) {
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
      const missingIds = page
        .filter((row) => !live.has(row.id))
        .map((row) => row.id)
        .slice(0, limit - result.recovered);
      for (let start = 0; start < missingIds.length; start += RECOVERY_BATCH) {
        const ids = missingIds.slice(start, start + RECOVERY_BATCH);
        // Re-checked here: a row that turned completed/failed since it was paged (its worker finished and the
        // job was removed) must not be re-enqueued.
        const { rows } = await pool.query<LedgerJobRow>(
          `SELECT id, queue, name, priority, payload, request_id FROM ${table}
           WHERE id = ANY($1::text[]) AND queue = $2 AND status = ANY($3::text[]) ORDER BY created_at, id`,
          [ids, name, NON_TERMINAL_STATUSES]
        );
        result.recovered += await enqueue(ref, rows, result);
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
      const result: DriftRecoveryResult = { recovered: 0, skipped: 0, skippedExamples: [] };
      const budget = { examined: 0 };
      for (const [name, prefixes] of prefixesByName) {
        if (result.recovered >= request.limit) {
          break;
        }
        await recoverQueue(name, prefixes, request.limit, result, budget);
      }
      return result;
    },
  };
}

export type DriftRecovery = ReturnType<typeof createDriftRecovery>;
