// `serve`: connect, optionally migrate, start the units, listen; close gracefully (stop accepting, finish
// in-flight requests, stop periodic jobs and units, then close PostgreSQL and Redis), forcing open connections
// closed after server.shutdownTimeoutMs.
// Three PostgreSQL pools: one for requests, a small one for the service's own work (health, audit, sampler, action
// writes), and one (db/pool.ts lockPoolSize) whose clients the periodic jobs hold for their advisory locks.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.ts';
import { CORE_MIGRATIONS, migrate as applyMigrations } from './db/migrate.ts';
import { createLockPool, createPool, createSystemPool, type Pool } from './db/pool.ts';
import { createApp } from './http/app.ts';
import { buildRoutes } from './http/routes.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMetrics } from './metrics/registry.ts';
import { startPeriodicJobs } from './periodic/periodicJob.ts';
import { createRedis, waitForRedis } from './redis.ts';
import { infrastructureUnit } from './units/infrastructure/index.ts';
import { logsUnit } from './units/logs/index.ts';
import { queuesUnit } from './units/queues/index.ts';
import { serviceUnit } from './units/service.ts';
import type { Unit, UnitServices } from './units/unit.ts';

/** The verticals of the service, registered here and nowhere else. */
export function defaultUnits(): Unit[] {
  return [serviceUnit, queuesUnit(), logsUnit(), infrastructureUnit()];
}

/** Applies the migrations of the core and of every unit (in number order). */
export function migrate(
  pool: Pool,
  options: { schema: string; ledgerTable: string },
  units: readonly Unit[] = defaultUnits()
): Promise<string[]> {
  const folders = [CORE_MIGRATIONS, ...units.flatMap((unit) => (unit.migrations ? [unit.migrations] : []))];
  return applyMigrations(pool, { ...options, folders });
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Apply migrations before listening. */
  migrate?: boolean;
  /** The units to run (default: defaultUnits()). */
  units?: readonly Unit[];
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const units = options.units ?? defaultUnits();
  const pool = createPool(config.databaseUrl, { logger });
  const systemPool = createSystemPool(config.databaseUrl, { logger });
  const redis = createRedis(config.redisUrl, { logger });
  const started: Array<ReturnType<Unit['start']>> = [];
  let lockPool: Pool | undefined;

  try {
    if (options.migrate) {
      const applied = await migrate(pool, { schema: config.schema, ledgerTable: config.queues.ledgerTable }, units);
      logger.info({ applied, schema: config.schema }, 'migrations applied');
    }
    // Start even if Redis is down (health reports it); just give a healthy Redis a moment to connect.
    if (!(await waitForRedis(redis, 2_000))) {
      logger.warn('redis not reachable at start-up; continuing degraded');
    }

    const services: Partial<UnitServices> = {};
    for (const unit of units) {
      const unitStarted = unit.start({
        config,
        logger: logger.child({ unit: unit.name }),
        pool,
        systemPool,
        redis,
        services,
      });
      Object.assign(services, unitStarted.provides);
      started.push(unitStarted);
    }
    const metrics = createMetrics();
    for (const metric of started.flatMap((unit) => unit.metrics ?? [])) {
      metrics.registry.registerMetric(metric);
    }
    const routes = buildRoutes(started, { metrics, metricsPublic: config.server.metricsPublic });
    // Audit rows go through the system pool: an action is never refused because requests hold every connection.
    const app = createApp({ config, logger, pool: systemPool, metrics }, routes);
    // A request must arrive whole within its timeouts (checked every second), or it gets 408 and its socket closes.
    const server = createServer(
      {
        requestTimeout: config.server.requestTimeoutMs,
        headersTimeout: config.server.headersTimeoutMs,
        connectionsCheckingInterval: 1_000,
      },
      app
    ).listen(config.port, config.host);
    await once(server, 'listening');
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
    logger.info({ url, port: address.port, schema: config.schema }, 'sysmon service listening');

    // Each periodic job runs on the one replica holding its advisory lock.
    const jobDefinitions = started.flatMap((unit) => unit.periodicJobs ?? []);
    lockPool = createLockPool(config.databaseUrl, jobDefinitions.length, { logger });
    const periodicJobs = startPeriodicJobs(jobDefinitions, { pool: lockPool, logger });

    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= (async () => {
        logger.info('shutting down: no new connections, waiting for in-flight requests');
        const drained = new Promise<void>((resolve) => server.close(() => resolve()));
        // Keep-alive connections become idle once their in-flight response is sent; close them as they do.
        server.closeIdleConnections();
        const sweeper = setInterval(() => server.closeIdleConnections(), 50);
        const timer = setTimeout(() => {
          logger.warn({ timeoutMs: config.server.shutdownTimeoutMs }, 'shutdown timeout: closing open connections');
          server.closeAllConnections();
        }, config.server.shutdownTimeoutMs);
        await drained;
        clearInterval(sweeper);
        clearTimeout(timer);
        await periodicJobs.stop();
        await Promise.allSettled(started.map((unit) => unit.close?.()));
        // The jobs have released their lock clients, so the lock pool ends at once.
        await Promise.allSettled([
          pool.end(),
          systemPool.end(),
          lockPool?.end(),
          redis.quit().catch(() => redis.disconnect()),
        ]);
        logger.info('shutdown complete');
      })();
      return closing;
    };
    return { url, close };
  } catch (error) {
    await Promise.allSettled([...started.map((unit) => unit.close?.()), pool.end(), systemPool.end(), lockPool?.end()]);
    redis.disconnect();
    throw error;
  }
}
