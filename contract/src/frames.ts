// The frames the service returns to Grafana, defined once: the wire shape (Grafana's DataFrameJSON, what
// /api/ds/query answers and toDataQueryResponse reads) and, per frame, its name and fields. Each field is defined
// once with what it means, its unit and column type, and for the glossary where it comes from, how often it changes
// and how to read it: the service puts the unit and meaning into every field's config (Grafana shows them), the
// pages show the meaning as the value's tooltip, and the glossary (glossary.ts) lists every field from here.
import type { MetricArea, MetricKey, MetricSource } from './metrics.ts';
import { shownAt, type AppPageLink } from './pages.ts';
import { UNITS, type Unit } from './units.ts';

export type FieldType = 'time' | 'number' | 'string' | 'boolean' | 'other';

/** What a field means and, where it differs from its frame's, where it comes from and how often it changes. */
export interface FieldAbout {
  readonly unit?: Unit;
  /** What the value means (Grafana shows it as the field's tooltip; the pages as the value's). */
  readonly description: string;
  /** How to read it (what a change means). */
  readonly reading?: string;
  /** Where the value comes from, when not from its frame's source. */
  readonly source?: MetricSource;
  /** How often it changes, when not as its frame does. */
  readonly updates?: string;
  /** The Prometheus metric that carries the same number (the glossary links the two). */
  readonly metric?: MetricKey;
  /**
   * True for a time series' value field, which is named after its series on the wire (a queue, a tier, a service);
   * `name` is then what the glossary calls it.
   */
  readonly namedAfterSeries?: true;
}

export interface FieldDefinition extends FieldAbout {
  /** The field name on the wire. */
  readonly name: string;
  readonly type: FieldType;
}

/** What every field of a frame shares, for the glossary. */
export interface FrameAbout {
  /** Unique among the frames: how the glossary and the tests name the frame (`queues`, `jobs_ledger`…). */
  readonly key: string;
  readonly area: MetricArea;
  readonly source: MetricSource;
  readonly updates: string;
  /** The app page that shows the fields; absent when none does (then `elsewhere` says where they are used). */
  readonly shownAt?: AppPageLink;
  readonly elsewhere?: string;
}

export interface FrameDefinition {
  readonly name: string;
  /** Keyed by how code refers to the field; in wire order. */
  readonly fields: Readonly<Record<string, FieldDefinition>>;
  readonly about: FrameAbout;
}

/** A time-series frame shape (Grafana's "multi" data plane type): one frame per series, named after it. */
export interface SeriesFrameDefinition {
  readonly type: string;
  readonly typeVersion: [number, number];
  readonly fields: Readonly<Record<string, FieldDefinition>>;
  readonly about: FrameAbout;
}

/** What building a frame needs of a definition: wire names, types, units and descriptions. */
export interface WireFrameDefinition {
  readonly name: string;
  readonly fields: Readonly<
    Record<
      string,
      { readonly name: string; readonly type: FieldType; readonly unit?: string; readonly description?: string }
    >
  >;
}

/** Defines one field: its wire name and column type, and what it means. */
export const field = <const N extends string, const T extends FieldType>(name: N, type: T, about: FieldAbout) =>
  ({ name, type, ...about }) as { readonly name: N; readonly type: T } & FieldAbout;

// ---- Wire shape -------------------------------------------------------------------------------------------------

export interface FieldConfigJSON {
  unit?: string;
  displayName?: string;
  description?: string;
  decimals?: number;
}

export interface FieldSchemaJSON {
  name: string;
  type: FieldType;
  config?: FieldConfigJSON;
  labels?: Record<string, string>;
}

export interface FrameNotice {
  severity: 'info' | 'warning' | 'error';
  text: string;
}

/** The frame meta Grafana reads (data plane type, preferred visualisation, notices) plus our own `custom`. */
export interface FrameMetaJSON {
  type?: string;
  typeVersion?: [number, number];
  preferredVisualisationType?: 'graph' | 'table' | 'logs' | 'trace' | 'nodeGraph' | 'flamegraph' | 'rawPrometheus';
  notices?: FrameNotice[];
  custom?: Record<string, unknown>;
}

export interface DataFrameJSON {
  schema: { name?: string; refId?: string; fields: FieldSchemaJSON[]; meta?: FrameMetaJSON };
  data: { values: unknown[][] };
}

