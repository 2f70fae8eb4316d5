// The infrastructure vertical's part of the routes table: everything the Infrastructure page shows (from memory),
// service history and reputation history (from the store). Read-only; the probes and checks run by themselves.
import { z } from 'zod';
import { integer, invalidParameter, optionalParam, text, timeParam } from '../../http/params.ts';
import { ok, route, type Route } from '../../http/route.ts';
import type { InfrastructureState } from '../../health/infrastructureState.ts';
import { CHECKS_RETENTION_DAYS, type HealthStore } from '../../health/store.ts';
import type { ReputationStore } from '../../reputation/store.ts';
import { DEFAULT_RANGE_MS, MAX_POINTS, stepFor } from './queryHandlers.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The history chart's default: 15-minute buckets over a day. */
const DEFAULT_HISTORY_POINTS = 96;

const historyParams = z.strictObject({
  from: optionalParam(timeParam()),
  to: optionalParam(timeParam()),
  service: optionalParam(text(63)),
  maxPoints: optionalParam(integer(2, MAX_POINTS)),
});

const reputationHistoryParams = z.strictObject({
  ip: optionalParam(text(45)),
  limit: optionalParam(integer(1, 1_000)),
});

export function infrastructureRoutes(deps: {
  state: InfrastructureState;
  store: HealthStore;
  reputation: ReputationStore;
}): Route[] {
  const { state, store, reputation } = deps;
  return [
    route({
      method: 'GET',
      path: '/api/infrastructure',
      scope: 'read',
      handle: () => ({ body: state.viewJson(), contentType: 'application/json' }),
    }),
    route({
      method: 'GET',
      path: '/api/reputation',
      scope: 'read',
      handle: () => ({ body: state.reputationJson(), contentType: 'application/json' }),
    }),
    route({
      method: 'GET',
      path: '/api/infrastructure/history',
      scope: 'read',
      query: historyParams,
      handle: async ({ query }) => {
        const to = query.to ?? new Date();
        const from = query.from ?? new Date(to.getTime() - DEFAULT_RANGE_MS);
        if (from.getTime() > to.getTime()) {
          throw invalidParameter('from', 'must not be after to');
        }
        if (to.getTime() - from.getTime() > CHECKS_RETENTION_DAYS * DAY_MS) {
          throw invalidParameter(
            'from',
            `must be at most ${CHECKS_RETENTION_DAYS} days before to (checks are kept that long)`
          );
        }
        const stepMs = stepFor({ from, to }, query.maxPoints ?? DEFAULT_HISTORY_POINTS);
        const service = query.service ? { service: query.service } : {};
        const [series, transitions] = await Promise.all([
          store.history({ from, to, stepMs, ...service }),
          store.transitions({ from, to, ...service }),
        ]);
        return ok({ from: from.toISOString(), to: to.toISOString(), stepMs, series, transitions });
      },
    }),
    route({
      method: 'GET',
      path: '/api/reputation/history',
      scope: 'read',
      query: reputationHistoryParams,
      handle: async ({ query }) =>
        ok({ periods: await reputation.history({ limit: query.limit ?? 200, ...(query.ip ? { ip: query.ip } : {}) }) }),
    }),
  ];
}
