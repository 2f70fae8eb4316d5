import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HealthReport } from '../health/dependencies.ts';
import { buildFrame, frameFromRows } from './frames.ts';
import { healthFrame } from './handlers/health.ts';

describe('buildFrame', () => {
  it('builds DataFrameJSON with columns and epoch-millisecond times', () => {
    const frame = buildFrame({
      name: 'depth',
      refId: 'A',
      fields: [
        { name: 'time', type: 'time', values: [new Date('2026-01-01T00:00:00Z')] },
        { name: 'depth', type: 'number', values: [3], config: { unit: 'short' } },
        { name: 'paused', type: 'boolean', values: [false] },
      ],
    });
    assert.deepEqual(frame, {
      schema: {
        name: 'depth',
        refId: 'A',
        fields: [
          { name: 'time', type: 'time' },
          { name: 'depth', type: 'number', config: { unit: 'short' } },
          { name: 'paused', type: 'boolean' },
        ],
      },
      data: { values: [[Date.UTC(2026, 0, 1)], [3], [false]] },
    });
  });

  it('rejects fields of different lengths and values of the wrong type', () => {
    assert.throws(
      () =>
        buildFrame({
          name: 'x',
          fields: [
            { name: 'a', type: 'number', values: [1, 2] },
            { name: 'b', type: 'number', values: [1] },
          ],
        }),
      /different lengths/
    );
    assert.throws(
      () => buildFrame({ name: 'x', fields: [{ name: 'a', type: 'number', values: ['1'] }] }),
      /field "a" of type number/
    );
  });

  it('keeps nulls and builds frames from rows', () => {
    const frame = frameFromRows({
      name: 'rows',
      fields: [
        { name: 'queue', type: 'string' },
        { name: 'count', type: 'number' },
      ],
      rows: [{ queue: 'email', count: 2 }, { queue: 'warmup' }],
    });
    assert.deepEqual(frame.data.values, [
      ['email', 'warmup'],
      [2, null],
    ]);
    assert.equal(frame.schema.refId, undefined);
  });
});

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