/** One query's answer in POST /api/query (Grafana's /api/ds/query result). */
export interface QueryResultJSON {
  frames: DataFrameJSON[];
  error?: string;
  status?: number;
}

// ---- Frames -----------------------------------------------------------------------------------------------------

const f = field;

/** queryType `health`: one row per dependency of the service. */
export const HEALTH_FRAME = {
  name: 'health',
  about: {
    key: 'health',
    area: 'service',
    source: 'service',
    updates: 'at every query: a fresh check of each dependency',
    shownAt: shownAt('home', 'the monitoring service’s health'),
  },
  fields: {
    dependency: f('dependency', 'string', { description: 'What the service depends on: postgres or redis' }),
    status: f('status', 'string', {
      description: 'up or down: whether the check (a query, a PING) answered in time',
      reading: 'postgres down: no history, ledger, logs or audit (actions are refused); redis down: no queue numbers.',
    }),
    latencyMs: f('latency_ms', 'number', { unit: UNITS.milliseconds, description: 'How long the check took' }),
    error: f('error', 'string', { description: 'Why the dependency is down; empty when it is up' }),
    checkedAt: f('checked_at', 'time', { description: 'When the check ran' }),
  },
} as const satisfies FrameDefinition;

const QUEUE_RATES =
  'every read of the shared snapshot; a rate over about the last 60 s, empty for the first seconds after start';

/** queryType `queues`: one row per queue (what the Queues page and the queue board show). */
export const QUEUES_FRAME = {
  name: 'queues',
  about: {
    key: 'queues',
    area: 'queues',
    source: 'bullmq',
    updates:
      'at every query, from the snapshot of all queues shared by every viewer (one Redis round trip, at most every 2 s)',
    shownAt: shownAt('queues', 'the queue table and the Queue board panel'),
  },
  fields: {
    queue: f('queue', 'string', { description: 'The queue’s name, discovered under the configured BullMQ prefixes' }),
    tier: f('tier', 'string', {
      description:
        'high, normal or low: queues.tiers in the config, else a -high, -normal or -low name suffix, else normal',
    }),
    paused: f('paused', 'boolean', {
      description: 'True when the queue is paused: workers take no new jobs (BullMQ 5 paused list or BullMQ 6 flag)',
      metric: 'queuePaused',
    }),
    waiting: f('waiting', 'number', {
      unit: UNITS.count,
      description: 'Jobs waiting for a worker in arrival order (the wait list; on BullMQ 5 also the paused list)',
      metric: 'queueJobs',
    }),
    prioritized: f('prioritized', 'number', {
      unit: UNITS.count,
      description: 'Jobs waiting with a priority; they start before plain waiting jobs, by priority',
      metric: 'queueJobs',
    }),
    active: f('active', 'number', {
      unit: UNITS.count,
      description: 'Jobs a worker is processing now',
      metric: 'queueJobs',
    }),
    delayed: f('delayed', 'number', {
      unit: UNITS.count,
      description: 'Jobs scheduled for later (a delay, or a retry’s backoff); those already due count in depth',
      metric: 'queueJobs',
    }),
    waitingChildren: f('waiting_children', 'number', {
      unit: UNITS.count,
      description: 'Parent jobs waiting for their child jobs to finish (BullMQ flows); not counted in depth',
      metric: 'queueJobs',
    }),
    failed: f('failed', 'number', {
      unit: UNITS.count,
      description: 'Failed jobs BullMQ still keeps (removeOnFail decides how many): what a retry acts on, not a total',
      metric: 'queueJobs',
    }),
    completed: f('completed', 'number', {
      unit: UNITS.count,
      description: 'Completed jobs BullMQ still keeps (removeOnComplete decides how many), not a total',
      metric: 'queueJobs',
    }),
    depth: f('depth', 'number', {
      unit: UNITS.count,
      description: 'Jobs a worker could start now: waiting + prioritized + delayed jobs already due',
      reading:
        'Rising while throughput holds: arrivals outpace the workers; a campaign launch shows as a step that drains.',
      metric: 'queueDepth',
    }),
    oldestWaitMs: f('oldest_wait_ms', 'number', {
      unit: UNITS.milliseconds,
      description:
        'How long the longest-waiting job has waited, by its own timestamp (plus its delay, if it had one): the oldest ' +
        'of the jobs at both ends of each waiting list and priority band, which finds the oldest FIFO job, retried ' +
        'jobs (they keep their creation time) and jobs behind LIFO adds',
      reading: 'Rising while depth is flat: workers are stuck. Empty when nothing waits.',
      metric: 'queueOldestWait',
    }),
    workers: f('workers', 'number', {
      unit: UNITS.count,
      description: 'BullMQ workers connected to the queue (Redis connections BullMQ workers named, from CLIENT LIST)',
      updates: 'every 15 s (one CLIENT LIST for every queue)',
      reading: '0 with jobs waiting: nothing will process them.',
      metric: 'queueWorkers',
    }),
    throughputPerMin: f('throughput_per_min', 'number', {
      unit: UNITS.jobsPerMinute,
      description:
        'Jobs completed per minute: from BullMQ’s metrics counters, or from ledger rows finished in the last minute ' +
        'when the queue’s workers keep no metrics',
      updates: QUEUE_RATES,
      metric: 'queueCompleted',
    }),
    failuresPerMin: f('failures_per_min', 'number', {
      unit: UNITS.jobsPerMinute,
      description:
        'Jobs that failed for good (after their last attempt) per minute, from the same sources as throughput',
      updates: QUEUE_RATES,
      metric: 'queueFailed',
    }),
    failureRate: f('failure_rate', 'number', {
      unit: UNITS.ratio,
      description: 'The failed share of finished jobs: failures ÷ (completions + failures) over the rate window',
      updates: QUEUE_RATES,
      reading: 'The failure-rate alert compares it with its tier’s threshold (5 % high, 10 % normal, 20 % low).',
    }),
    drainEtaSeconds: f('drain_eta_s', 'number', {
      unit: UNITS.seconds,
      description:
        'When depth reaches 0 at the current net rate: depth ÷ (completions + failures − arrivals per minute); ' +
        'empty when the queue is not draining',
      updates: QUEUE_RATES,
    }),
    /** Why this queue could not be read (its numbers are then null, never zeros); empty when it was. */
    error: f('error', 'string', {
      description: 'Why the queue could not be read (its numbers are then empty, never zeros); empty when it was read',
    }),
  },
} as const satisfies FrameDefinition;

