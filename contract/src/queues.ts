// The queue vocabulary both sides use: BullMQ job states, job ledger statuses, drift kinds, chartable fields.
import { QUEUES_FRAME } from './frames.ts';

/** Job states as BullMQ names them (what the job browser lists). */
export const JOB_STATES = [
  'waiting',
  'prioritized',
  'active',
  'delayed',
  'waiting-children',
  'failed',
  'completed',
] as const;
export type JobState = (typeof JOB_STATES)[number];

/** Ledger statuses (DESIGN.md §4). */
export const LEDGER_STATUSES = ['queued', 'active', 'completed', 'failed', 'delayed', 'cancelled'] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];

/**
 * Where Redis and the ledger disagree: `ledger_without_job` (a row that never started has no BullMQ job:
 * recoverable), `started_without_job` (a row last seen active has no job: it may have run, so recovering it
 * needs an explicit decision), `job_without_ledger`, `terminal_not_in_ledger`, `active_past_lock`.
 */
export const DRIFT_KINDS = [
  'ledger_without_job',
  'started_without_job',
  'job_without_ledger',
  'terminal_not_in_ledger',
  'active_past_lock',
] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

const q = QUEUES_FRAME.fields;

/** Snapshot fields that queue_metrics can chart: each is a `queues` frame field and a column of queue_samples. */
const CHARTABLE = [
  [q.depth, 'Depth'],
  [q.waiting, 'Waiting'],
  [q.prioritized, 'Prioritized'],
  [q.active, 'Active'],
  [q.delayed, 'Delayed'],
  [q.waitingChildren, 'Waiting for children'],
  [q.failed, 'Failed (retained)'],
  [q.completed, 'Completed (retained)'],
  [q.oldestWaitMs, 'Oldest waiting job age'],
  [q.workers, 'Workers'],
  [q.throughputPerMin, 'Throughput'],
  [q.failuresPerMin, 'Failures'],
] as const;

export type QueueMetricField = (typeof CHARTABLE)[number][0]['name'];

export const QUEUE_METRIC_FIELDS = CHARTABLE.map(([field, label]) => ({
  value: field.name as QueueMetricField,
  label,
  unit: field.unit,
}));
