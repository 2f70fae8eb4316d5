import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { historyRequestFor, queueMetricsFrames } from './queueMetrics.ts';

describe('queue_metrics', () => {
  it('asks history for the dashboard range, interval and max data points', () => {
    const range = { from: new Date('2026-01-31T10:00:00Z'), to: new Date('2026-01-31T12:00:00Z') };
    assert.deepEqual(
      historyRequestFor(
        { refId: 'A', queryType: 'queue_metrics', field: 'depth', groupBy: 'tier', tier: 'low', queue: undefined },
        { requestId: 'r', range, intervalMs: 15_000, maxDataPoints: 100_000 }
      ),
      { field: 'depth', ...range, groupBy: 'tier', maxPoints: 10_000, minBucketMs: 15_000, tier: 'low' }
    );
    const now = Date.parse('2026-01-31T12:00:00Z');
    const fallback = historyRequestFor(
      { refId: 'A', queryType: 'queue_metrics', field: 'active', groupBy: 'queue', queue: 'q', tier: undefined },
      { requestId: 'r' },
      now
    );
    assert.deepEqual(fallback, {
      field: 'active',
      from: new Date(now - 3_600_000),
      to: new Date(now),
      groupBy: 'queue',
      maxPoints: 300,
      queue: 'q',
    });
  });

  it('builds one frame per series: time + a value field named after the series, with the field unit', () => {
    const frames = queueMetricsFrames({
      field: 'throughput_per_min',
      series: [
        {
          name: 'high',
          points: [
            [1000, 1.5],
            [2000, null],
          ],
        },
        { name: 'low', points: [[1000, 0]] },
      ],
    });
    assert.deepEqual(frames[0], {
      schema: {
        name: 'high',
        fields: [
          { name: 'time', type: 'time' },
          { name: 'high', type: 'number', config: { unit: 'cpm' } },
        ],
        meta: { type: 'timeseries-multi', typeVersion: [0, 1] },
      },
      data: {
        values: [
          [1000, 2000],
          [1.5, null],
        ],
      },
    });
    assert.equal(frames[1]!.schema.name, 'low');
  });
});
