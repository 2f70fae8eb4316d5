// The frames the service returns to Grafana, defined once: the wire shape (Grafana's DataFrameJSON, what
// /api/ds/query answers and toDataQueryResponse reads) and, per frame, its name and fields. The service builds
// frames from these definitions and the plugin's panels and pages read fields by the same names.
import { UNITS, type Unit } from './units.ts';

export type FieldType = 'time' | 'number' | 'string' | 'boolean' | 'other';

export interface FieldDefinition {
  /** The field name on the wire. */
  readonly name: string;
  readonly type: FieldType;
  readonly unit?: Unit;
  /** What the value measures (Grafana shows it as the field's tooltip). */
  readonly description?: string;
}

export interface FrameDefinition {
  readonly name: string;
  /** Keyed by how code refers to the field; in wire order. */
  readonly fields: Readonly<Record<string, FieldDefinition>>;
}

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

const f = <const N extends string, const T extends FieldType>(name: N, type: T, unit?: Unit, description?: string) =>
  ({ name, type, ...(unit ? { unit } : {}), ...(description ? { description } : {}) }) as {
    readonly name: N;
    readonly type: T;
    readonly unit?: Unit;
    readonly description?: string;
  };

/** queryType `health`: one row per dependency of the service. */
export const HEALTH_FRAME = {
  name: 'health',
  fields: {
    dependency: f('dependency', 'string'),
    status: f('status', 'string'),
    latencyMs: f('latency_ms', 'number', UNITS.milliseconds),
    error: f('error', 'string'),
    checkedAt: f('checked_at', 'time'),
  },
} as const satisfies FrameDefinition;

/** queryType `queues`: one row per queue (what the Queues page and the queue board show). */
export const QUEUES_FRAME = {
  name: 'queues',
  fields: {
    queue: f('queue', 'string'),
    tier: f('tier', 'string'),
    paused: f('paused', 'boolean'),
    waiting: f('waiting', 'number', UNITS.count),
    prioritized: f('prioritized', 'number', UNITS.count),
    active: f('active', 'number', UNITS.count),
    delayed: f('delayed', 'number', UNITS.count),
    waitingChildren: f('waiting_children', 'number', UNITS.count),
    failed: f('failed', 'number', UNITS.count),
    completed: f('completed', 'number', UNITS.count),
    depth: f('depth', 'number', UNITS.count),
    oldestWaitMs: f(
      'oldest_wait_ms',
      'number',
      UNITS.milliseconds,
      'How long the longest-waiting job has waited, by its own timestamp (plus its delay, if it had one): the oldest ' +
        'of the jobs at both ends of each waiting list and priority band, which finds the oldest FIFO job, retried ' +
        'jobs (they keep their creation time) and jobs behind LIFO adds. Rising while depth is flat: workers are stuck.'
    ),
    workers: f('workers', 'number', UNITS.count),
    throughputPerMin: f('throughput_per_min', 'number', UNITS.jobsPerMinute),
    failuresPerMin: f('failures_per_min', 'number', UNITS.jobsPerMinute),
    failureRate: f('failure_rate', 'number', UNITS.ratio),
    drainEtaSeconds: f('drain_eta_s', 'number', UNITS.seconds),
    /** Why this queue could not be read (its numbers are then null, never zeros); empty when it was. */
    error: f('error', 'string'),
  },
} as const satisfies FrameDefinition;

/** queryType `jobs` without search: live BullMQ jobs of one queue in one state. */
export const LIVE_JOBS_FRAME = {
  name: 'jobs',
  fields: {
    id: f('id', 'string'),
    queue: f('queue', 'string'),
    name: f('name', 'string'),
    state: f('state', 'string'),
    priority: f('priority', 'number'),
    attempts: f('attempts', 'number'),
    created: f('created', 'time'),
    processed: f('processed', 'time'),
    finished: f('finished', 'time'),
    delayUntil: f('delay_until', 'time'),
    failedReason: f('failed_reason', 'string'),
    requestId: f('request_id', 'string'),
    dataBytes: f('data_bytes', 'number', UNITS.bytes),
  },
} as const satisfies FrameDefinition;

/** queryType `jobs` with search: rows of the job ledger. */
export const LEDGER_JOBS_FRAME = {
  name: 'jobs',
  fields: {
    id: f('id', 'string'),
    queue: f('queue', 'string'),
    name: f('name', 'string'),
    status: f('status', 'string'),
    priority: f('priority', 'number'),
    attempts: f('attempts', 'number'),
    requestId: f('request_id', 'string'),
    lastError: f('last_error', 'string'),
    created: f('created', 'time'),
    updated: f('updated', 'time'),
    started: f('started', 'time'),
    finished: f('finished', 'time'),
  },
} as const satisfies FrameDefinition;

/** queryType `drift`: one row per drift kind. */
export const DRIFT_FRAME = {
  name: 'drift',
  fields: {
    kind: f('kind', 'string'),
    count: f('count', 'number'),
    oldestAgeMs: f('oldest_age_ms', 'number', UNITS.milliseconds),
    lowerBound: f('lower_bound', 'boolean'),
    examples: f('examples', 'string'),
    checkedAt: f('checked_at', 'time'),
  },
} as const satisfies FrameDefinition;

/** queryType `variable`: what Grafana turns into variable options. */
export const VARIABLE_FRAME = {
  name: 'values',
  fields: {
    text: f('text', 'string'),
    value: f('value', 'string'),
  },
} as const satisfies FrameDefinition;

/**
 * queryType `queue_metrics`: one time-series frame per queue or tier (Grafana's "multi" data plane shape): a time
 * field and a value field named after the series, with the unit of the charted field.
 */
export const QUEUE_METRICS_FRAME = {
  type: 'timeseries-multi',
  typeVersion: [0, 1] as [number, number],
  fields: { time: f('time', 'time') },
} as const;

/** The keys of a frame definition's fields. */
export type FrameFieldKey<F extends FrameDefinition> = keyof F['fields'] & string;