/** queryType `jobs` without search: live BullMQ jobs of one queue in one state. */
export const LIVE_JOBS_FRAME = {
  name: 'jobs',
  about: {
    key: 'jobs_live',
    area: 'queues',
    source: 'bullmq',
    updates: 'at every query: one page of one state, read live from Redis',
    shownAt: shownAt('queues', 'a queue’s job browser (open a queue)'),
  },
  fields: {
    id: f('id', 'string', { description: 'The BullMQ job id (unique within its queue; the ledger row’s id)' }),
    queue: f('queue', 'string', { description: 'The queue the job is in' }),
    name: f('name', 'string', { description: 'The job’s name, as the producer added it (e.g. send)' }),
    state: f('state', 'string', {
      description:
        'The BullMQ state it was listed in: waiting, prioritized, active, delayed, waiting-children, failed or completed',
    }),
    priority: f('priority', 'number', {
      description: 'The job’s BullMQ priority: 0 none, else lower numbers start first',
    }),
    attempts: f('attempts', 'number', {
      description: 'Attempts made so far (a failed attempt with attempts left goes back to waiting or delayed)',
    }),
    created: f('created', 'time', { description: 'When the job was added (its own timestamp)' }),
    processed: f('processed', 'time', { description: 'When a worker last started it; empty if none has' }),
    finished: f('finished', 'time', { description: 'When it completed or failed for good; empty until then' }),
    delayUntil: f('delay_until', 'time', { description: 'When a delayed job becomes due; empty in other states' }),
    failedReason: f('failed_reason', 'string', { description: 'The error of its last failed attempt' }),
    requestId: f('request_id', 'string', {
      description: 'The platform request that made the job (from its data or ledger row): the logs of that request',
    }),
    dataBytes: f('data_bytes', 'number', { unit: UNITS.bytes, description: 'The size of the job’s data in Redis' }),
  },
} as const satisfies FrameDefinition;

