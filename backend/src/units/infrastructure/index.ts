// The infrastructure vertical (issue 9): probes of the platform's services (SMTP, HTTP, TCP, PostgreSQL, Redis,
// BullMQ workers) with a status engine that has hysteresis, findings, uptime, and the sending IPs' reputation on
// DNS block- and allowlists.
//
// One replica probes: the one holding the `prober` job's lock. Every replica serves the stored state (re-read every
// second). When the store itself cannot be reached, nobody can hold the lock, so each replica then probes on its
// own and serves what it sees: that is exactly when PostgreSQL must be shown down, not frozen in its last state.
import { MAINTENANCE_INTERVAL_MS } from '../../db/partitions.ts';
import { UnavailableError } from '../../errors.ts';
import { createInfrastructureState } from '../../health/infrastructureState.ts';
import { createProber } from '../../health/prober.ts';
import { createLeadership } from '../../metrics/leadership.ts';
import { runProbe } from '../../health/probes/index.ts';
import { CHECKS_RETENTION_DAYS, createHealthStore } from '../../health/store.ts';
import { createReputationChecker } from '../../reputation/checker.ts';
import { reputationJob } from '../../reputation/job.ts';
import { createReputationStore } from '../../reputation/store.ts';
import type { PeriodicJobDefinition } from '../../periodic/periodicJob.ts';
import type { Unit } from '../unit.ts';
import { createInfrastructureMetrics } from './metrics.ts';
import {
  createInfrastructureEvents,
  createInfrastructureQueryHandlers,
  createInfrastructureVariables,
} from './queryHandlers.ts';
import { infrastructureRoutes } from './routes.ts';

/** How often the prober looks for due probes, and how often stored state is re-read. */
export const PROBER_TICK_MS = 1_000;
/** The lock's holder ticks every second; this long without a tick means no replica here leads. */
const LEADER_SILENT_MS = 3 * PROBER_TICK_MS;
/** How long after its last prober tick a replica still publishes the service gauges (no blinking series). */
export const PROBER_LEADERSHIP_MS = 10 * PROBER_TICK_MS;

export function infrastructureUnit(): Unit {
  return {
    name: 'infrastructure',
    migrations: new URL('../../health/migrations/', import.meta.url),
    start({ config, logger, systemPool, redis, services }) {
      const store = createHealthStore(systemPool, config.schema);
      const reputation = createReputationStore(systemPool, config.schema);
      const state = createInfrastructureState({
        probes: config.probes,
        rules: config.status,
        store,
        reputation,
        logger,
      });
      // Service and IP gauges are published by the replica that probes / checks reputation (metrics.ts).
      const proberLeadership = createLeadership({ staleAfterMs: PROBER_LEADERSHIP_MS });
      const reputationLeadership = createLeadership({ staleAfterMs: 2 * config.reputation.intervalMs });
      const infrastructureMetrics = createInfrastructureMetrics({
        view: () => state.view(),
        prober: proberLeadership,
        reputation: reputationLeadership,
      });
      const probeContext = {
        pool: systemPool,
        redis,
        env: process.env,
        databaseUrl: config.databaseUrl,
        redisUrl: config.redisUrl,
        queueSnapshots: () => {
          const read = services.queueSnapshots;
          return read
            ? read()
            : Promise.reject(new UnavailableError('queues_not_running', 'the queue unit is not running'));
        },
      };
      const prober = createProber({
        probes: config.probes,
        check: (probe) => runProbe(probe, probeContext),
        onCheck: (check) => {
          infrastructureMetrics.observe(check);
          return state.apply(check);
        },
        onError: (error, probe) => logger.warn({ err: error, probe: probe.name }, 'check could not be recorded'),
      });

      let leaderTickAt = 0;
      const local = setInterval(() => {
        void state.refresh();
        if (Date.now() - leaderTickAt > LEADER_SILENT_MS && !state.storeReachable()) {
          proberLeadership.mark();
          prober.tick();
        }
      }, PROBER_TICK_MS);
      local.unref();
      void state.refresh();

      const periodicJobs: PeriodicJobDefinition[] = [
        {
          name: 'prober',
          intervalMs: PROBER_TICK_MS,
          lockKey: `sysmon:prober:${config.schema}`,
          run: async () => {
            leaderTickAt = Date.now();
            proberLeadership.mark();
            prober.tick();
          },
        },
        {
          name: 'service-checks-retention',
          intervalMs: MAINTENANCE_INTERVAL_MS,
          lockKey: `sysmon:service-checks-retention:${config.schema}`,
          run: async () => {
            const { dropped, deletedTransitions } = await store.maintain(CHECKS_RETENTION_DAYS);
            if (dropped.length > 0 || deletedTransitions > 0) {
              logger.info({ dropped, deletedTransitions }, 'service checks past retention removed');
            }
          },
        },
      ];
      if (config.reputation.sendingIps.length > 0) {
        const job = reputationJob({
          checker: createReputationChecker({ config: config.reputation, dqsKey: config.spamhausDqsKey }),
          store: reputation,
          intervalMs: config.reputation.intervalMs,
          schema: config.schema,
          onPass: (entries) => state.setReputation(entries),
        });
        periodicJobs.push({ ...job, run: () => reputationLeadership.lead(job.run) });
      }

      return {
        routes: infrastructureRoutes({ state, store, reputation }),
        queryHandlers: createInfrastructureQueryHandlers(state, store),
        variables: createInfrastructureVariables(state),
        events: createInfrastructureEvents(state, store),
        periodicJobs,
        metrics: infrastructureMetrics.metrics,
        close: async () => {
          clearInterval(local);
          await prober.close();
        },
      };
    },
  };
}
