// The query model, defined once: the data source's query editor builds these, the service validates them.
// Keep this file free of browser and Grafana imports (the service imports it too).
import { z } from 'zod';

export const QUERY_TYPES = [
  { value: 'health', label: 'Health', description: 'Reachability and latency of the service dependencies' },
  {
    value: 'queues',
    label: 'Queues',
    description: 'One row per queue: counts by state, depth, oldest wait, rates, workers',
  },
  {
    value: 'queue_metrics',
    label: 'Queue metrics',
    description: 'A snapshot field over the dashboard time range, per queue or per tier',
  },
  { value: 'jobs', label: 'Jobs', description: 'Jobs of a queue in one state, or a search of the job ledger' },
  { value: 'drift', label: 'Drift', description: 'Where Redis and the job ledger disagree' },
  { value: 'variable', label: 'Variable values', description: 'Queue names or tiers, for dashboard variables' },
] as const;
export type QueryType = (typeof QUERY_TYPES)[number]['value'];
export const DEFAULT_QUERY_TYPE: QueryType = 'health';

export const TIERS = ['high', 'normal', 'low'] as const;
export type Tier = (typeof TIERS)[number];

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

/** Snapshot fields that queue_metrics can chart (each is a column of sysmon.queue_samples). */
export const QUEUE_METRIC_FIELDS = [
  { value: 'depth', label: 'Depth', unit: 'short' },
  { value: 'waiting', label: 'Waiting', unit: 'short' },
  { value: 'prioritized', label: 'Prioritized', unit: 'short' },
  { value: 'active', label: 'Active', unit: 'short' },
  { value: 'delayed', label: 'Delayed', unit: 'short' },
  { value: 'waiting_children', label: 'Waiting for children', unit: 'short' },
  { value: 'failed', label: 'Failed (retained)', unit: 'short' },
  { value: 'completed', label: 'Completed (retained)', unit: 'short' },
  { value: 'oldest_wait_ms', label: 'Oldest waiting job age', unit: 'ms' },
  { value: 'workers', label: 'Workers', unit: 'short' },
  { value: 'throughput_per_min', label: 'Throughput', unit: 'cpm' },
  { value: 'failures_per_min', label: 'Failures', unit: 'cpm' },
] as const;
export type QueueMetricField = (typeof QUEUE_METRIC_FIELDS)[number]['value'];

const refId = z.string().min(1);
// Empty strings mean "not set" (what a cleared input or an unresolved dashboard variable gives).
const optionalText = z
  .string()
  .max(500)
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

export const healthQuerySchema = z.object({ refId, queryType: z.literal('health') });

export const queuesQuerySchema = z.object({
  refId,
  queryType: z.literal('queues'),
  /** Only queues of this tier. */
  tier: z.enum(TIERS).optional(),
  /** Only this queue (exact name). */
  queue: optionalText,
});

export const queueMetricsQuerySchema = z.object({
  refId,
  queryType: z.literal('queue_metrics'),
  field: z.enum(QUEUE_METRIC_FIELDS.map((field) => field.value) as [QueueMetricField, ...QueueMetricField[]]),
  groupBy: z.enum(['queue', 'tier']).default('queue'),
  queue: optionalText,
  tier: z.enum(TIERS).optional(),
});

export const jobsQuerySchema = z.object({
  refId,
  queryType: z.literal('jobs'),
  queue: optionalText,
  /** Live jobs of `queue` in this BullMQ state (needs queue). Ignored when `search` is set. */
  state: z.enum(JOB_STATES).default('failed'),
  /** Search the ledger instead (same language as the job search box: words, id:, request_id:, status:, name:). */
  search: optionalText,
  limit: z.number().int().min(1).max(1000).default(100),
});

export const driftQuerySchema = z.object({ refId, queryType: z.literal('drift'), queue: optionalText });

export const variableQuerySchema = z.object({
  refId,
  queryType: z.literal('variable'),
  variable: z.enum(['queue', 'tier']),
  /** For `queue`: only queues of this tier. */
  tier: z.enum(TIERS).optional(),
});

export const sysmonQuerySchema = z.discriminatedUnion('queryType', [
  healthQuerySchema,
  queuesQuerySchema,
  queueMetricsQuerySchema,
  jobsQuerySchema,
  driftQuerySchema,
  variableQuerySchema,
]);
/** A validated query (defaults applied). */
export type SysmonQuery = z.infer<typeof sysmonQuerySchema>;
/** A query as the editor stores it (defaults not yet applied). */
export type SysmonQueryInput = z.input<typeof sysmonQuerySchema>;
