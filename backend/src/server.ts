// `serve`: connect, optionally migrate, listen; close gracefully (stop accepting, finish in-flight requests,
// then close PostgreSQL and Redis), forcing open connections closed after server.shutdownTimeoutMs.
// Two PostgreSQL pools: the main one for requests and job work, and a small one (db/pool.ts LOCK_POOL_MAX) whose
// clients the periodic jobs hold for their advisory locks while they lead.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.ts';
import { migrate } from './db/migrate.ts';
import { createLockPool, createPool } from './db/pool.ts';
import { createApp } from './http/app.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMetrics } from './metrics/registry.ts';
import { createRedis, waitForRedis } from './redis.ts';
import { createQueueReadPath } from './queues/overview.ts';
import { createQueueHandles } from './queues/queueHandles.ts';
import { startQueueSampling } from './queues/sampler.ts';
import type { QueueSnapshot } from '@penguinmails/sysmon-contract';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Apply migrations before listening. */
  migrate?: boolean;
  /** Current snapshots of every queue, for the sampler (the queue overview). Without it no samples are written. */
  readQueueSnapshots?: () => Promise<QueueSnapshot[]>;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const pool = createPool(config.databaseUrl, { logger });
  const lockPool = createLockPool(config.databaseUrl, { logger });
  const redis = createRedis(config.redisUrl, { logger });

  try {
    if (options.migrate) {
      const applied = await migrate(pool, { schema: config.schema, ledgerTable: config.queues.ledgerTable });
      logger.info({ applied, schema: config.schema }, 'migrations applied');
    }
    // Start even if Redis is down (health reports it); just give a healthy Redis a moment to connect.
    if (!(await waitForRedis(redis, 2_000))) {
      logger.warn('redis not reachable at start-up; continuing degraded');
    }

    // One queue read path per process: the API, the query handlers and the sampler share its caches.
    const queueRead = createQueueReadPath({
      redis,
      pool,
      config,
      onSourceError: (source, error) => logger.warn({ err: error, source }, 'queue overview source failed'),
    });
    // BullMQ Queue objects for operator actions, on the shared Redis client; closed before Redis on shutdown.
    const queueHandles = createQueueHandles(redis);
    const app = createApp({ config, logger, pool, redis, metrics: createMetrics(), queueRead, queueHandles });
    const server = app.listen(config.port, config.host);
    await once(server, 'listening');
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
    logger.info({ url, port: address.port, schema: config.schema }, 'sysmon service listening');
    // Queue history: sampler + queue_samples partition maintenance, each run by one replica (advisory locks).
    const sampling = startQueueSampling({
      pool,
      lockPool,
      schema: config.schema,
      sampler: config.sampler,
      readSnapshots: options.readQueueSnapshots ?? (async () => (await queueRead.overview.list()).queues),
      logger,
    });

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
        await sampling.stop();
        await queueHandles.close();
        // The jobs have released their lock clients (sampling.stop), so the lock pool ends at once.
        await Promise.allSettled([pool.end(), lockPool.end(), redis.quit().catch(() => redis.disconnect())]);
        logger.info('shutdown complete');
      })();
      return closing;
    };
    return { url, close };
  } catch (error) {
    await Promise.allSettled([pool.end(), lockPool.end()]);
    redis.disconnect();
    throw error;
  }
}
