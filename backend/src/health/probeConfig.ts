// The `probes` and `status` sections of the YAML config: what the prober checks, how often, against which
// thresholds, and how many checks in a row change a state. Validated once at start-up (config.ts).
import { z } from 'zod';

const PROBE_NAME = /^[a-z][a-z0-9_-]{0,62}$/;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** How many checks in a row change a state (the hysteresis of health/status.ts). */
export const statusRulesSchema = z
  .object({
    /** Down after this many hard failures in a row. */
    downAfter: z.number().int().min(1).max(100).default(3),
    /** Degraded after this many soft-or-worse checks in a row (2 or more: one slow check never flips a state). */
    degradeAfter: z.number().int().min(1).max(100).default(2),
    /** Back to operational (or from down to degraded) only after this many checks in a row at least that good. */
    recoverAfter: z.number().int().min(1).max(100).default(2),
    /** Unknown after this many checks in a row that could not run. */
    unknownAfter: z.number().int().min(1).max(100).default(2),
  })
  .strict();
export type StatusRules = z.output<typeof statusRulesSchema>;

const common = {
  /** The service's id: its card, its findings, `service:` in queries. */
  name: z.string().regex(PROBE_NAME, { message: 'expected a lower-case id such as "smtp" or "platform-api"' }),
  /** What the card says (default: the name). */
  label: z.string().min(1).max(60).optional(),
  intervalMs: z.number().int().min(1_000).max(3_600_000).default(15_000),
  /** The whole check's budget; a check that needs longer is a failure of the target (or unknown, see CHECK_OUTCOMES). */
  timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
  /** The log service whose lines belong to this service (findings link to its logs); null: it has none. */
  logService: z.string().min(1).max(200).nullable().optional(),
  /** Per-probe overrides of `status`. */
  status: statusRulesSchema.partial().optional(),
};

const port = z.number().int().min(1).max(65_535);
const envName = z.string().regex(ENV_NAME, { message: 'expected an environment variable name' });

export const smtpProbeSchema = z
  .object({
    ...common,
    kind: z.literal('smtp'),
    host: z.string().min(1),
    port: port.default(25),
    /** required: its absence is a problem; optional: used when offered; off: never tried. */
    starttls: z.enum(['required', 'optional', 'off']).default('optional'),
    /** The name the probe says in EHLO. */
    ehloName: z.string().min(1).max(255).default('sysmon.penguinmails.invalid'),
    /** A PEM file of CA certificates trusted besides the system's (a private CA); a certificate neither trusts is a soft problem. */
    caFile: z.string().min(1).optional(),
    thresholds: z
      .object({
        /** The 220 banner arriving later than this is a soft problem. */
        latencyMs: z.number().int().min(1).default(1_000),
        /** A certificate expiring within this many days is a soft problem (expired: hard). */
        certExpiryDays: z.number().int().min(0).default(14),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export const httpProbeSchema = z
  .object({
    ...common,
    kind: z.literal('http'),
    url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }),
    method: z.enum(['GET', 'HEAD']).default('GET'),
    /** Accepted statuses (default: any 2xx or 3xx). */
    expectStatus: z.array(z.number().int().min(100).max(599)).default([]),
    /** Text the body must contain. */
    bodyMatch: z.string().min(1).optional(),
    thresholds: z
      .object({ latencyMs: z.number().int().min(1).default(1_000) })
      .strict()
      .prefault({}),
  })
  .strict();

export const tcpProbeSchema = z
  .object({
    ...common,
    kind: z.literal('tcp'),
    host: z.string().min(1),
    port,
    thresholds: z
      .object({ latencyMs: z.number().int().min(1).default(500) })
      .strict()
      .prefault({}),
  })
  .strict();

export const postgresProbeSchema = z
  .object({
    ...common,
    kind: z.literal('postgres'),
    /** The environment variable holding the connection URL (a secret); default: the service's DATABASE_URL. */
    urlEnv: envName.optional(),
    thresholds: z
      .object({
        latencyMs: z.number().int().min(1).default(250),
        /** Connections in use over max_connections at or above this share is a soft problem. */
        connectionsRatio: z.number().min(0).max(1).default(0.8),
        /** A replica further behind than this is a soft problem. */
        replicationLagSeconds: z.number().min(0).default(30),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export const redisProbeSchema = z
  .object({
    ...common,
    kind: z.literal('redis'),
    /** The environment variable holding the connection URL (a secret); default: the service's REDIS_URL. */
    urlEnv: envName.optional(),
    thresholds: z
      .object({
        latencyMs: z.number().int().min(1).default(100),
        /** used_memory over maxmemory at or above this share is a soft problem. */
        memoryRatio: z.number().min(0).max(1).default(0.9),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export const workersProbeSchema = z
  .object({
    ...common,
    kind: z.literal('workers'),
    /** Live BullMQ workers every discovered queue needs (0 workers: hard; fewer than this: soft). */
    minimum: z.number().int().min(0).default(1),
    /** Per-queue minimums (0 exempts a queue). */
    queues: z.record(z.string().min(1), z.number().int().min(0)).default({}),
  })
  .strict();

export const probeSchema = z
  .discriminatedUnion('kind', [
    smtpProbeSchema,
    httpProbeSchema,
    tcpProbeSchema,
    postgresProbeSchema,
    redisProbeSchema,
    workersProbeSchema,
  ])
  .refine((probe) => probe.timeoutMs < probe.intervalMs, {
    message: 'timeoutMs must be shorter than intervalMs',
    path: ['timeoutMs'],
  });

export type ProbeConfig = z.output<typeof probeSchema>;
export type SmtpProbeConfig = z.output<typeof smtpProbeSchema>;
export type HttpProbeConfig = z.output<typeof httpProbeSchema>;
export type TcpProbeConfig = z.output<typeof tcpProbeSchema>;
export type PostgresProbeConfig = z.output<typeof postgresProbeSchema>;
export type RedisProbeConfig = z.output<typeof redisProbeSchema>;
export type WorkersProbeConfig = z.output<typeof workersProbeSchema>;

/** Without configured probes the service watches its own dependencies: PostgreSQL, Redis and the BullMQ workers. */
export const DEFAULT_PROBES: readonly unknown[] = [
  { name: 'postgres', label: 'PostgreSQL', kind: 'postgres', logService: null },
  { name: 'redis', label: 'Redis', kind: 'redis', logService: null },
  { name: 'workers', label: 'Workers', kind: 'workers', logService: null },
];

export const probesSchema = z
  .array(probeSchema)
  .max(100)
  .default(() => DEFAULT_PROBES.map((probe) => probeSchema.parse(probe)))
  .refine((probes) => new Set(probes.map((probe) => probe.name)).size === probes.length, {
    message: 'two probes have the same name',
  });
