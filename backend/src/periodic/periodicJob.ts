// A periodic job that only one replica runs at a time (DESIGN.md §3): the replica holding a session-level
// PostgreSQL advisory lock, taken with pg_try_advisory_lock on a client kept out of the pool for as long as it
// leads. The others try to take the lock on every tick. Session locks die with their session, so a leader whose
// connection is lost (or its process) frees the lock and another replica takes over at its next tick.
// Ticks never overlap: the next one is scheduled only after the current run has finished.
import type pg from 'pg';
import type { Logger } from '../logger.ts';

export interface PeriodicJobOptions {
  /** For logs. */
  name: string;
  intervalMs: number;
  /**
   * Where the lock's client comes from; the leader keeps that client for as long as it leads. In the service this
   * is a small pool of its own (server.ts: createLockPool), so held lock sessions never take request connections.
   */
  pool: pg.Pool;
  /** Names the lock; replicas running the same job must use the same key (e.g. `sysmon:sampler:<schema>`). */
  lockKey: string;
  run: () => Promise<void>;
  logger?: Logger;
  /** Delay before the first tick (default 0: run at start). */
  initialDelayMs?: number;
}

/** A job as units declare it; startPeriodicJobs adds the lock pool and the logger. */
export type PeriodicJobDefinition = Omit<PeriodicJobOptions, 'pool' | 'logger'>;

export interface PeriodicJob {
  /** Whether this replica holds the lock now. */
  isLeader(): boolean;
  /** Runs completed by this replica (successful or not). */
  runs(): number;
  /** Stops ticking, waits for a run in progress, releases the lock and its client. */
  stop(): Promise<void>;
}

// The same key-to-bigint mapping as migrate.ts, so any session can look a lock up in pg_locks.
const TRY_LOCK = 'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked';
const UNLOCK = 'SELECT pg_advisory_unlock(hashtextextended($1, 0))';
// Same message again within this window is logged at debug, so an outage does not flood the log every tick.
const REPEAT_LOG_WINDOW_MS = 60_000;

export function startPeriodicJob(options: PeriodicJobOptions): PeriodicJob {
  const { name, intervalMs, pool, lockKey, run, logger } = options;
  if (!(intervalMs > 0)) {
    throw new RangeError(`periodic job ${name}: intervalMs must be positive`);
  }
  const log = logger?.child({ job: name });
  let lockClient: pg.PoolClient | undefined;
  let lockLost = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  let completedRuns = 0;
  let lastProblem: { message: string; at: number } | undefined;

  const problem = (message: string, error: unknown) => {
    const text = `${message}: ${error instanceof Error ? error.message : String(error)}`;
    const now = Date.now();
    const repeated = lastProblem?.message === text && now - lastProblem.at < REPEAT_LOG_WINDOW_MS;
    if (!repeated) {
      lastProblem = { message: text, at: now };
    }
    log?.[repeated ? 'debug' : 'warn']({ err: { message: (error as Error)?.message ?? String(error) } }, message);
  };

  /** Gives the lock client back, destroying it when its session may still hold the lock or is broken. */
  const dropLock = (destroy: boolean) => {
    const client = lockClient;
    lockClient = undefined;
    lockLost = false;
    if (client) {
      client.removeListener('error', onLockClientError);
      client.release(destroy ? new Error('advisory lock session dropped') : undefined);
    }
  };

  function onLockClientError(error: Error) {
    // The session is gone, and the lock with it; the next tick notices and tries to take it again.
    lockLost = true;
    problem('lock connection lost', error);
  }

  /** True when this replica holds the lock after the call. */
  const holdLock = async (): Promise<boolean> => {
    if (lockClient && !lockLost) {
      try {
        // A session-level lock lasts as long as its session: a live session still holds it.
        await lockClient.query('SELECT 1');
        return true;
      } catch (error) {
        problem('lock connection lost', error);
        lockLost = true;
      }
    }
    if (lockClient) {
      log?.warn('lost the lock; another replica may take over');
      dropLock(true);
    }
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      problem('cannot connect to take the lock', error);
      return false;
    }
    client.on('error', onLockClientError);
    try {
      const { rows } = await client.query<{ locked: boolean }>(TRY_LOCK, [lockKey]);
      if (rows[0]?.locked) {
        lockClient = client;
        log?.info({ lockKey }, 'took the lock: this replica runs the job');
        return true;
      }
      client.removeListener('error', onLockClientError);
      client.release();
      return false;
    } catch (error) {
      problem('cannot take the lock', error);
      client.removeListener('error', onLockClientError);
      client.release(error instanceof Error ? error : new Error(String(error)));
      return false;
    }
  };

  const tick = async () => {
    const started = Date.now();
    if (await holdLock()) {
      if (stopped) {
        return;
      }
      try {
        await run();
      } catch (error) {
        problem('run failed', error);
      }
      completedRuns += 1;
    }
    schedule(Math.max(0, intervalMs - (Date.now() - started)));
  };

  function schedule(delayMs: number) {
    if (stopped) {
      return;
    }
    timer = setTimeout(() => {
      timer = undefined;
      current = tick().finally(() => {
        current = undefined;
      });
    }, delayMs);
  }

  schedule(options.initialDelayMs ?? 0);

  return {
    isLeader: () => lockClient !== undefined && !lockLost,
    runs: () => completedRuns,
    async stop() {
      stopped = true;
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      await current;
      const client = lockClient;
      if (!client) {
        return;
      }
      let unlocked = false;
      if (!lockLost) {
        unlocked = await client
          .query(UNLOCK, [lockKey])
          .then(() => true)
          .catch(() => false);
      }
      // If unlocking failed, destroy the connection: closing the session releases the lock.
      dropLock(!unlocked);
      log?.info('stopped; lock released');
    },
  };
}

export interface PeriodicJobs {
  jobs: PeriodicJob[];
  /** Stops every job (waiting for runs in progress) and releases their locks. */
  stop(): Promise<void>;
}

/** Starts the jobs, each taking its lock session from `pool` (see lockPoolSize). */
export function startPeriodicJobs(
  definitions: readonly PeriodicJobDefinition[],
  options: { pool: pg.Pool; logger?: Logger }
): PeriodicJobs {
  const jobs = definitions.map((definition) => startPeriodicJob({ ...definition, ...options }));
  return {
    jobs,
    stop: async () => {
      await Promise.all(jobs.map((job) => job.stop()));
    },
  };
}
