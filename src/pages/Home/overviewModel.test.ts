import { FieldType } from '@grafana/data';
import { queueSnapshot } from '../../testUtils/queueFixtures';
import { serviceView } from '../../testUtils/infraFixtures';
import { parseLogsView } from '../../utils/logsUrl';
import {
  backlogSummary,
  errorLogsUrl,
  errorVolumeRequest,
  isBackingUp,
  readErrorVolume,
  serviceStateCounts,
  tierOverview,
} from './overviewModel';

const volumeFrame = (level: string, times: number[], counts: number[]) => ({
  schema: {
    name: level,
    fields: [
      { name: 'time', type: FieldType.time },
      { name: 'count', type: FieldType.number, labels: { level } },
    ],
  },
  data: { values: [times, counts] },
});

describe('queues per tier', () => {
  it('calls a queue backing up by its oldest wait or its depth, never one that could not be read', () => {
    expect(isBackingUp(queueSnapshot({ depth: 10, oldestWaitingAgeMs: 60_000 }))).toBe(true);
    expect(isBackingUp(queueSnapshot({ depth: 1000, oldestWaitingAgeMs: 500 }))).toBe(true);
    expect(isBackingUp(queueSnapshot({ depth: 999, oldestWaitingAgeMs: 59_999 }))).toBe(false);
    expect(isBackingUp(queueSnapshot({ depth: 0, oldestWaitingAgeMs: null }))).toBe(false);
    expect(isBackingUp(queueSnapshot({ depth: 5000, error: 'WRONGTYPE' }))).toBe(false);
  });

  it('sums depth and failures per tier without unreadable queues, and names those backing up', () => {
    const tiers = tierOverview([
      queueSnapshot({ name: 'a', tier: 'high', depth: 30, oldestWaitingAgeMs: 90_000, failuresPerMin: 2 }),
      queueSnapshot({ name: 'b', tier: 'high', depth: 5000, oldestWaitingAgeMs: 120_000, failuresPerMin: null }),
      queueSnapshot({ name: 'c', tier: 'high', depth: 0, error: 'WRONGTYPE', failuresPerMin: null }),
      queueSnapshot({ name: 'd', tier: 'low', depth: 3, oldestWaitingAgeMs: 1_000, failuresPerMin: null }),
    ]);
    expect(tiers.map((t) => t.tier)).toEqual(['high', 'low']);
    expect(tiers[0]).toMatchObject({ queueCount: 3, depth: 5030, failuresPerMin: 2, unreadable: 1 });
    expect(tiers[0].backingUp.map((q) => q.name)).toEqual(['b', 'a']);
    // No queue reports a failure rate: unknown, not zero.
    expect(tiers[1]).toMatchObject({ depth: 3, failuresPerMin: null, backingUp: [] });
    expect(tierOverview([queueSnapshot({ tier: 'normal', error: 'x' })])[0].depth).toBeNull();
    expect(backlogSummary([queueSnapshot({ depth: 2000 })])).toBe('1 queue backing up');
    expect(backlogSummary([queueSnapshot({ depth: 1, oldestWaitingAgeMs: 5 })])).toBe('');
  });
});

it('counts services per state, most urgent first', () => {
  expect(
    serviceStateCounts(
      ['operational', 'degraded', 'operational', 'down', 'unknown'].map((state, i) =>
        serviceView({ service: `s${i}`, state: state as never })
      )
    )
  ).toBe('1 down · 1 degraded · 1 unknown · 2 operational');
  expect(serviceStateCounts([])).toBe('');
});

describe('error-log volume', () => {
  it('asks for error and fatal lines of the last hour, per minute', () => {
    const now = Date.parse('2026-01-02T03:04:05.000Z');
    expect(errorVolumeRequest(now)).toEqual({
      queries: [{ refId: 'errors', queryType: 'log_volume', levels: ['error', 'fatal'] }],
      range: { from: '2026-01-02T02:04:05.000Z', to: '2026-01-02T03:04:05.000Z' },
      intervalMs: 60_000,
      maxDataPoints: 60,
    });
    const view = parseLogsView(new URL(errorLogsUrl(), 'http://g').searchParams);
    expect(view).toMatchObject({ levels: ['error', 'fatal'], from: 'now-1h', to: 'now' });
  });

  it('adds the levels up per bucket', () => {
    const volume = readErrorVolume({
      results: {
        errors: {
          frames: [volumeFrame('error', [60_000, 0], [4, 2]), volumeFrame('fatal', [60_000], [1])],
        },
      },
    } as never);
    expect(volume).toEqual({
      total: 7,
      points: [
        [0, 2],
        [60_000, 5],
      ],
    });
    expect(readErrorVolume({ results: { errors: { frames: [] } } } as never)).toEqual({ total: 0, points: [] });
  });

  it('fails with the query’s own error rather than reading it as zero errors', () => {
    expect(() => readErrorVolume({ results: { errors: { error: 'log store unavailable' } } } as never)).toThrow(
      'log store unavailable'
    );
    expect(() => readErrorVolume({ results: {} } as never)).toThrow('did not answer');
  });
});
