// Drift between Redis (BullMQ) and the durable job ledger (DESIGN.md §4), with bounded work per queue:
// - ledger_without_job / started_without_job: non-terminal ledger rows whose job hash is gone, split by whether the
//   row never started (queued/delayed: safe to re-enqueue) or was last seen active (it may have run). The PAGE
//   oldest such rows per queue are checked with one pipelined EXISTS each.
// - job_without_ledger: live BullMQ jobs (the newest WINDOW ids of wait, v5 paused, prioritized, delayed, active)
//   with no ledger row: one `id = ANY($1)` query per queue.
// - terminal_not_in_ledger: completed/failed in Redis (newest WINDOW finished before the grace period) while the
//   ledger row is still queued/active/delayed.
// - active_past_lock: active jobs whose `<id>:lock` key is gone, i.e. no worker renews it and the stalled check
//   will move them, read with the active list in one script so a job finishing meanwhile is never reported.
//   (A long job whose lock is renewed is healthy however long it runs, so age alone is not drift.)
// Counts are lower bounds when a window or page was full (`lowerBound`). Terminal ledger rows whose Redis job was
// removed by removeOnComplete/removeOnFail are normal and never counted. Rows or jobs touched within `graceMs`
// are left out: producers write the ledger and Redis one after the other, workers likewise.
import { DRIFT_KINDS, type DriftKind, type DriftReport } from '@penguinmails/sysmon-contract';
import type { Redis } from 'ioredis';
import type { Pool } from '../db/pool.ts';
import { quoteIdent } from '../db/sql.ts';
import {
  activeWithoutLock,
  existingQueueRefs,
  jobTimestamps,
  liveJobIds,
  readDriftWindow,
  type QueueRef,
} from './bullmq/index.ts';
import { cachedLoader, type CachedLoader } from './cache.ts';

export const NON_TERMINAL_STATUSES = ['queued', 'active', 'delayed'] as const;
export const DRIFT_WINDOW = 1_000;
export const DRIFT_LEDGER_PAGE = 1_000;
export const DRIFT_GRACE_MS = 30_000;
export const DRIFT_CACHE_TTL_MS = 15_000;
const MAX_EXAMPLES = 10;

export interface DriftExample {
  queue: string;
  id: string;
  status?: string;
  state?: string;
  ageMs?: number;
}

export type DriftKindReport = DriftReport['kinds'][number];

export interface DriftOptions {
  redis: Redis;
  pool: Pool;
  ledgerTable: string;
  window?: number;
  ledgerPage?: number;
  graceMs?: number;
  clock?: () => number;
}

interface Finding extends DriftExample {
  ageMs: number;
}

interface KindAccumulator {
  findings: Finding[];
  count: number;
  lowerBound: boolean;
}

function emptyAccumulators(): Record<DriftKind, KindAccumulator> {
  return Object.fromEntries(
    DRIFT_KINDS.map((kind) => [kind, { findings: [], count: 0, lowerBound: false }])
  ) as unknown as Record<DriftKind, KindAccumulator>;
}

/** Oldest first, ≤ 10 examples; oldest age over everything found. Pure. */
export function summariseKind(kind: DriftKind, acc: KindAccumulator): DriftKindReport {
  const sorted = [...acc.findings].sort((a, b) => b.ageMs - a.ageMs);
  return {
    kind,
    count: acc.count,
    oldestAgeMs: sorted[0]?.ageMs ?? null,
    examples: sorted.slice(0, MAX_EXAMPLES),
    lowerBound: acc.lowerBound,
  };
}

function ageFrom(now: number, epochMs: number | null | undefined): number {
  return epochMs === null || epochMs === undefined || !Number.isFinite(epochMs) ? 0 : Math.max(0, now - epochMs);
}

export interface LedgerDriftRow {
  id: string;
  queue: string;
  status: string;
  created_at: Date;
}

/**
 * Non-terminal ledger rows of `queue` not updated within graceMs, oldest first, after (createdAt, id) when given
 * (keyset paging), at most `limit`. Uses the (queue, status, created_at) index.
 */
