// The infrastructure query types: services, service_metrics, findings, ip_reputation, the service_states events
// and the infra_service variable. Current state from memory (the infrastructure state); history from the store.
import type { EventProviders, QueryHandlerTable, QueryContext, VariableProviders } from '../../query/dispatch.ts';
import type { InfrastructureState } from '../../health/infrastructureState.ts';
import type { HealthStore } from '../../health/store.ts';
import { FINDING_SEVERITIES } from '@penguinmails/sysmon-contract';
import { findingsFrame, reputationFrame, serviceMetricFrames, servicesFrame, serviceStateEvent } from './frames.ts';

/** Without a dashboard range: the last 24 hours. */
export const DEFAULT_RANGE_MS = 24 * 60 * 60 * 1000;
/** At most this many buckets per series, whatever maxDataPoints asks. */
export const MAX_POINTS = 1_000;
const MIN_STEP_MS = 1_000;

/** A bucket width that gives at most `maxPoints` buckets over the range, never finer than Grafana's interval. */
export function stepFor(range: { from: Date; to: Date }, maxPoints: number, intervalMs = 0): number {
  const span = Math.max(0, range.to.getTime() - range.from.getTime());
  const points = Math.min(MAX_POINTS, Math.max(1, Math.floor(maxPoints)));
  return Math.max(MIN_STEP_MS, Math.ceil(intervalMs), Math.ceil(span / points));
}

function rangeOf(context: QueryContext, now: number) {
  const to = context.range?.to ?? new Date(now);
  return { from: context.range?.from ?? new Date(to.getTime() - DEFAULT_RANGE_MS), to };
}

export function createInfrastructureQueryHandlers(
  state: InfrastructureState,
  store: HealthStore,
  clock: () => number = Date.now
): QueryHandlerTable {
  const labels = () => new Map(state.probes().map((probe) => [probe.name, probe.label ?? probe.name]));
  return {
    services: async (query) => {
      const services = state.view().services.filter((view) => !query.service || view.service === query.service);
      return [servicesFrame(services, query.refId)];
    },
    findings: async (query) => {
      const atLeast = query.severity ? FINDING_SEVERITIES.indexOf(query.severity) : FINDING_SEVERITIES.length - 1;
      const findings = state
        .view()
        .findings.filter(
          (finding) =>
            FINDING_SEVERITIES.indexOf(finding.severity) <= atLeast &&
            (!query.service || finding.service === query.service)
        );
      return [findingsFrame(findings, query.refId)];
    },
    ip_reputation: async (query) => {
      const entries = state
        .view()
        .reputation.filter(
          (entry) =>
            (!query.ip || entry.ip === query.ip) &&
            (!query.zone || entry.zone === query.zone) &&
            (!query.listing || entry.state === query.listing)
        );
      return [reputationFrame(entries, query.refId)];
    },
    service_metrics: async (query, context) => {
      const range = rangeOf(context, clock());
      const series = await store.history({
        ...range,
        stepMs: stepFor(range, context.maxDataPoints ?? MAX_POINTS, context.intervalMs),
        ...(query.service ? { service: query.service } : {}),
      });
      return serviceMetricFrames(series, query.metric, labels());
    },
  };
}

export function createInfrastructureVariables(state: InfrastructureState): VariableProviders {
  return { infra_service: async () => state.probes().map((probe) => probe.name) };
}

/** Service state changes as annotations ("SMTP: Operational → Degraded", the cause as text). */
export function createInfrastructureEvents(state: InfrastructureState, store: HealthStore): EventProviders {
  return {
    service_states: async (query, range) => {
      const labels = new Map(state.probes().map((probe) => [probe.name, probe.label ?? probe.name]));
      const transitions = await store.transitions({ ...range, ...(query.service ? { service: query.service } : {}) });
      return transitions.map((transition) => serviceStateEvent(transition, labels));
    },
  };
}
