// The queue vertical (DESIGN.md §4): BullMQ queues in Redis and the PostgreSQL job ledger — overview, jobs,
// search, actions, drift, and queue history (the sampler and its partitions, each run by one replica).
import type { QueueSnapshot } from '@penguinmails/sysmon-contract';
import { createQueueActions } from '../../queues/actions.ts';
import { createDriftCache, createDriftChecker, queueLookup } from '../../queues/drift.ts';
import { createDriftRecovery } from '../../queues/driftRecovery.ts';
import { createQueueReadPath } from '../../queues/overview.ts';
import { createQueueHandles } from '../../queues/queueHandles.ts';
import { queueSamplingJobs } from '../../queues/sampler.ts';
import type { Unit } from '../unit.ts';
import { createQueueQueryHandlers } from './queryHandlers.ts';
import { queueRoutes } from './routes.ts';

export interface QueuesUnitOptions {
  /** Where the sampler reads snapshots (default: the shared queue overview); tests replace it. */
  readSnapshots?: () => Promise<QueueSnapshot[]>;
}

export function queuesUnit(options: QueuesUnitOptions = {}): Unit {
  return {
    name: 'queues',
    migrations: new URL('../../queues/migrations/', import.meta.url),
    start({ config, logger, pool, redis }) {
      // One queue read path per process: the API, the query handlers and the sampler share its caches.
      const queueRead = createQueueReadPath({
        redis,
        pool,
        config,
        onSourceError: (source, error) => logger.warn({ err: error, source }, 'queue overview source failed'),
      });
      // BullMQ Queue objects for operator actions, on the shared Redis client; closed before Redis on shutdown.
      const queueHandles = createQueueHandles(redis);
      const queues = queueLookup({ redis, prefixes: config.queues.prefixes, discovery: queueRead.discovery });
      const drift = createDriftCache(
        createDriftChecker({ redis, pool, ledgerTable: config.queues.ledgerTable }),
        queues
      );
      const actions = createQueueActions({
        redis,
        prefixes: config.queues.prefixes,
        tiers: config.queues.tiers,
        handles: queueHandles,
        discovery: queueRead.discovery,
        onMutation: () => queueRead.invalidate(),
      });
      const recovery = createDriftRecovery({
        redis,
        pool,
        ledgerTable: config.queues.ledgerTable,
        handles: queueHandles,
        queues,
      });

      return {
        routes: queueRoutes({ config, pool, redis, queueRead, actions, recovery, drift }),
        queryHandlers: createQueueQueryHandlers({
          redis,
          pool,
          schema: config.schema,
          prefixes: config.queues.prefixes,
          ledgerTable: config.queues.ledgerTable,
          overview: queueRead.overview,
          drift,
        }),
        periodicJobs: queueSamplingJobs({
          pool,
          schema: config.schema,
          sampler: config.sampler,
          readSnapshots: options.readSnapshots ?? (async () => (await queueRead.overview.list()).queues),
          logger,
        }),
        close: () => queueHandles.close(),
      };
    },
  };
}