export async function nonTerminalLedgerRows(
  pool: Pool,
  ledgerTable: string,
  queue: string,
  options: { limit: number; graceMs: number; after?: { createdAt: Date; id: string } }
): Promise<LedgerDriftRow[]> {
  const params: unknown[] = [queue, options.graceMs, options.limit];
  let keyset = '';
  if (options.after) {
    params.push(options.after.createdAt, options.after.id);
    keyset = 'AND (created_at, id) > ($4, $5)';
  }
  // The status list is a literal so the planner can match the partial index of migration 006.
  const { rows } = await pool.query<LedgerDriftRow>(
    `SELECT id, queue, status, created_at FROM ${quoteIdent(ledgerTable)}
     WHERE queue = $1 AND status IN ('queued', 'active', 'delayed')
       AND updated_at < now() - make_interval(secs => $2::float8 / 1000)
       ${keyset}
     ORDER BY created_at, id LIMIT $3`,
    params
  );
  return rows;
}

export function createDriftChecker(options: DriftOptions) {
  const { redis, pool, ledgerTable } = options;
  const window = options.window ?? DRIFT_WINDOW;
  const ledgerPage = options.ledgerPage ?? DRIFT_LEDGER_PAGE;
  const graceMs = options.graceMs ?? DRIFT_GRACE_MS;
  const clock = options.clock ?? Date.now;
  const table = quoteIdent(ledgerTable);

  async function checkRedisSide(ref: QueueRef, now: number, acc: Record<DriftKind, KindAccumulator>) {
    const seen = await readDriftWindow(redis, ref, window, now - graceMs);

    // active_past_lock: active jobs in the window whose lock is gone (read atomically, see activeWithoutLock).
    const { active, unlocked } = await activeWithoutLock(redis, ref, window);
    for (const { id, processedOn } of unlocked) {
      acc.active_past_lock.count += 1;
      acc.active_past_lock.findings.push({ queue: ref.name, id, state: 'active', ageMs: ageFrom(now, processedOn) });
    }
    acc.active_past_lock.lowerBound ||= active > window;

    // job_without_ledger: live ids in the window with no ledger row.
    const liveIds = [...new Set(seen.live.flatMap((entry) => entry.ids))];
    if (liveIds.length > 0) {
      const { rows } = await pool.query<{ id: string }>(
        `SELECT id FROM ${table} WHERE queue = $1 AND id = ANY($2::text[])`,
        [ref.name, liveIds]
      );
      const inLedger = new Set(rows.map((row) => row.id));
      const missing = seen.live.flatMap(({ state, ids }) =>
        ids.filter((id) => !inLedger.has(id)).map((id) => ({ id, state }))
      );
      const stamps = await jobTimestamps(
        redis,
        ref,
        missing.map(({ id }) => id)
      );
      missing.forEach(({ id, state }, i) => {
        const timestamp = stamps[i];
        if (timestamp === null || timestamp === undefined) {
          return; // finished and removed since the window was read
        }
        if (Number.isFinite(timestamp) && timestamp > now - graceMs) {
          return; // just added: the ledger row may still be on its way
        }
        acc.job_without_ledger.count += 1;
        acc.job_without_ledger.findings.push({ queue: ref.name, id, state, ageMs: ageFrom(now, timestamp) });
      });
      acc.job_without_ledger.lowerBound ||= seen.liveWindowFull;
    }

    // terminal_not_in_ledger: finished in Redis, ledger row still non-terminal.
    const terminal = seen.terminal;
    if (terminal.length > 0) {
      const { rows } = await pool.query<{ id: string; status: string }>(
        `SELECT id, status FROM ${table} WHERE queue = $1 AND id = ANY($2::text[]) AND status = ANY($3::text[])`,
        [ref.name, terminal.map((job) => job.id), NON_TERMINAL_STATUSES]
      );
      const statusById = new Map(rows.map((row) => [row.id, row.status]));
      for (const job of terminal) {
        const status = statusById.get(job.id);
        if (status !== undefined) {
          acc.terminal_not_in_ledger.count += 1;
          acc.terminal_not_in_ledger.findings.push({
            queue: ref.name,
            id: job.id,
            state: job.state,
            status,
            ageMs: ageFrom(now, job.finishedOn),
          });
        }
      }
      acc.terminal_not_in_ledger.lowerBound ||= seen.terminalWindowFull;
    }
  }

  async function checkLedgerSide(
    name: string,
    prefixes: string[],
    now: number,
    acc: Record<DriftKind, KindAccumulator>
  ) {
    const rows = await nonTerminalLedgerRows(pool, ledgerTable, name, { limit: ledgerPage, graceMs });
    const live = await liveJobIds(
      redis,
      prefixes,
      name,
      rows.map((row) => row.id)
    );
    for (const row of rows) {
      if (!live.has(row.id)) {
        // A row last seen active may have run (and sent its email): recovering it needs a decision.
        const kind = row.status === 'active' ? acc.started_without_job : acc.ledger_without_job;
        kind.count += 1;
        kind.findings.push({
          queue: name,
          id: row.id,
          status: row.status,
          ageMs: ageFrom(now, row.created_at.getTime()),
        });
      }
    }
    acc.ledger_without_job.lowerBound ||= rows.length === ledgerPage;
    acc.started_without_job.lowerBound ||= rows.length === ledgerPage;
  }

  /** Checks the given queues (one at a time, to keep each step's memory and query size bounded). */
  async function check(refs: readonly QueueRef[]): Promise<DriftReport> {
    const now = clock();
    const acc = emptyAccumulators();
    const prefixesByName = new Map<string, string[]>();
    for (const ref of refs) {
      prefixesByName.set(ref.name, [...(prefixesByName.get(ref.name) ?? []), ref.prefix]);
      await checkRedisSide(ref, now, acc);
    }
    for (const [name, prefixes] of prefixesByName) {
      await checkLedgerSide(name, prefixes, now, acc);
    }
    return {
      checkedAt: new Date(now).toISOString(),
      kinds: DRIFT_KINDS.map((kind) => summariseKind(kind, acc[kind])),
    };
  }

  return { check };
}

