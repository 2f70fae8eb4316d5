import { levelFor, sortTiles, tileLevels, worstLevel } from './thresholds';
import type { QueueRow } from './queueFrame';
import { DEFAULT_OPTIONS } from './types';

const row = (overrides: Partial<QueueRow>): QueueRow => ({
  queue: 'q',
  tier: 'normal',
  paused: false,
  depth: 0,
  active: 0,
  oldestWaitMs: null,
  workers: 1,
  throughputPerMin: 0,
  failuresPerMin: 0,
  failureRate: 0,
  drainEtaSeconds: null,
  error: null,
  ...overrides,
});

describe('levelFor', () => {
  it('is warn or crit at or above the threshold', () => {
    expect(levelFor(999, 1000, 10000)).toBe('ok');
    expect(levelFor(1000, 1000, 10000)).toBe('warn');
    expect(levelFor(10000, 1000, 10000)).toBe('crit');
  });

  it('treats unknown values as none and a missing threshold as off', () => {
    expect(levelFor(null, 1, 2)).toBe('none');
    expect(levelFor(5, undefined, 10)).toBe('ok');
    expect(levelFor(50, undefined, 10)).toBe('crit');
    expect(levelFor(50, 10, undefined)).toBe('warn');
  });

  it('puts crit before warn even when the thresholds are swapped', () => {
    expect(levelFor(20, 30, 10)).toBe('crit');
  });
});

describe('tileLevels', () => {
  it('compares oldest wait in seconds and failure rate in percent', () => {
    const levels = tileLevels(row({ depth: 10, oldestWaitMs: 61_000, failureRate: 0.06 }), DEFAULT_OPTIONS);
    expect(levels).toEqual({ depth: 'ok', oldestWait: 'warn', failureRate: 'crit', tile: 'crit' });
  });

  it('is the worst known level, and none when nothing is known', () => {
    expect(tileLevels(row({ depth: 5000, oldestWaitMs: 1000 }), DEFAULT_OPTIONS).tile).toBe('warn');
    expect(tileLevels(row({ depth: null, oldestWaitMs: null, failureRate: null }), DEFAULT_OPTIONS).tile).toBe('none');
    expect(worstLevel([])).toBe('none');
  });

  it('follows the panel options', () => {
    const options = { ...DEFAULT_OPTIONS, depthWarn: 10, depthCrit: 20 };
    expect(tileLevels(row({ depth: 15 }), options).depth).toBe('warn');
    expect(tileLevels(row({ depth: 15 }), DEFAULT_OPTIONS).depth).toBe('ok');
  });
});

describe('sortTiles', () => {
  const tiles = [
    row({ queue: 'b-low', tier: 'low', depth: 50_000 }),
    row({ queue: 'a-normal', tier: 'normal' }),
    row({ queue: 'c-high', tier: 'high' }),
    row({ queue: 'a-high', tier: 'high', depth: 2000 }),
    row({ queue: 'odd', tier: null }),
  ].map((r) => ({ row: r, levels: tileLevels(r, DEFAULT_OPTIONS) }));
  const names = (sorted: typeof tiles) => sorted.map((t) => t.row.queue);

  it('orders by tier then name, unknown tiers last', () => {
    expect(names(sortTiles(tiles, 'tier'))).toEqual(['a-high', 'c-high', 'a-normal', 'b-low', 'odd']);
  });

  it('orders by severity, then tier and name', () => {
    expect(names(sortTiles(tiles, 'severity'))).toEqual(['b-low', 'a-high', 'c-high', 'a-normal', 'odd']);
  });

  it('orders by name without changing the input', () => {
    expect(names(sortTiles(tiles, 'name'))).toEqual(['a-high', 'a-normal', 'b-low', 'c-high', 'odd']);
    expect(names(tiles)[0]).toBe('b-low');
  });
});
