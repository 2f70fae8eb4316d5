// PostgreSQL pool factory with short connect timeouts, so an outage is reported rather than waited on, and
// a helper that runs read queries under a statement timeout.
import pg from 'pg';
import { UnavailableError } from '../errors.ts';
import type { Logger } from '../logger.ts';

export type Pool = pg.Pool;

export interface PoolOptions {
  logger?: Logger;
  max?: number;
  applicationName?: string;
}

/**
 * A pg client that always has an 'error' listener. pg-pool attaches its own only once a connection is up (and
 * withClient one while a client is checked out), but a server going down can send a connection that is still
 * starting two errors — its FATAL 57P01, then the socket's end — and pg emits the second as an 'error' event that
 * nobody hears, which ends the process (seen while PostgreSQL restarted under probes, samples and requests).
 * Errors still reach every query and every other listener; this one only keeps the process alive.
 */
class ListeningClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

/** Marks errors of connecting to PostgreSQL (see PostgresPool), so the edges can tell them from other refusals. */
const CONNECT_FAILED = Symbol('postgres connect failed');

function connectFailed(error: Error): Error {
  if (error !== null && typeof error === 'object') {
    Object.defineProperty(error, CONNECT_FAILED, { value: true });
  }
  return error;
}

/**
 * A pool whose failures to connect are marked as such: a refused or timed-out connection is a plain socket error
 * (ECONNREFUSED, with nothing saying it was PostgreSQL's), and pool.query connects through this method too.
 */
class PostgresPool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(
    callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void
  ): void;
  override connect(
    callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void
  ): Promise<pg.PoolClient> | void {
    if (callback) {
      return super.connect((err, client, done) => callback(err && connectFailed(err), client, done));
    }
    return super.connect().catch((error: Error) => {
      throw connectFailed(error);
    });
  }
}

// SQLSTATEs that say the server cannot serve this session now: connection exceptions (class 08), the server
// shutting down or starting up (57P01-57P03), too many connections (53300).
const UNAVAILABLE_STATE = /^(08...|57P0[123]|53300)$/;
// What pg and pg-pool say when a connection fails or ends under a query (the server went away).
const CONNECTION_LOST =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable)/;

/**
 * True when the error means PostgreSQL cannot be reached or cannot serve now (not: the query or its data is wrong):
 * a pool of createPool could not connect, the server ended the session or refuses new ones, or the connection was
 * lost under a query.
 */
export function isPostgresUnavailable(error: unknown): boolean {
  if (error === null || typeof error !== 'object') {
    return false;
  }
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    CONNECT_FAILED in error ||
    (error instanceof pg.DatabaseError && typeof code === 'string' && UNAVAILABLE_STATE.test(code)) ||
    (typeof message === 'string' && CONNECTION_LOST.test(message))
  );
}

/** Seconds a client is told to wait (Retry-After) when PostgreSQL is unreachable. */
export const POSTGRES_RETRY_AFTER_SECONDS = 5;

/** The error a request or a query's refId gets while PostgreSQL is unreachable: 503 naming PostgreSQL. */
export function postgresUnavailable(error: unknown): UnavailableError {
  const { code } = (error ?? {}) as { code?: unknown };
  const reason =
    error instanceof Error ? error.message || (typeof code === 'string' ? code : error.name) : String(error);
  return new UnavailableError(
    'postgres_unavailable',
    `PostgreSQL is unreachable (${reason}); this data is unknown until it is back`,
    POSTGRES_RETRY_AFTER_SECONDS
  );
}

export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const pool = new PostgresPool({
    Client: ListeningClient,
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
 * Size of the pool for the service's own work: health checks, audit rows, the sampler's writes, partition
 * maintenance and actions' ledger writes. Kept apart from the request pool so that requests, however many and slow,
 * never delay a health answer, an audit row or a sample.
 */
export const SYSTEM_POOL_MAX = 4;

export function createSystemPool(url: string, options: { logger?: Logger } = {}): pg.Pool {
  return createPool(url, { logger: options.logger, max: SYSTEM_POOL_MAX, applicationName: 'sysmon-system' });
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
  return withTransaction(pool, async (client) => {
    await client.query(`SELECT set_config('statement_timeout', $1, true)`, [`${timeoutMs}ms`]);
    return work(client);
  });
}

/**
 * Runs `work` on a client checked out of the pool, listening for its 'error' event meanwhile. A checked-out client
 * has no other listener: without this, a server restart (57P01 `terminating connection due to administrator
 * command`) arriving between two queries would be an unhandled 'error' event and end the process. A client that
 * saw an error is destroyed instead of going back to the pool.
 */
export async function withClient<T>(
  pool: Pick<pg.Pool, 'connect'>,
  work: (client: pg.PoolClient) => Promise<T>
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  try {
    return await work(client);
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

/** `work` in one transaction on one client (withClient): committed, or rolled back when it throws. */
export async function withTransaction<T>(
  pool: Pick<pg.Pool, 'connect'>,
  work: (client: pg.PoolClient) => Promise<T>
): Promise<T> {
  return withClient(pool, async (client) => {
    await client.query('BEGIN');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A client that cannot roll back raised its own error: withClient destroys it.
      await client.query('ROLLBACK').catch((rollbackError: unknown) => client.emit('error', rollbackError));
      throw error;
    }
  });
}
