// The query model, defined once: one zod schema per query type. The data source's editors take their fields,
// defaults and labels from these schemas, and the service validates every query against them.
import { z } from 'zod';
import { JOB_STATES, QUEUE_METRIC_FIELDS, type QueueMetricField } from './queues.ts';
import { LOG_LEVELS } from './logs.ts';
import { EVENT_SOURCES, FINDING_SEVERITIES, REPUTATION_STATES, SERVICE_METRIC_FIELDS } from './infra.ts';
import { TIERS } from './tiers.ts';

const refId = z.string().min(1);
// Empty strings mean "not set" (what a cleared input or an unresolved dashboard variable gives).
const optionalText = z
  .string()
  .max(500)
  .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters')
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));
const metricFields = QUEUE_METRIC_FIELDS.map((field) => field.value) as [QueueMetricField, ...QueueMetricField[]];

export const healthQuerySchema = z
  .object({ refId, queryType: z.literal('health') })
  .meta({ title: 'Health', description: 'Reachability and latency of the service dependencies' });

export const queuesQuerySchema = z
  .object({
    refId,
    queryType: z.literal('queues'),
    /** Only queues of this tier. */
    tier: z.enum(TIERS).optional(),
    /** Only this queue (exact name). */
    queue: optionalText,
  })
  .meta({ title: 'Queues', description: 'One row per queue: counts by state, depth, oldest wait, rates, workers' });

export const queueMetricsQuerySchema = z
  .object({
    refId,
    queryType: z.literal('queue_metrics'),
    field: z.enum(metricFields).default('depth'),
    groupBy: z.enum(['queue', 'tier']).default('queue'),
    queue: optionalText,
    tier: z.enum(TIERS).optional(),
  })
  .meta({
    title: 'Queue metrics',
    description: 'A snapshot field over the dashboard time range, per queue or per tier',
  });

