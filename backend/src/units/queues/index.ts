// The queue vertical (DESIGN.md §4): BullMQ queues in Redis and the PostgreSQL job ledger — overview, jobs,
// search, actions, drift, and queue history (the sampler and its partitions, each run by one replica).
import type { QueueSnapshot } from '@penguinmails/sysmon-contract';
import { createQueueActions } from '../../queues/actions.ts';
import { createDriftCache, createDriftChecker, queueLookup } from '../../queues/drift.ts';
import { createDriftRecovery } from '../../queues/driftRecovery.ts';
import { createQueueReadPath } from '../../queues/overview.ts';
import { createQueueHandles } from '../../queues/bullmq/index.ts';
import { queueSamplingJobs } from '../../queues/sampler.ts';
import { histogramOf } from '../../metrics/definitions.ts';
import { createLeadership } from '../../metrics/leadership.ts';
import type { Unit } from '../unit.ts';
import { createQueueMetrics } from './metrics.ts';
import { createQueueQueryHandlers, createQueueVariables } from './queryHandlers.ts';
import { queueRoutes } from './routes.ts';

export interface QueuesUnitOptions {
  /** Where the sampler reads snapshots (default: the shared queue overview); tests replace it. */
  readSnapshots?: () => Promise<QueueSnapshot[]>;
}

/**
 * How long after its last sampler run a replica still publishes the queue gauges: three runs, at least 10 s, so a
 * slow tick never makes the series blink (a gap resets alert rules' `for`).
 */
export function samplerLeadershipMs(intervalMs: number): number {
  return Math.max(3 * intervalMs, 10_000);
}

export function queuesUnit(options: QueuesUnitOptions = {}): Unit {
  return {
    name: 'queues',
    migrations: new URL('../../queues/migrations/', import.meta.url),
    start({ config, logger, pool, systemPool, redis }) {
      const snapshotReadSeconds = histogramOf('queueSnapshotRead');
      // One queue read path per process: the API, the query handlers and the sampler share its caches.
      const queueRead = createQueueReadPath({
        redis,
        pool,
        config,
        onSourceError: (source, error) => logger.warn({ err: error, source }, 'queue overview source failed'),
        onSnapshotRead: (seconds, outcome) => snapshotReadSeconds.observe({ outcome }, seconds),
      });
      // BullMQ Queue objects for operator actions, on the shared Redis client; closed before Redis on shutdown.
      const queueHandles = createQueueHandles(redis);
      const queues = queueLookup({ redis, prefixes: config.queues.prefixes, discovery: queueRead.discovery });
      const drift = createDriftCache(
        createDriftChecker({ redis, pool, ledgerTable: config.queues.ledgerTable }),
        queues
      );
      // The queue gauges are published by the replica running the sampler (its lock holder) only.
      const samplerLeadership = createLeadership({ staleAfterMs: samplerLeadershipMs(config.sampler.intervalMs) });
      const queueMetrics = createQueueMetrics({
        entries: () => queueRead.overview.entries(),
        drift: () => drift.get(),
        leadership: samplerLeadership,
        onDriftError: (error) => logger.warn({ err: error }, 'drift check for /metrics failed'),
      });
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
        pool: systemPool,
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
        variables: createQueueVariables({ overview: queueRead.overview }),
        periodicJobs: queueSamplingJobs({
          pool: systemPool,
          schema: config.schema,
          sampler: config.sampler,
          readSnapshots: options.readSnapshots ?? (async () => (await queueRead.overview.list()).queues),
          logger,
          leadership: samplerLeadership,
        }),
        metrics: [snapshotReadSeconds, ...queueMetrics],
        provides: { queueSnapshots: async () => (await queueRead.overview.list()).queues },
        close: () => queueHandles.close(),
      };
    },
  };
}
