// Reachability and latency of PostgreSQL and Redis. Checks never throw and never wait more than their timeout,
// so /api/health answers (status "degraded") while a dependency is down.
import { performance } from 'node:perf_hooks';
import type { Pool } from '../db/pool.ts';
import { lastRedisError, type Redis } from '../redis.ts';

export const CHECK_TIMEOUT_MS = 2_000;

export interface DependencyStatus {
  name: string;
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  version: string;
  checkedAt: string;
  dependencies: DependencyStatus[];
}

/** Removes credentials from connection error messages (URLs with user:password@, password=... pairs). */
export function redactSecrets(message: string): string {
  return message
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1***@')
    .replace(/(password\s*[=:]\s*)("[^"]*"|'[^']*'|\S+)/gi, '$1***');
}

async function timed(name: string, check: () => Promise<unknown>, timeoutMs: number): Promise<DependencyStatus> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
    return { name, status: 'up', latencyMs: round(performance.now() - started) };
  } catch (error) {
    const message = error instanceof Error ? error.message || error.name : String(error);
    return { name, status: 'down', latencyMs: round(performance.now() - started), error: redactSecrets(message) };
  } finally {
    clearTimeout(timer);
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

export function checkPostgres(pool: Pool, timeoutMs = CHECK_TIMEOUT_MS): Promise<DependencyStatus> {
  return timed('postgres', () => pool.query('SELECT 1'), timeoutMs);
}

export function checkRedis(redis: Redis, timeoutMs = CHECK_TIMEOUT_MS): Promise<DependencyStatus> {
  return timed(
    'redis',
    async () => {
      // With the offline queue disabled a command on a disconnected client fails with a vague message; say what is wrong.
      if (redis.status !== 'ready') {
        const cause = lastRedisError(redis);
        throw new Error(`not connected (${redis.status}${cause ? `: ${cause}` : ''})`);
      }
      await redis.ping();
    },
    timeoutMs
  );
}

export async function checkDependencies(
  deps: { pool: Pool; redis: Redis; version: string },
  timeoutMs = CHECK_TIMEOUT_MS
): Promise<HealthReport> {
  const dependencies = await Promise.all([checkPostgres(deps.pool, timeoutMs), checkRedis(deps.redis, timeoutMs)]);
  return {
    status: dependencies.every((dependency) => dependency.status === 'up') ? 'ok' : 'degraded',
    version: deps.version,
    checkedAt: new Date().toISOString(),
    dependencies,
  };
}
