import { formatCount, formatDuration, formatPercent, formatPerMinute, UNKNOWN } from './format';

describe('format', () => {
  it('shortens counts', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(2.5)).toBe('2.5');
    expect(formatCount(12_345)).toBe('12.3k');
    expect(formatCount(250_000)).toBe('250k');
    expect(formatCount(2_500_000)).toBe('2.5M');
    expect(formatCount(7_000_000_000)).toBe('7B');
    expect(formatCount(null)).toBe(UNKNOWN);
  });

  it('shows durations as the two largest units', () => {
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(42_000)).toBe('42s');
    expect(formatDuration(200_000)).toBe('3m 20s');
    expect(formatDuration(2 * 3600_000 + 5 * 60_000)).toBe('2h 05m');
    expect(formatDuration(3 * 86400_000 + 4 * 3600_000)).toBe('3d 4h');
    expect(formatDuration(null)).toBe(UNKNOWN);
    expect(formatDuration(-1)).toBe(UNKNOWN);
  });

  it('shows ratios as percentages and rates per minute', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.004)).toBe('0.4%');
    expect(formatPercent(0.123)).toBe('12%');
    expect(formatPercent(null)).toBe(UNKNOWN);
    expect(formatPerMinute(1234)).toBe('1.2k/min');
    expect(formatPerMinute(null)).toBe(UNKNOWN);
  });
});