export type DriftChecker = ReturnType<typeof createDriftChecker>;

/** Where the queues to check come from: every discovered queue, or one queue looked up by name. */
export interface QueueLookup {
  discovery: { get(): Promise<QueueRef[]> };
  /** Refs of one queue by name (e.g. existingQueueRefs: EXISTS, so a queue newer than discovery is found). */
  byName(name: string): Promise<QueueRef[]>;
}

/** Every discovered queue, or one queue by name under the configured prefixes (found even if not yet discovered). */
export function queueLookup(deps: {
  redis: Redis;
  prefixes: readonly string[];
  discovery: QueueLookup['discovery'];
}): QueueLookup {
  return {
    discovery: deps.discovery,
    byName: (name) => existingQueueRefs(deps.redis, deps.prefixes, name),
  };
}

export async function queueRefs(lookup: QueueLookup, name?: string): Promise<QueueRef[]> {
  return name === undefined ? lookup.discovery.get() : lookup.byName(name);
}

/**
 * Drift reports cached per queue filter (the Queues page banner polls every 5 s; a full check is up to a few
 * thousand Redis commands and two queries per queue). `invalidate()` after a recovery.
 */
export function createDriftCache(checker: DriftChecker, queues: QueueLookup, ttlMs = DRIFT_CACHE_TTL_MS) {
  const loaders = new Map<string, CachedLoader<DriftReport | null>>();
  return {
    /** Undefined queue = every discovered queue. Resolves to null when the named queue is not discovered. */
    get(queue?: string): Promise<DriftReport | null> {
      const cacheKey = queue ?? '';
      let loader = loaders.get(cacheKey);
      if (!loader) {
        if (loaders.size >= 100) {
          loaders.clear();
        }
        loader = cachedLoader(async () => {
          const refs = await queueRefs(queues, queue);
          return queue !== undefined && refs.length === 0 ? null : checker.check(refs);
        }, ttlMs);
        loaders.set(cacheKey, loader);
      }
      return loader.get();
    },
    invalidate() {
      loaders.clear();
    },
  };
}

export type DriftCache = ReturnType<typeof createDriftCache>;
