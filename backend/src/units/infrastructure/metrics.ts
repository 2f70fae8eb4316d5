// The infrastructure vertical's Prometheus metrics (definitions in contract/src/metrics.ts):
//   sysmon_service_status{service}   0..3 (SERVICE_STATE_CODES) from the served view, at scrape time, published by
//                                    the replica that probes (the prober's leader, or every replica probing on its
//                                    own while PostgreSQL is unreachable)
//   sysmon_probe_latency_seconds{service}, sysmon_probe_checks_total{service,outcome}   observed at every check,
//                                    where it runs (so only on a replica that probes)
//   sysmon_ip_listed{ip,zone,list_kind}   1 listed / 0 clean, absent while unknown; published by the replica
//                                    leading the reputation job
import { SERVICE_STATE_CODES, type CheckResult } from '@penguinmails/sysmon-contract';
import type { InfrastructureView } from '../../health/infrastructureState.ts';
import type { Metric } from 'prom-client';
import { counterOf, gaugeOf, histogramOf } from '../../metrics/definitions.ts';
import type { Leadership } from '../../metrics/leadership.ts';

export interface InfrastructureMetricsOptions {
  /** What the page is served from (InfrastructureState.view). */
  view: () => Pick<InfrastructureView, 'services' | 'reputation'>;
  /** Whether this replica probes. */
  prober: Pick<Leadership, 'leads'>;
  /** Whether this replica runs the reputation passes. */
  reputation: Pick<Leadership, 'leads'>;
}

export interface InfrastructureMetrics {
  /** Counts a check and observes its headline latency (a check that could not measure one is only counted). */
  observe(check: CheckResult): void;
  metrics: Metric[];
}

export function createInfrastructureMetrics(options: InfrastructureMetricsOptions): InfrastructureMetrics {
  const latency = histogramOf('probeLatency');
  const checks = counterOf('probeChecks');
  const status = gaugeOf('serviceStatus', function () {
    this.reset();
    if (options.prober.leads()) {
      for (const service of options.view().services) {
        this.set({ service: service.service }, SERVICE_STATE_CODES[service.state]);
      }
    }
  });
  const listed = gaugeOf('ipListed', function () {
    this.reset();
    if (options.reputation.leads()) {
      for (const entry of options.view().reputation) {
        if (entry.state !== 'unknown') {
          this.set({ ip: entry.ip, zone: entry.zone, list_kind: entry.zoneKind }, entry.state === 'listed' ? 1 : 0);
        }
      }
    }
  });
  return {
    observe(check) {
      checks.inc({ service: check.service, outcome: check.outcome });
      if (check.latencyMs !== null && Number.isFinite(check.latencyMs)) {
        latency.observe({ service: check.service }, check.latencyMs / 1000);
      }
    },
    metrics: [status, latency, checks, listed],
  };
}
