// PostgreSQL pool factory with short connect timeouts, so an outage is reported rather than waited on.
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
