// Service configuration: connections and secrets from the environment, lists from one YAML file.
// loadConfig is pure (env + file text in, Config out) so every rule is unit-tested.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { TIERS, type Tier } from '@penguinmails/sysmon-contract';
import { z } from 'zod';
import { probesSchema, statusRulesSchema, type ProbeConfig, type StatusRules } from './health/probeConfig.ts';
import { reputationSchema, type ReputationConfig } from './reputation/config.ts';

export const LEDGER_TABLE_PATTERN = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;
const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]*$/;
const BODY_LIMIT_PATTERN = /^\d+(\.\d+)?\s*(b|kb|mb|gb)$/i;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const MIN_TOKEN_LENGTH = 16;
/** Days of queue samples kept by default (sampler.retentionDays); also the longest queue history range. */
export const DEFAULT_SAMPLER_RETENTION_DAYS = 90;

export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.map((problem) => `invalid configuration: ${problem}`).join('\n'));
    this.name = 'ConfigError';
  }
}

function urlWithProtocols(protocols: string[]) {
  return z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` }
  );
}

// A token is optional here; `serve` additionally requires the read and operator tokens (see requireServeTokens).
const tokenSchema = z
  .string()
  .min(MIN_TOKEN_LENGTH, { message: `must be at least ${MIN_TOKEN_LENGTH} characters long` })
  .optional();

const envSchema = z.object({
  DATABASE_URL: urlWithProtocols(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/postgres'),
  REDIS_URL: urlWithProtocols(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  SYSMON_LOG_DATABASE_URL: urlWithProtocols(['postgres:', 'postgresql:']).optional(),
  SYSMON_API_TOKEN: tokenSchema,
  SYSMON_OPERATOR_TOKEN: tokenSchema,
  SYSMON_INGEST_TOKEN: tokenSchema,
  SYSMON_METRICS_TOKEN: tokenSchema,
  // Spamhaus Data Query Service key: with it, Spamhaus ZEN is asked as <key>.zen.dq.spamhaus.net (a secret).
  SYSMON_SPAMHAUS_DQS_KEY: z
    .string()
    .regex(/^[a-z0-9]{16,64}$/, { message: 'expected a Spamhaus DQS key (lower-case letters and digits)' })
    .optional(),
  SYSMON_PORT: z
    .string()
    .regex(/^\d{1,5}$/, { message: 'expected a port number' })
    .transform(Number)
    .refine((port) => port <= 65535, { message: 'expected a port number' })
    .default(3001),
  // Loopback unless told otherwise: the service holds job payloads and operator actions (compose sets 0.0.0.0).
  SYSMON_HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `expected one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  SYSMON_SCHEMA: z
    .string()
    .max(63)
    .regex(SCHEMA_PATTERN, { message: 'expected a lower-case SQL identifier ([a-z_][a-z0-9_]*)' })
    .default('sysmon'),
});

/** Every environment variable the configuration reads (SYSMON_CONFIG names the file). */
export const CONFIG_ENV_VARS: readonly string[] = [...Object.keys(envSchema.shape), 'SYSMON_CONFIG'];