export const jobsQuerySchema = z
  .object({
    refId,
    queryType: z.literal('jobs'),
    queue: optionalText,
    /** Live jobs of `queue` in this BullMQ state (needs queue). Ignored when `search` is set. */
    state: z.enum(JOB_STATES).default('failed'),
    /** Search the ledger instead (same language as the job search box: words, id:, request_id:, status:, name:). */
    search: optionalText,
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .meta({ title: 'Jobs', description: 'Jobs of a queue in one state, or a search of the job ledger' });

export const driftQuerySchema = z
  .object({ refId, queryType: z.literal('drift'), queue: optionalText })
  .meta({ title: 'Drift', description: 'Where Redis and the job ledger disagree' });

/** A log search (DESIGN.md §5 search language), with the level and service filters the Logs page's chips set. */
const logSearch = {
  /** Words, "phrases", -word, OR, level:error, level:>=warn, service:smtp, request_id:…, trace_id:…, attrs.key:value. */
  search: optionalText,
  /** Only these levels (none: every level). */
  levels: z.array(z.enum(LOG_LEVELS)).max(LOG_LEVELS.length).optional(),
  /** Only these services (none: every service). */
  services: z
    .array(
      z
        .string()
        .min(1)
        .max(200)
        .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters')
    )
    .max(100)
    .optional(),
};
/** A log line id: the store's bigint, so at most 9223372036854775807 (same-length digit strings compare as numbers). */
const logLineId = z
  .string()
  .regex(/^\d{1,19}$/, 'must be a log line id')
  .refine((value) => value.length < 19 || value <= '9223372036854775807', 'must be a log line id');
const logCursor = logLineId.optional();

export const logsQuerySchema = z
  .object({
    refId,
    queryType: z.literal('logs'),
    ...logSearch,
    limit: z.number().int().min(1).max(5000).default(100),
    /** Older page: only lines with an id below this cursor (a frame's meta.custom.nextCursor). */
    before: logCursor,
    /** Live tail: only lines with an id above this cursor (a frame's meta.custom.newestId). */
    after: logCursor,
  })
  .meta({ title: 'Logs', description: 'Log lines matching a search, newest first' });

export const logVolumeQuerySchema = z
  .object({ refId, queryType: z.literal('log_volume'), ...logSearch })
  .meta({ title: 'Log volume', description: 'Lines per interval, one series per level' });

export const logContextQuerySchema = z
  .object({
    refId,
    queryType: z.literal('log_context'),
    /** The line to show context around (its id). */
    id: logLineId.default('0'),
    /** backward: the lines just before it; forward: just after (same service, by id). */
    direction: z.enum(['backward', 'forward']).default('backward'),
    limit: z.number().int().min(1).max(500).default(20),
  })
  .meta({ title: 'Log context', description: 'The lines of the same service just before or after one line' });

export const servicesQuerySchema = z
  .object({
    refId,
    queryType: z.literal('services'),
    /** Only this service (its id in the configuration, e.g. smtp). */
    service: optionalText,
  })
  .meta({ title: 'Services', description: 'One row per probed service: state, since when, latency, cause, uptime' });

const serviceMetricFields = SERVICE_METRIC_FIELDS.map((field) => field.value) as [
  (typeof SERVICE_METRIC_FIELDS)[number]['value'],
  ...Array<(typeof SERVICE_METRIC_FIELDS)[number]['value']>,
];

export const serviceMetricsQuerySchema = z
  .object({
    refId,
    queryType: z.literal('service_metrics'),
    // Not `field`: Grafana stores every type's fields in one flat object, and queue_metrics' field has other values.
    metric: z.enum(serviceMetricFields).default('latency_ms'),
    service: optionalText,
  })
  .meta({
    title: 'Service metrics',
    description: 'Probe latency or state over the time range, one series per service',
  });

export const findingsQuerySchema = z
  .object({
    refId,
    queryType: z.literal('findings'),
    service: optionalText,
    /** Only findings at least this severe. */
    severity: z.enum(FINDING_SEVERITIES).optional(),
  })
  .meta({ title: 'Findings', description: 'Active infrastructure problems with their causes' });

export const ipReputationQuerySchema = z
  .object({
    refId,
    queryType: z.literal('ip_reputation'),
    ip: optionalText,
    zone: optionalText,
    /** Only rows in this state (not `state`: the jobs query's field of that name holds job states). */
    listing: z.enum(REPUTATION_STATES).optional(),
  })
  .meta({ title: 'IP reputation', description: 'Sending IPs against DNS blocklists and allowlists' });

const eventSources = EVENT_SOURCES.map((source) => source.value) as [
  (typeof EVENT_SOURCES)[number]['value'],
  ...Array<(typeof EVENT_SOURCES)[number]['value']>,
];

export const eventsQuerySchema = z
  .object({
    refId,
    queryType: z.literal('events'),
    sources: z.array(z.enum(eventSources)).min(1).max(eventSources.length).default(['service_states', 'queue_actions']),
    service: optionalText,
  })
  .meta({ title: 'Events', description: 'Service state changes and operator actions over the range, for annotations' });

export const variableQuerySchema = z
  .object({
    refId,
    queryType: z.literal('variable'),
    variable: z.enum(['queue', 'tier', 'service', 'level', 'infra_service']).default('queue'),
    /** For `queue`: only queues of this tier. */
    tier: z.enum(TIERS).optional(),
  })
  .meta({
    title: 'Variable values',
    description: 'Queue names, tiers, log services, levels or probed services, for dashboard variables',
  });

export const sysmonQuerySchema = z.discriminatedUnion('queryType', [
  healthQuerySchema,
  queuesQuerySchema,
  queueMetricsQuerySchema,
  jobsQuerySchema,
  driftQuerySchema,
  logsQuerySchema,
  logVolumeQuerySchema,
  logContextQuerySchema,
  servicesQuerySchema,
  serviceMetricsQuerySchema,
  findingsQuerySchema,
  ipReputationQuerySchema,
  eventsQuerySchema,
  variableQuerySchema,
]);

/** A validated query (defaults applied). */
export type SysmonQuery = z.output<typeof sysmonQuerySchema>;
/** A query as an editor stores it (defaults not yet applied). */
export type SysmonQueryInput = z.input<typeof sysmonQuerySchema>;
export type QueryType = SysmonQuery['queryType'];
export type QueryOf<T extends QueryType> = Extract<SysmonQuery, { queryType: T }>;

export const DEFAULT_QUERY_TYPE: QueryType = 'health';

type QuerySchema = (typeof sysmonQuerySchema.options)[number];

/** The query types in the order editors offer them, with their label and description (from the schemas' meta). */
export const QUERY_TYPES = sysmonQuerySchema.options.map((schema: QuerySchema) => {
  const meta = schema.meta() as { title: string; description: string };
  return { value: schema.shape.queryType.value as QueryType, label: meta.title, description: meta.description };
});

const SCHEMAS = new Map<string, QuerySchema>(
  sysmonQuerySchema.options.map((schema) => [schema.shape.queryType.value, schema])
);

/** True for a query type the model defines. */
export function isQueryType(value: unknown): value is QueryType {
  return typeof value === 'string' && SCHEMAS.has(value);
}

/** The schema of one query type. */
export function querySchema(queryType: QueryType): QuerySchema {
  return SCHEMAS.get(queryType)!;
}

// Fields every query has; not part of a type's own fields.
const COMMON_FIELDS = new Set(['refId', 'queryType']);

/** The fields a query type's editor shows (besides queryType), in schema order. */
export function queryFields(queryType: QueryType): string[] {
  return Object.keys(querySchema(queryType).shape).filter((key) => !COMMON_FIELDS.has(key));
}

/** What a fresh query of this type holds: the schema's defaults (every type parses with no fields of its own). */
export function queryDefaults<T extends QueryType>(queryType: T): Omit<QueryOf<T>, 'refId'> {
  const parsed = querySchema(queryType).parse({ refId: 'defaults', queryType }) as Record<string, unknown>;
  const defaults: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (key !== 'refId' && value !== undefined) {
      defaults[key] = value;
    }
  }
  return defaults as Omit<QueryOf<T>, 'refId'>;
}

type KeysOfUnion<T> = T extends unknown ? keyof T : never;
type FieldOf<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;

/** Every query type's own fields, all optional: the flat shape Grafana stores a query in (each type uses some). */
export type QueryFields = {
  [K in Exclude<KeysOfUnion<SysmonQueryInput>, 'refId'>]?: Exclude<FieldOf<SysmonQueryInput, K>, undefined>;
};