/** queryType `jobs` with search: rows of the job ledger. */
export const LEDGER_JOBS_FRAME = {
  name: 'jobs',
  about: {
    key: 'jobs_ledger',
    area: 'queues',
    source: 'ledger',
    updates: 'at every query: ledger rows as the platform’s producers and workers last wrote them',
    shownAt: shownAt('queues', 'a queue’s job search (open a queue)'),
  },
  fields: {
    id: f('id', 'string', { description: 'The job’s id (= its BullMQ jobId; unique within its queue)' }),
    queue: f('queue', 'string', { description: 'The queue the job was added to' }),
    name: f('name', 'string', { description: 'The job’s name, as the producer wrote it' }),
    status: f('status', 'string', {
      description: 'queued, active, completed, failed, delayed or cancelled, as a worker last wrote it',
    }),
    priority: f('priority', 'number', { description: 'The priority the producer gave the job; empty for none' }),
    attempts: f('attempts', 'number', { description: 'Attempts the workers recorded' }),
    requestId: f('request_id', 'string', { description: 'The platform request the job belongs to' }),
    lastError: f('last_error', 'string', { description: 'The last error a worker recorded' }),
    created: f('created', 'time', {
      description: 'When the producer wrote the row (the search’s time range applies to it)',
    }),
    updated: f('updated', 'time', { description: 'When the row last changed' }),
    started: f('started', 'time', { description: 'When a worker first marked it active; empty if never' }),
    finished: f('finished', 'time', { description: 'When it completed, failed for good or was cancelled' }),
  },
} as const satisfies FrameDefinition;

/** queryType `drift`: one row per drift kind. */
export const DRIFT_FRAME = {
  name: 'drift',
  about: {
    key: 'drift',
    area: 'queues',
    source: 'ledger',
    updates: 'at most every 15 s: the drift check (Redis against the ledger), cached and shared',
    shownAt: shownAt('queues', 'the drift banner'),
  },
  fields: {
    kind: f('kind', 'string', {
      description:
        'Where Redis and the job ledger disagree: ledger_without_job, started_without_job, job_without_ledger, ' +
        'terminal_not_in_ledger or active_past_lock',
      reading: 'ledger_without_job can be re-enqueued safely; started_without_job may have run (an email sent twice).',
    }),
    count: f('count', 'number', {
      description: 'Jobs of this kind in the windows examined (the oldest 1,000 rows, the newest 1,000 jobs per state)',
      metric: 'driftJobs',
    }),
    oldestAgeMs: f('oldest_age_ms', 'number', {
      unit: UNITS.milliseconds,
      description: 'The age of the oldest job of this kind',
    }),
    lowerBound: f('lower_bound', 'boolean', {
      description: 'True when a window was full: there may be more than count',
    }),
    examples: f('examples', 'string', { description: 'A few of them, as queue/id' }),
    checkedAt: f('checked_at', 'time', { description: 'When the check ran' }),
  },
} as const satisfies FrameDefinition;

/** queryType `variable`: what Grafana turns into variable options. */
export const VARIABLE_FRAME = {
  name: 'values',
  about: {
    key: 'values',
    area: 'service',
    source: 'service',
    updates: 'at every query (queues and probes as configured or discovered, log services of the range)',
    elsewhere: 'dashboard variables (queue, tier, service, level, infra_service)',
  },
  fields: {
    text: f('text', 'string', { description: 'What the variable’s option shows' }),
    value: f('value', 'string', { description: 'The value the variable takes' }),
  },
} as const satisfies FrameDefinition;

/**
 * queryType `queue_metrics`: one time-series frame per queue or tier (Grafana's "multi" data plane shape): a time
 * field and a value field named after the series, with the unit and description of the charted field.
 */
export const QUEUE_METRICS_FRAME = {
  type: 'timeseries-multi',
  typeVersion: [0, 1] as [number, number],
  about: {
    key: 'queue_metrics',
    area: 'queues',
    source: 'bullmq',
    updates:
      'every sampler.intervalMs (5 s): one replica writes every queue’s snapshot to sysmon.queue_samples, kept 90 days',
    shownAt: shownAt('queues', 'a queue’s history charts (open a queue)'),
  },
  fields: {
    time: f('time', 'time', { description: 'The sample’s time (bucketed to the chart’s resolution over long ranges)' }),
    value: f('value', 'number', {
      description:
        'The charted queue field (the query’s field: depth, waiting, active, oldest_wait_ms, workers, ' +
        'throughput_per_min…) of one queue or tier (a tier: the sum of its queues); the field is named after the ' +
        'queue or tier and has the unit and meaning of the queues field it charts',
      namedAfterSeries: true,
    }),
  },
} as const satisfies SeriesFrameDefinition;

/** The keys of a frame definition's fields. */
export type FrameFieldKey<F extends FrameDefinition> = keyof F['fields'] & string;
