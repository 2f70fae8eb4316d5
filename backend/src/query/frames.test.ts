import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildFrame, frameFrom } from './frames.ts';

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

  it('builds a frame from its definition: wire names, units, meta, JSON values in `other` fields', () => {
    const LOGS = {
      name: 'logs',
      fields: {
        timestamp: { name: 'timestamp', type: 'time' },
        latencyMs: { name: 'latency_ms', type: 'number', unit: 'ms' },
        labels: { name: 'labels', type: 'other' },
      },
    } as const;
    const frame = frameFrom(
      LOGS,
      [
        { timestamp: new Date(5), latencyMs: 2, labels: { service: 'smtp', attrs: { tries: 2 } } },
        { timestamp: 6, latencyMs: null, labels: null },
      ],
      { refId: 'A', meta: { type: 'log-lines', typeVersion: [0, 0], preferredVisualisationType: 'logs' } }
    );
    assert.deepEqual(frame, {
      schema: {
        name: 'logs',
        refId: 'A',
        fields: [
          { name: 'timestamp', type: 'time' },
          { name: 'latency_ms', type: 'number', config: { unit: 'ms' } },
          { name: 'labels', type: 'other' },
        ],
        meta: { type: 'log-lines', typeVersion: [0, 0], preferredVisualisationType: 'logs' },
      },
      data: {
        values: [
          [5, 6],
          [2, null],
          [{ service: 'smtp', attrs: { tries: 2 } }, null],
        ],
      },
    });
  });
});
