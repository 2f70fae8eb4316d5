import { createDataFrame, FieldType } from '@grafana/data';
import { findQueuesFrame, toQueueRows } from './queueFrame';
import { queuesFrame } from './testFrames';

describe('findQueuesFrame', () => {
  it('picks the queues frame among others', () => {
    const other = createDataFrame({
      name: 'health',
      fields: [{ name: 'dependency', type: FieldType.string, values: [] }],
    });
    const queues = queuesFrame([{ queue: 'email-sending' }]);
    expect(findQueuesFrame([other, queues])).toBe(queues);
    expect(findQueuesFrame([other])).toBeUndefined();
  });

  it('accepts a frame with queue and depth whatever its name', () => {
    const renamed = { ...queuesFrame([{ queue: 'x' }]), name: 'A' };
    expect(findQueuesFrame([renamed])).toBe(renamed);
  });
});

describe('toQueueRows', () => {
  it('reads the contract fields and keeps nulls as unknown', () => {
    const rows = toQueueRows(
      queuesFrame([
        {
          queue: 'email-sending',
          tier: 'high',
          paused: true,
          depth: 1200,
          active: 4,
          oldest_wait_ms: 90_000,
          workers: 2,
          throughput_per_min: 300,
          failures_per_min: 3,
          failure_rate: 0.01,
          drain_eta_s: 240,
        },
        { queue: 'analytics-aggregation', tier: 'low', depth: 0 },
      ])
    );
    expect(rows).toEqual([
      {
        queue: 'email-sending',
        tier: 'high',
        paused: true,
        depth: 1200,
        active: 4,
        oldestWaitMs: 90_000,
        workers: 2,
        throughputPerMin: 300,
        failuresPerMin: 3,
        failureRate: 0.01,
        drainEtaSeconds: 240,
      },
      {
        queue: 'analytics-aggregation',
        tier: 'low',
        paused: false,
        depth: 0,
        active: null,
        oldestWaitMs: null,
        workers: null,
        throughputPerMin: null,
        failuresPerMin: null,
        failureRate: null,
        drainEtaSeconds: null,
      },
    ]);
  });

  it('skips rows without a queue name', () => {
    expect(toQueueRows(queuesFrame([{ queue: '' }, { queue: 'a' }])).map((r) => r.queue)).toEqual(['a']);
  });
});
