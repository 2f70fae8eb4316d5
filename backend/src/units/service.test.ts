import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HealthReport } from '../health/dependencies.ts';
import { healthFrame } from './service.ts';

describe('healthFrame', () => {
  it('is one table frame with a row per dependency', () => {
    const report: HealthReport = {
      status: 'degraded',
      version: '0.1.0',
      checkedAt: '2026-11-28T10:00:00.000Z',
      dependencies: [
        { name: 'postgres', status: 'down', latencyMs: 2.5, error: 'connect ECONNREFUSED 127.0.0.1:1' },
        { name: 'redis', status: 'up', latencyMs: 0.4 },
      ],
    };
    const frame = healthFrame(report, 'B');
    assert.equal(frame.schema.name, 'health');
    assert.equal(frame.schema.refId, 'B');
    assert.deepEqual(
      frame.schema.fields.map((field) => [field.name, field.type, field.config?.unit]),
      [
        ['dependency', 'string', undefined],
        ['status', 'string', undefined],
        ['latency_ms', 'number', 'ms'],
        ['error', 'string', undefined],
        ['checked_at', 'time', undefined],
      ]
    );
    const at = Date.parse(report.checkedAt);
    assert.deepEqual(frame.data.values, [
      ['postgres', 'redis'],
      ['down', 'up'],
      [2.5, 0.4],
      ['connect ECONNREFUSED 127.0.0.1:1', ''],
      [at, at],
    ]);
  });
});
