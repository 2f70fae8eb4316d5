import { createDataFrame, createTheme, FieldType, formattedValueToString, getDisplayProcessor } from '@grafana/data';
import { QUEUES_FRAME } from '@penguinmails/sysmon-contract';
import { findQueuesFrame, queueFormats, toQueueRows, type QueueFormats } from './queueFrame';
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
          oldestWaitMs: 90_000,
          workers: 2,
          throughputPerMin: 300,
          failuresPerMin: 3,
          failureRate: 0.01,
          drainEtaSeconds: 240,
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
        error: null,
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
        error: null,
      },
    ]);
  });

  it('reads the error of a queue the service could not read, whose numbers are null', () => {
    const [row] = toQueueRows(
      queuesFrame([{ queue: 'broken', tier: 'low', paused: null, error: 'WRONGTYPE Operation against a key' }])
    );
    expect(row).toMatchObject({ queue: 'broken', tier: 'low', paused: false, depth: null, active: null });
    expect(row.error).toBe('WRONGTYPE Operation against a key');
  });

  it('skips rows without a queue name', () => {
    expect(toQueueRows(queuesFrame([{ queue: '' }, { queue: 'a' }])).map((r) => r.queue)).toEqual(['a']);
  });
});

describe('queueFormats', () => {
  const theme = createTheme();
  const shown = (format: QueueFormats[keyof QueueFormats], value: number | null) =>
    formattedValueToString(format(value));
  const frame = queuesFrame([{ queue: 'email-sending' }]);

  it('formats each number in the unit its frame field carries, unknown as a dash', () => {
    const format = queueFormats(frame, theme);
    expect(shown(format.oldestWaitMs, 95_000)).toBe('1.58 mins');
    expect(shown(format.failureRate, 0.025)).toBe('2.50%');
    expect(shown(format.throughputPerMin, 1500)).toBe('1.50K jobs/min');
    expect(shown(format.drainEtaSeconds, 80)).toBe('1.33 mins');
    expect(shown(format.depth, 25_000)).toBe('25 K');
    expect(shown(format.workers, 4)).toBe('4');
    expect(shown(format.depth, null)).toBe('—');
    // In parts, so the tile can draw the unit smaller.
    expect(format.throughputPerMin(409)).toEqual({ prefix: undefined, text: '409', suffix: ' jobs/min' });
    expect(shown(format.drainEtaSeconds, null)).toBe('—');
  });

  it('gives a field sent without a unit the contract’s unit for it', () => {
    const withoutUnits = queuesFrame([{ queue: 'email-sending' }]);
    for (const field of withoutUnits.fields) {
      field.config = {};
    }
    const format = queueFormats(withoutUnits, theme);
    expect(shown(format.oldestWaitMs, 95_000)).toBe('1.58 mins');
    expect(shown(format.failureRate, 0.025)).toBe('2.50%');
    expect(shown(format.depth, 25_000)).toBe('25 K');
  });

  it("follows the field's own config and display, and the contract's units for missing fields", () => {
    const withConfig = queuesFrame([{ queue: 'email-sending' }]);
    const failureRate = withConfig.fields.find((f) => f.name === QUEUES_FRAME.fields.failureRate.name)!;
    failureRate.config.decimals = 1;
    const oldestWait = withConfig.fields.find((f) => f.name === QUEUES_FRAME.fields.oldestWaitMs.name)!;
    oldestWait.config.unit = 'dtdurationms';
    oldestWait.display = getDisplayProcessor({ field: oldestWait, theme });
    const format = queueFormats(withConfig, theme);
    expect(shown(format.failureRate, 0.025)).toBe('2.5%');
    expect(shown(format.oldestWaitMs, 95_000)).toBe('1 minute');

    const bare = queueFormats(undefined, theme);
    expect(shown(bare.depth, 12_345)).toBe('12.3 K');
    expect(shown(bare.oldestWaitMs, 42_000)).toBe('42 s');
    expect(shown(bare.failureRate, 0.5)).toBe('50%');
    expect(shown(bare.throughputPerMin, 120)).toBe('120 jobs/min');
    expect(shown(bare.drainEtaSeconds, null)).toBe('—');
  });
});
