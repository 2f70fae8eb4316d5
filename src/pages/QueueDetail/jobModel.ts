import {
  JOB_STATES,
  type JobState,
  type JobDetail,
  type QueueCounts,
  type QueueSnapshot,
} from '@penguinmails/sysmon-contract';
import { formatCount, formatDuration } from '../../utils/format';
import type { Confirmation } from '../../components/ActionConfirm/useConfirmedAction';

export const JOBS_PAGE_SIZE = 25;

export const JOB_STATE_LABELS: Record<JobState, string> = {
  waiting: 'Waiting',
  prioritized: 'Prioritized',
  active: 'Active',
  delayed: 'Delayed',
  'waiting-children': 'Waiting for children',
  failed: 'Failed',
  completed: 'Completed',
};

const COUNT_OF_STATE: Record<JobState, keyof QueueCounts> = {
  waiting: 'waiting',
  prioritized: 'prioritized',
  active: 'active',
  delayed: 'delayed',
  'waiting-children': 'waitingChildren',
  failed: 'failed',
  completed: 'completed',
};

/** How many jobs the snapshot counts in a state (the tab badge). */
export function countInState(counts: QueueCounts | undefined, state: JobState): number | undefined {
  return counts ? counts[COUNT_OF_STATE[state]] : undefined;
}

/** A state from the URL, or the default when it is missing or unknown. */
export function parseJobState(value: string | null | undefined, fallback: JobState = 'failed'): JobState {
  return (JOB_STATES as readonly string[]).includes(value ?? '') ? (value as JobState) : fallback;
}

// Pagination: pages are 1-based (what @grafana/ui Pagination shows); the service takes start/count.

/** Number of pages for a total; at least 1 so an empty state still shows "page 1 of 1". */
export function pageCount(total: number, pageSize = JOBS_PAGE_SIZE): number {
  return Math.max(1, Math.ceil(Math.max(0, total) / pageSize));
}

/** Index of the first job of a page. */
export function pageStart(page: number, pageSize = JOBS_PAGE_SIZE): number {
  return (Math.max(1, Math.floor(page)) - 1) * pageSize;
}

/** Keeps a page inside 1..pageCount (a state can shrink between polls). */
export function clampPage(page: number, total: number, pageSize = JOBS_PAGE_SIZE): number {
  return Math.min(Math.max(1, Math.floor(page) || 1), pageCount(total, pageSize));
}

/** Payloads above this many bytes are not expanded into a JSON tree (a browser freezes on huge trees). */
export const LARGE_PAYLOAD_BYTES = 100 * 1024;
/** How much of a large payload is shown as text. */
export const PAYLOAD_PREVIEW_CHARS = 4096;

export type PayloadView =
  | { kind: 'json'; value: unknown; bytes: number }
  | { kind: 'large'; preview: string; bytes: number; truncatedByService: boolean };

/**
 * Decides how to show a job payload: as a collapsible JSON tree, or as a truncated text preview when it is
 * larger than LARGE_PAYLOAD_BYTES or the service already truncated it (over 256 KiB it sends only a preview).
 */
export function payloadView(
  value: unknown,
  options: { truncated?: boolean; preview?: string; bytes?: number } = {}
): PayloadView {
  if (options.truncated) {
    return {
      kind: 'large',
      preview: (options.preview ?? '').slice(0, PAYLOAD_PREVIEW_CHARS),
      bytes: options.bytes ?? options.preview?.length ?? 0,
      truncatedByService: true,
    };
  }
  const text = JSON.stringify(value) ?? 'null';
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > LARGE_PAYLOAD_BYTES) {
    return { kind: 'large', preview: text.slice(0, PAYLOAD_PREVIEW_CHARS), bytes, truncatedByService: false };
  }
  return { kind: 'json', value, bytes };
}

export interface TimelineEntry {
  key: 'created' | 'delayed' | 'processed' | 'finished';
  label: string;
  at: number;
  /** Time since the previous entry, e.g. "waited 3 s". */
  note?: string;
}

/** created → delayed until → processed → finished (failed/completed), skipping what has not happened. */
/** The fields a timeline needs; a JobSummary or a JobDetail (whose state may be 'unknown'). */
export type TimelineJob = Pick<JobDetail, 'timestamp' | 'delayUntil' | 'processedOn' | 'finishedOn' | 'state'>;