const fileSchema = z
  .object({
    server: z
      .object({
        bodyLimit: z
          .string()
          .regex(BODY_LIMIT_PATTERN, { message: 'expected a size such as "1mb" or "512kb"' })
          .default('1mb'),
        shutdownTimeoutMs: z.number().int().min(0).max(600_000).default(10_000),
        // A request (headers and body) must arrive within these, so a slow client cannot hold a socket for minutes.
        requestTimeoutMs: z.number().int().min(1_000).max(600_000).default(30_000),
        headersTimeoutMs: z.number().int().min(1_000).max(600_000).default(10_000),
        // /metrics needs SYSMON_METRICS_TOKEN unless this is true (a network-only scrape endpoint).
        metricsPublic: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    queues: z
      .object({
        prefixes: z.array(z.string().min(1)).min(1).default(['bull']),
        tiers: z.record(z.string().min(1), z.enum(TIERS)).default({}),
        ledgerTable: z
          .string()
          .regex(LEDGER_TABLE_PATTERN, {
            message: 'expected a lower-case table name, optionally schema-qualified (e.g. public.job_ledger)',
          })
          .default('public.job_ledger'),
      })
      .strict()
      .prefault({}),
    sampler: z
      .object({
        // How often queue snapshots are written to <schema>.queue_samples (one replica, by advisory lock).
        intervalMs: z.number().int().min(1_000).max(3_600_000).default(5_000),
        // Days of queue samples kept; older daily partitions are dropped whole.
        retentionDays: z.number().int().min(1).max(3_650).default(DEFAULT_SAMPLER_RETENTION_DAYS),
      })
      .strict()
      .prefault({}),
    logs: z
      .object({
        // Days of log lines kept; older daily partitions of <schema>.logs are dropped whole.
        retentionDays: z.number().int().min(1).max(3_650).default(90),
        // A line longer than this (UTF-8 bytes) is stored cut, with a marker and truncated: true.
        maxLineBytes: z
          .number()
          .int()
          .min(1_024)
          .max(16 * 1024 * 1024)
          .default(256 * 1024),
        // Ingest request bodies (after gunzip) larger than this are refused with 413.
        maxBodyBytes: z
          .number()
          .int()
          .min(64 * 1024)
          .max(256 * 1024 * 1024)
          .default(16 * 1024 * 1024),
      })
      .strict()
      .prefault({}),
    // What the prober checks (health/probeConfig.ts); without any: PostgreSQL, Redis and the workers.
    probes: probesSchema,
    // How many checks in a row change a service's state.
    status: statusRulesSchema.prefault({}),
    // Sending IPs against DNS block- and allowlists (reputation/config.ts).
    reputation: reputationSchema,
  })
  .strict();

export interface Config {
  databaseUrl: string;
  redisUrl: string;
  logDatabaseUrl: string;
  tokens: { api?: string; operator?: string; ingest?: string; metrics?: string };
  /** Spamhaus DQS key (secret; never logged). */
  spamhausDqsKey?: string;
  port: number;
  host: string;
  logLevel: LogLevel;
  schema: string;
  server: {
    bodyLimit: string;
    shutdownTimeoutMs: number;
    requestTimeoutMs: number;
    headersTimeoutMs: number;
    metricsPublic: boolean;
  };
  queues: { prefixes: string[]; tiers: Record<string, Tier>; ledgerTable: string };
  sampler: { intervalMs: number; retentionDays: number };
  logs: { retentionDays: number; maxLineBytes: number; maxBodyBytes: number };
  probes: ProbeConfig[];
  status: StatusRules;
  reputation: ReputationConfig;
}

type Env = Record<string, string | undefined>;

function describeIssues(error: z.ZodError, prefix: string[] = []): string[] {
  return error.issues.flatMap((issue) => {
    const base = [...prefix, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${[...base, key].join('.')}: unknown key`);
    }
    return [`${base.join('.') || '(root)'}: ${issue.message}`];
  });
}

/** Builds the configuration from environment variables and the YAML file text (if any). Throws ConfigError. */
export function loadConfig(env: Env, fileText?: string): Config {
  const problems: string[] = [];

  // Empty env values count as unset, as with most twelve-factor services.
  const presentEnv = Object.fromEntries(
    Object.keys(envSchema.shape).flatMap((key) => (env[key] ? [[key, env[key]]] : []))
  );
  const envResult = envSchema.safeParse(presentEnv);
  if (!envResult.success) {
    problems.push(...describeIssues(envResult.error));
  }

  let fileValue: unknown = {};
  if (fileText !== undefined) {
    try {
      fileValue = parseYaml(fileText) ?? {};
    } catch (error) {
      problems.push(`config file: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  const fileResult = fileSchema.safeParse(fileValue);
  if (!fileResult.success) {
    problems.push(...describeIssues(fileResult.error));
  }

  if (!envResult.success || !fileResult.success || problems.length > 0) {
    throw new ConfigError(problems);
  }

  const e = envResult.data;
  const f = fileResult.data;
  return {
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    logDatabaseUrl: e.SYSMON_LOG_DATABASE_URL ?? e.DATABASE_URL,
    tokens: {
      api: e.SYSMON_API_TOKEN,
      operator: e.SYSMON_OPERATOR_TOKEN,
      ingest: e.SYSMON_INGEST_TOKEN,
      metrics: e.SYSMON_METRICS_TOKEN,
    },
    spamhausDqsKey: e.SYSMON_SPAMHAUS_DQS_KEY,
    port: e.SYSMON_PORT,
    host: e.SYSMON_HOST,
    logLevel: e.LOG_LEVEL,
    schema: e.SYSMON_SCHEMA,
    server: f.server,
    queues: f.queues,
    sampler: f.sampler,
    logs: f.logs,
    probes: f.probes,
    status: f.status,
    reputation: f.reputation,
  };
}

/**
 * `serve` cannot run without the read and operator tokens, and the tokens must differ: the scope of a request
 * comes from which token it carries, so a shared value would give every reader operator rights (and an ingest
 * token equal to either would let the ingest client read or act on queues). Problems name the variables, never
 * the values.
 */
export function requireServeTokens(config: Config): void {
  const problems: string[] = [];
  if (!config.tokens.api) {
    problems.push('SYSMON_API_TOKEN: required by serve');
  }
  if (!config.tokens.operator) {
    problems.push('SYSMON_OPERATOR_TOKEN: required by serve');
  }
  const tokens: Array<[string, string | undefined]> = [
    ['SYSMON_API_TOKEN', config.tokens.api],
    ['SYSMON_OPERATOR_TOKEN', config.tokens.operator],
    ['SYSMON_INGEST_TOKEN', config.tokens.ingest],
    ['SYSMON_METRICS_TOKEN', config.tokens.metrics],
  ];
  tokens.forEach(([name, value], index) => {
    for (const [otherName, otherValue] of tokens.slice(index + 1)) {
      if (value && value === otherValue) {
        problems.push(`${otherName}: must differ from ${name} (each token grants its own scope)`);
      }
    }
  });
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
}

/** SYSMON_CONFIG if set (must exist), else ./sysmon.yaml when present, else no file. */
export function readConfigFile(env: Env, cwd: string): { path: string; text: string } | undefined {
  const explicit = env.SYSMON_CONFIG;
  const candidate = explicit ? path.resolve(cwd, explicit) : path.join(cwd, 'sysmon.yaml');
  if (!explicit && !existsSync(candidate)) {
    return undefined;
  }
  try {
    return { path: candidate, text: readFileSync(candidate, 'utf8') };
  } catch (error) {
    throw new ConfigError([
      `SYSMON_CONFIG: cannot read ${candidate}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    ]);
  }
}

/** Reads the environment and the config file of this process. */
export function loadConfigFromProcess(env: Env = process.env, cwd: string = process.cwd()): Config {
  const file = readConfigFile(env, cwd);
  return loadConfig(env, file?.text);
}
