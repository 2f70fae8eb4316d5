// The query model, defined once: one zod schema per query type. The data source's editors take their fields,
// defaults and labels from these schemas, and the service validates every query against them.
import { z } from 'zod';
import { JOB_STATES, QUEUE_METRIC_FIELDS, type QueueMetricField } from './queues.ts';
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

export const variableQuerySchema = z
  .object({
    refId,
    queryType: z.literal('variable'),
    variable: z.enum(['queue', 'tier']).default('queue'),
    /** For `queue`: only queues of this tier. */
    tier: z.enum(TIERS).optional(),
  })
  .meta({ title: 'Variable values', description: 'Queue names or tiers, for dashboard variables' });

export const sysmonQuerySchema = z.discriminatedUnion('queryType', [
  healthQuerySchema,
  queuesQuerySchema,
  queueMetricsQuerySchema,
  jobsQuerySchema,
  driftQuerySchema,
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