export function buildTimeline(job: TimelineJob): TimelineEntry[] {
  const entries: TimelineEntry[] = [{ key: 'created', label: 'Created', at: job.timestamp }];
  if (job.delayUntil) {
    entries.push({
      key: 'delayed',
      label: 'Delayed until',
      at: job.delayUntil,
      note: `delay ${formatDuration(job.delayUntil - job.timestamp)}`,
    });
  }
  if (job.processedOn) {
    const readyAt = job.delayUntil && job.delayUntil > job.timestamp ? job.delayUntil : job.timestamp;
    entries.push({
      key: 'processed',
      label: 'Processing started',
      at: job.processedOn,
      note: `waited ${formatDuration(Math.max(0, job.processedOn - readyAt))}`,
    });
  }
  if (job.finishedOn) {
    entries.push({
      key: 'finished',
      label: job.state === 'failed' ? 'Failed' : job.state === 'completed' ? 'Completed' : 'Finished',
      at: job.finishedOn,
      note: job.processedOn ? `ran ${formatDuration(Math.max(0, job.finishedOn - job.processedOn))}` : undefined,
    });
  }
  return entries;
}

// Bulk actions: the dialog names the number of jobs that will be affected, which is never more than asked for
// nor more than the queue holds.

export type BulkAction = 'retry-failed' | 'promote-delayed' | 'clean';

export const CLEAN_AGE_OPTIONS = [
  { label: '1 hour', value: 3600_000 },
  { label: '6 hours', value: 6 * 3600_000 },
  { label: '1 day', value: 24 * 3600_000 },
  { label: '7 days', value: 7 * 24 * 3600_000 },
];

export const MAX_BULK_COUNT = 100000;

/** A user-typed count: a whole number 1..MAX_BULK_COUNT, else null (the button stays disabled). */
export function parseBulkCount(text: string): number | null {
  if (!/^\s*\d+\s*$/.test(text)) {
    return null;
  }
  const value = Number(text);
  return value >= 1 && value <= MAX_BULK_COUNT ? value : null;
}

export function retryFailedConfirmation(queue: QueueSnapshot, requested: number): Confirmation & { affected: number } {
  const affected = Math.min(requested, queue.counts.failed);
  return {
    affected,
    title: `Retry failed jobs of ${queue.name}?`,
    body:
      `${formatCount(affected)} of the ${formatCount(queue.counts.failed)} failed jobs (oldest first) go back to waiting ` +
      `and run again. They are moved in batches of at most 500 so Redis stays responsive.`,
    confirmText: `Retry ${formatCount(affected)} jobs`,
  };
}

export function promoteDelayedConfirmation(
  queue: QueueSnapshot,
  requested: number
): Confirmation & { affected: number } {
  const affected = Math.min(requested, queue.counts.delayed);
  return {
    affected,
    title: `Promote delayed jobs of ${queue.name}?`,
    body:
      `${formatCount(affected)} of the ${formatCount(queue.counts.delayed)} delayed jobs become ready now, ` +
      `ignoring their scheduled time.`,
    confirmText: `Promote ${formatCount(affected)} jobs`,
  };
}

export function cleanConfirmation(
  queue: QueueSnapshot,
  state: 'completed' | 'failed',
  olderThanMs: number,
  limit: number
): Confirmation & { affected: number } {
  const held = queue.counts[state];
  const affected = Math.min(limit, held);
  return {
    affected,
    title: `Remove ${state} jobs of ${queue.name}?`,
    body:
      `Removes up to ${formatCount(affected)} of the ${formatCount(held)} ${state} jobs that finished more than ` +
      `${formatDuration(olderThanMs)} ago. Removed jobs cannot be retried; the job ledger keeps their rows.`,
    confirmText: `Remove up to ${formatCount(affected)} jobs`,
  };
}

export function removeJobConfirmation(queue: string, id: string): Confirmation {
  return {
    title: `Remove job ${id}?`,
    body: `Deletes job ${id} and its logs from ${queue} in Redis. The job ledger keeps its row.`,
    confirmText: 'Remove job',
  };
}

export function retryJobConfirmation(queue: string, id: string): Confirmation {
  return {
    title: `Retry job ${id}?`,
    body: `Moves job ${id} of ${queue} back to waiting so a worker runs it again.`,
    confirmText: 'Retry job',
  };
}

/** Chart ranges of the detail page. */
export const CHART_RANGES = [
  { label: '30m', value: 30 * 60_000 },
  { label: '1h', value: 3600_000 },
  { label: '6h', value: 6 * 3600_000 },
  { label: '24h', value: 24 * 3600_000 },
  { label: '7d', value: 7 * 24 * 3600_000 },
];

export const SEARCH_HINT =
  'Words match the payload and the last error (all must match). "exact phrase", -word excludes, ' +
  'id:<job id>, request_id:<id>, name:<job name>, status:queued|active|completed|failed|delayed|cancelled.';
