// Shared set-up for integration tests against the real PostgreSQL and Redis.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import type { Redis } from 'ioredis';
import pg from 'pg';
import { loadConfig, type Config } from '../src/config.ts';
import { quoteIdent } from '../src/db/sql.ts';
import { escapeGlob } from '../src/queues/bullmq/index.ts';

export const TEST_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export const TOKENS = {
  api: 'test-read-token-0123456789abcdef',
  operator: 'test-operator-token-0123456789abcdef',
  ingest: 'test-ingest-token-0123456789abcdef',
  metrics: 'test-metrics-token-0123456789abcdef',
};

/** A schema of its own for each test file: sysmon_t_<random>. */
export function randomSchema(): string {
  return `sysmon_t_${randomBytes(5).toString('hex')}`;
}

export function testEnv(schema: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    SYSMON_API_TOKEN: TOKENS.api,
    SYSMON_OPERATOR_TOKEN: TOKENS.operator,
    SYSMON_INGEST_TOKEN: TOKENS.ingest,
    SYSMON_METRICS_TOKEN: TOKENS.metrics,
    SYSMON_PORT: '0',
    SYSMON_HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    SYSMON_SCHEMA: schema,
    ...overrides,
  };
}

/** The ledger goes into the test schema too, so tests never touch public.job_ledger. */
export function testConfigFile(schema: string, extra = ''): string {
  return `queues:\n  ledgerTable: ${schema}.job_ledger\n${extra}`;
}

export function testConfig(schema: string, env: Record<string, string> = {}, extraYaml = ''): Config {
  return loadConfig(testEnv(schema, env), testConfigFile(schema, extraYaml));
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

export function randomSuffix(): string {
  return randomBytes(4).toString('hex');
}

/** A BullMQ prefix of its own for each test: sysmon-<label>-<random>. */
export function randomPrefix(label = 'qt'): string {
  return `sysmon-${label}-${randomSuffix()}`;
}

/** Deletes the keys matching `pattern` with SCAN + UNLINK (never KEYS). Returns how many were deleted. */
export async function deleteKeys(redis: Redis, pattern: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1_000);
    cursor = next;
    if (keys.length > 0) {
      deleted += await redis.unlink(...keys);
    }
  } while (cursor !== '0');
  return deleted;
}

/** Deletes every key under `prefix:`. */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  await deleteKeys(redis, `${escapeGlob(prefix)}:*`);
}

/** Polls until `probe` returns a truthy value; fails naming `what` after the timeout. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 10_000
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** 'connected', or the error code of a plain TCP connect to the loopback port (e.g. 'ECONNREFUSED'). */
export function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(String(error.code)));
  });
}
