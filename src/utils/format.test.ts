import {
  formatBytes,
  formatCount,
  formatDrainEta,
  formatDuration,
  formatNoData,
  formatPercent,
  formatJobsPerMinute,
  formatShortCount,
  formatWithUnit,
  UNKNOWN,
} from './format';

describe('format', () => {
  it('shows unknown numbers as an em dash in every unit', () => {
    for (const value of [null, undefined, NaN, Infinity]) {
      expect(formatWithUnit('short', value)).toBe(UNKNOWN);
      expect(formatCount(value)).toBe(UNKNOWN);
      expect(formatShortCount(value)).toBe(UNKNOWN);
      expect(formatDuration(value)).toBe(UNKNOWN);
      expect(formatPercent(value)).toBe(UNKNOWN);
      expect(formatJobsPerMinute(value)).toBe(UNKNOWN);
      expect(formatBytes(value)).toBe(UNKNOWN);
    }
  });

  it('says "no data" and why in place of the numbers of a queue that could not be read', () => {
    expect(formatNoData('Redis is unreachable (ECONNREFUSED); queue data is unknown')).toBe(
      'no data — Redis is unreachable (ECONNREFUSED); queue data is unknown'
    );
    expect(formatNoData('')).toBe('no data');
  });

  it('formats exact counts with separators and glanceable counts scaled', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(2.6)).toBe('3');
    expect(formatShortCount(999)).toBe('999');
    expect(formatShortCount(12_345)).toBe('12.3 K');
    expect(formatShortCount(2_500_000)).toBe('2.50 Mil');
  });

  it('formats durations in the largest fitting unit', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(200_000)).toBe('3.33 mins');
    expect(formatDuration(200_000, 0)).toBe('3 mins');
    expect(formatDuration(2 * 3600_000 + 5 * 60_000)).toBe('2.08 hours');
    expect(formatDuration(3 * 86400_000 + 12 * 3600_000)).toBe('3.50 days');
    expect(formatDuration(-5)).toBe(UNKNOWN);
  });

  it('formats the drain ETA: empty, not draining, or approximately a duration', () => {
    expect(formatDrainEta(null, 0)).toBe('empty');
    expect(formatDrainEta(30, 0)).toBe('empty');
    expect(formatDrainEta(null, 500)).toBe('not draining');
    expect(formatDrainEta(-1, 500)).toBe('not draining');
    expect(formatDrainEta(42, 500)).toBe('≈ 42 s');
    expect(formatDrainEta(250, 500)).toBe('≈ 4 mins');
    expect(formatDrainEta(3 * 3600, 500)).toBe('≈ 3 hours');
  });

  it('formats ratios, rates per minute and byte sizes', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.004)).toBe('0.400%');
    expect(formatPercent(0.025)).toBe('2.50%');
    expect(formatPercent(0.5)).toBe('50%');
    expect(formatJobsPerMinute(0)).toBe('0 jobs/min');
    expect(formatJobsPerMinute(4.5)).toBe('4.50 jobs/min');
    expect(formatJobsPerMinute(409)).toBe('409 jobs/min');
    expect(formatJobsPerMinute(12_345)).toBe('12.3K jobs/min');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(300 * 1024 * 1024)).toBe('300 MiB');
    expect(formatBytes(-1)).toBe(UNKNOWN);
  });
});
