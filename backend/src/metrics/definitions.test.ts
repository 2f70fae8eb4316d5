// The builders take everything from the contract's definitions; the exposition reader reads what prom-client writes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { METRICS } from '@penguinmails/sysmon-contract';
import { Registry } from 'prom-client';
import { counterOf, gaugeOf, histogramOf } from './definitions.ts';
import { parseExposition, valueOf } from './exposition.ts';

describe('metrics from the contract definitions', () => {
  it('name, help, type, labels and buckets come from METRICS', async () => {
    const registry = new Registry();
    const depth = gaugeOf('queueDepth');
    const checks = counterOf('probeChecks');
    const latency = histogramOf('probeLatency');
    registry.registerMetric(depth);
    registry.registerMetric(checks);
    registry.registerMetric(latency);
    depth.set({ queue: 'email "sending"\\x', tier: 'high' }, 3);
    checks.inc({ service: 'smtp', outcome: 'ok' });
    latency.observe({ service: 'smtp' }, 0.02);
    const exposition = parseExposition(await registry.metrics());

    for (const definition of [METRICS.queueDepth, METRICS.probeChecks, METRICS.probeLatency]) {
      assert.deepEqual(exposition.families.get(definition.name), { help: definition.help, type: definition.type });
    }
    assert.equal(valueOf(exposition, 'sysmon_queue_depth', { queue: 'email "sending"\\x', tier: 'high' }), 3);
    assert.equal(valueOf(exposition, 'sysmon_probe_checks_total', { service: 'smtp', outcome: 'ok' }), 1);
    const buckets = exposition.samples
      .filter((sample) => sample.name === 'sysmon_probe_latency_seconds_bucket')
      .map((sample) => (sample.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(sample.labels.le)));
    assert.deepEqual(buckets, [...METRICS.probeLatency.buckets, Number.POSITIVE_INFINITY]);
    assert.equal(valueOf(exposition, 'sysmon_probe_latency_seconds_bucket', { le: '0.025' }), 1);
    assert.equal(valueOf(exposition, 'sysmon_probe_latency_seconds_bucket', { le: '0.01' }), 0);
    assert.throws(() => depth.set({ queue: 'q', tier: 'high', nope: 'x' } as never, 1), /label/i);
  });

  it('every metric is unregistered (registers: []) so several services can run in one process', () => {
    const first = gaugeOf('queueDepth');
    const second = gaugeOf('queueDepth');
    const registry = new Registry();
    registry.registerMetric(first);
    assert.throws(() => registry.registerMetric(second), /already been registered/);
    assert.doesNotThrow(() => new Registry().registerMetric(second));
  });
});
