// PostgreSQL pool factory with short connect timeouts, so an outage is reported rather than waited on, and
// a helper that runs read queries under a statement timeout.
import pg from 'pg';
import type { Logger } from '../logger.ts';

export type Pool = pg.Pool;

export interface PoolOptions {
  logger?: Logger;
  max?: number;
  applicationName?: string;
}

export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 2_000,
    idleTimeoutMillis: 30_000,
    application_name: options.applicationName ?? 'sysmon',
  });
  // An idle client losing its connection (server restart) emits 'error' on the pool; unhandled it would crash us.
  pool.on('error', (error) => {
    options.logger?.warn({ err: { message: error.message } }, 'postgres idle client error');
  });
  return pool;
}

/**
 * Size of the pool for periodic jobs' advisory lock sessions: each leading job keeps one client for as long as it
 * leads, so they get a pool of their own and request traffic keeps the main pool's connections. One per job plus
 * one spare (a lock attempt of a job that does not lead).
 */
export function lockPoolSize(periodicJobs: number): number {
  return periodicJobs + 1;
}

/** The pool periodic jobs take their lock sessions from, sized for `periodicJobs` jobs. */
export function createLockPool(url: string, periodicJobs: number, options: { logger?: Logger } = {}): pg.Pool {
  return createPool(url, { logger: options.logger, max: lockPoolSize(periodicJobs), applicationName: 'sysmon-locks' });
}

/**
 * True for PostgreSQL's class 22 (data exception: a value out of range, invalid text such as a NUL byte, a bad
 * date): input that reached a query without being caught at the edge. It is the caller's problem, a 400.
 */
export function isDataException(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}

/** SQLSTATE 57014 query_canceled: what a statement cut off by statement_timeout fails with. */
export const QUERY_CANCELED = '57014';

/** True for an error raised by PostgreSQL cancelling the statement (statement_timeout). */
export function isQueryCanceled(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === QUERY_CANCELED;
}

/**
 * Runs `work` on one client inside a transaction whose statements are cut off after `timeoutMs`
 * (SET LOCAL statement_timeout, via set_config so the value is a bound parameter): the setting ends with the
 * transaction and never leaks into the pooled connection. A timed-out statement rejects with SQLSTATE 57014
 * (see isQueryCanceled). Meant for read-only queries whose cost depends on user input.
 */
export async function withStatementTimeout<T>(
  pool: Pick<pg.Pool, 'connect'>,
  timeoutMs: number,
  work: (client: pg.PoolClient) => Promise<T>
): Promise<T> {
  if (!(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
    throw new RangeError(`statement timeout must be a positive whole number of ms, not ${timeoutMs}`);
  }
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('statement_timeout', $1, true)`, [`${timeoutMs}ms`]);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      // A client that cannot even roll back is not given back to the pool.
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
