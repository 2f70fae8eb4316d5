import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckResult, ReputationEntry, ServiceStatusView } from '@penguinmails/sysmon-contract';
import { Registry } from 'prom-client';
import { parseExposition, samplesOf, valueOf } from '../../metrics/exposition.ts';
import { createInfrastructureMetrics } from './metrics.ts';

const service = (name: string, state: ServiceStatusView['state']) => ({ service: name, state }) as ServiceStatusView;
const entry = (ip: string, zone: string, state: ReputationEntry['state'], zoneKind: 'block' | 'allow' = 'block') =>
  ({ ip, zone, state, zoneKind }) as ReputationEntry;
const check = (name: string, outcome: CheckResult['outcome'], latencyMs: number | null) =>
  ({ service: name, outcome, latencyMs }) as CheckResult;

function setup() {
  const leads = { prober: true, reputation: true };
  const view = {
    services: [
      service('smtp', 'operational'),
      service('api', 'degraded'),
      service('db', 'down'),
      service('x', 'unknown'),
    ],
    reputation: [
      entry('192.0.2.10', 'zen.spamhaus.org', 'listed'),
      entry('192.0.2.11', 'zen.spamhaus.org', 'clean'),
      entry('192.0.2.12', 'zen.spamhaus.org', 'unknown'),
      entry('192.0.2.10', 'list.dnswl.org', 'listed', 'allow'),
    ],
  };
  const metrics = createInfrastructureMetrics({
    view: () => view,
    prober: { leads: () => leads.prober },
    reputation: { leads: () => leads.reputation },
  });
  const registry = new Registry();
  metrics.metrics.forEach((metric) => registry.registerMetric(metric));
  return { leads, metrics, scrape: async () => parseExposition(await registry.metrics()) };
}

describe('infrastructure metrics', () => {
  it('service states as codes 0..3; IPs 1 listed / 0 clean, absent while unknown', async () => {
    const t = setup();
    const m = await t.scrape();
    assert.deepEqual(
      samplesOf(m, 'sysmon_service_status').map((sample) => [sample.labels.service, sample.value]),
      [
        ['smtp', 0],
        ['api', 1],
        ['db', 2],
        ['x', 3],
      ]
    );
    assert.equal(valueOf(m, 'sysmon_ip_listed', { ip: '192.0.2.10', zone: 'zen.spamhaus.org', list_kind: 'block' }), 1);
    assert.equal(valueOf(m, 'sysmon_ip_listed', { ip: '192.0.2.11', zone: 'zen.spamhaus.org' }), 0);
    assert.equal(valueOf(m, 'sysmon_ip_listed', { ip: '192.0.2.12' }), undefined);
    assert.equal(valueOf(m, 'sysmon_ip_listed', { ip: '192.0.2.10', zone: 'list.dnswl.org', list_kind: 'allow' }), 1);
  });

  it('counts every check by outcome and observes the latencies it measured', async () => {
    const t = setup();
    t.metrics.observe(check('smtp', 'ok', 20));
    t.metrics.observe(check('smtp', 'soft', 1_500));
    t.metrics.observe(check('smtp', 'unknown', null));
    const m = await t.scrape();
    assert.equal(valueOf(m, 'sysmon_probe_checks_total', { service: 'smtp', outcome: 'ok' }), 1);
    assert.equal(valueOf(m, 'sysmon_probe_checks_total', { service: 'smtp', outcome: 'soft' }), 1);
    assert.equal(valueOf(m, 'sysmon_probe_checks_total', { service: 'smtp', outcome: 'unknown' }), 1);
    assert.equal(valueOf(m, 'sysmon_probe_latency_seconds_count', { service: 'smtp' }), 2);
    assert.equal(valueOf(m, 'sysmon_probe_latency_seconds_sum', { service: 'smtp' }), 1.52);
    assert.equal(valueOf(m, 'sysmon_probe_latency_seconds_bucket', { service: 'smtp', le: '0.025' }), 1);
    assert.equal(valueOf(m, 'sysmon_probe_latency_seconds_bucket', { service: 'smtp', le: '2.5' }), 2);
  });

  it('a replica that does not probe publishes no states; one that does not check reputation no IPs', async () => {
    const t = setup();
    t.leads.prober = false;
    let m = await t.scrape();
    assert.equal(samplesOf(m, 'sysmon_service_status').length, 0);
    assert.equal(samplesOf(m, 'sysmon_ip_listed').length, 3);
    t.leads.prober = true;
    t.leads.reputation = false;
    m = await t.scrape();
    assert.equal(samplesOf(m, 'sysmon_service_status').length, 4);
    assert.equal(samplesOf(m, 'sysmon_ip_listed').length, 0);
  });
});
