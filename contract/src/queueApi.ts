// JSON shapes of the service's queue endpoints, defined once: the service builds them, the plugin reads them.
// Request bodies are zod schemas (the service validates with them, the plugin's client takes their types).
// The endpoints are listed in README ("Queue API").
import { z } from 'zod';
import type { DriftKind, JobState, LedgerStatus, QueueMetricField } from './queues.ts';
import type { Tier } from './tiers.ts';

export interface QueueCounts {
  waiting: number;
  prioritized: number;
  active: number;
  delayed: number;
  waitingChildren: number;
  failed: number;
  completed: number;
}

export interface QueueSnapshot {
  name: string;
  prefix: string;
  tier: Tier;
  paused: boolean;
  counts: QueueCounts;
  /** Jobs workers could start now: waiting + prioritized + overdue delayed. */
  depth: number;
  oldestWaitingAgeMs: number | null;
  /** Depth per BullMQ job priority (0 = no priority), highest precedence first. */
  priorities: Array<{ priority: number; count: number }>;
  workers: number | null;
  throughputPerMin: number | null;
  failuresPerMin: number | null;
  /** failures / (completions + failures) over the rate window, 0..1. */
  failureRate: number | null;
  arrivalsPerMin: number | null;
  /** Seconds until depth reaches 0 at the current net drain rate; null when not draining or unknown. */
  drainEtaSeconds: number | null;
  sampledAt: string;
  /** Set when this queue could not be read; the other fields are then zero/null. */
  error?: string;
}

/** GET /api/queues */
export interface QueuesResponse {
  generatedAt: string;
  queues: QueueSnapshot[];
}

/** GET /api/queues/history */
export interface QueueHistoryResponse {
  field: string;
  series: Array<{ name: string; points: Array<[number, number | null]> }>;
}

export interface JobSummary {
  id: string;
  name: string;
  state: JobState;
  priority: number;
  attemptsMade: number;
  timestamp: number;
  processedOn: number | null;
  finishedOn: number | null;
  delayUntil: number | null;
  failedReason: string | null;
  requestId: string | null;
  dataBytes: number;
}

/** GET /api/queues/history query parameters (times ISO 8601; `to` defaults to now). */
export interface QueueHistoryQuery {
  field: QueueMetricField;
  from: string;
  to?: string;
  groupBy?: 'queue' | 'tier';
  queue?: string;
  tier?: Tier;
  maxPoints?: number;
}

/** GET /api/jobs/search query parameters (without `from`: the last 24 hours). */
export interface JobSearchQuery {
  q?: string;
  queue?: string;
  status?: LedgerStatus;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string | null;
}

/** GET /api/queues/:queue/jobs */
export interface JobListResponse {
  queue: string;
  state: JobState;
  start: number;
  count: number;
  total: number;
  jobs: JobSummary[];
}

export interface LedgerRow {
  id: string;
  queue: string;
  name: string;
  priority: number | null;
  status: LedgerStatus;
  payload: unknown;
  payloadTruncated?: boolean;
  requestId: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** GET /api/queues/:queue/jobs/:id. `unknown`: the job hash exists but no state holds its id (drift). */
export interface JobDetail extends Omit<JobSummary, 'state'> {
  state: JobState | 'unknown';
  queue: string;
  data: unknown;
  dataTruncated?: boolean;
  dataPreview?: string;
  opts: Record<string, unknown>;
  stacktrace: string[];
  logs: string[];
  returnValue: unknown;
  ledger: LedgerRow | null;
}

/** GET /api/jobs/search */
export interface JobSearchResponse {
  rows: LedgerRow[];
  nextCursor: string | null;
  /** The created_at range searched: without `from` the service searches only the last 24 h (to null: up to now). */
  range?: { from: string; to: string | null };
}

/** GET /api/drift */
export interface DriftReport {
  checkedAt: string;
  kinds: Array<{
    kind: DriftKind;
    count: number;
    oldestAgeMs: number | null;
    examples: Array<{ queue: string; id: string; status?: string; state?: string; ageMs?: number }>;
    /** True when a window or page was full, so more drift may exist beyond what was examined. */
    lowerBound: boolean;
  }>;
}

/** POST /api/drift/recover */
export interface DriftRecoveryResult {
  /** Which rows were considered: `not_started` (queued, delayed) or `include_started` (also active). */
  mode: 'not_started' | 'include_started';
  recovered: number;
  /** The first rows re-enqueued (at most 200 of `recovered`), for the audit log. */
  recoveredRows: Array<{ queue: string; id: string; status: string }>;
  skipped: number;
  /** Up to 10 reasons for skipped rows, e.g. "q/7: job id is an integer". */
  skippedExamples: string[];
  /** Rows last seen active whose job is gone, left alone in `not_started` mode: they need a decision. */
  needsDecision: number;
}

// Operator actions (POST/DELETE through the operator route).

/** Most jobs one bulk action (retry failed, promote delayed, clean) may touch. */
export const MAX_BULK_COUNT = 100_000;
/** Most ledger rows one drift recovery call re-enqueues. */
export const MAX_RECOVERY_LIMIT = 10_000;

/** POST /api/queues/:queue/retry-failed and …/promote-delayed */
export const bulkCountBody = z.strictObject({ count: z.number().int().min(1).max(MAX_BULK_COUNT) });
export type BulkCountBody = z.infer<typeof bulkCountBody>;

/** POST /api/queues/:queue/clean */
export const cleanBody = z.strictObject({
  state: z.enum(['completed', 'failed']),
  olderThanMs: z.number().int().min(0),
  limit: z.number().int().min(1).max(MAX_BULK_COUNT),
});
export type CleanBody = z.infer<typeof cleanBody>;

/**
 * POST /api/drift/recover. By default only rows that never started (queued, delayed) are re-enqueued; rows last
 * seen active may have run already (an email sent twice) and are re-enqueued only with `includeStarted: true`.
 */
export const driftRecoverBody = z.strictObject({
  queue: z
    .string()
    .min(1)
    .max(256)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters')
    .optional(),
  limit: z.number().int().min(1).max(MAX_RECOVERY_LIMIT),
  includeStarted: z.boolean().default(false),
});
export type DriftRecoverBody = z.output<typeof driftRecoverBody>;
export type DriftRecoverRequest = z.input<typeof driftRecoverBody>;

export interface QueuePauseResult {
  queue: string;
  paused: boolean;
}
export interface TierPauseResult {
  tier: Tier;
  queues: string[];
  paused: boolean;
}
export interface JobRetryResult {
  queue: string;
  id: string;
  state: string;
}
export interface JobRemoveResult {
  queue: string;
  id: string;
  removed: true;
}
export interface RetryFailedResult {
  queue: string;
  retried: number;
}
export interface PromoteDelayedResult {
  queue: string;
  promoted: number;
}
export interface CleanResult {
  queue: string;
  removed: number;
}
