import { formatBytes, formatCount, formatDrainEta, formatDurationMs, formatPercent, formatRatePerMin } from './format';

describe('queue formatting', () => {
  it('formats counts with separators and unknowns as a dash', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(null)).toBe('—');
  });

  it('formats durations as the two largest units', () => {
    expect(formatDurationMs(850)).toBe('850 ms');
    expect(formatDurationMs(12_400)).toBe('12 s');
    expect(formatDurationMs(245_000)).toBe('4 min 5 s');
    expect(formatDurationMs(120_000)).toBe('2 min');
    expect(formatDurationMs(2 * 3600_000 + 10 * 60_000)).toBe('2 h 10 min');
    expect(formatDurationMs(3 * 86400_000 + 4 * 3600_000)).toBe('3 d 4 h');
    expect(formatDurationMs(null)).toBe('—');
    expect(formatDurationMs(-5)).toBe('—');
  });

  it('formats the drain ETA: empty, not draining, or approximately a duration', () => {
    expect(formatDrainEta(null, 0)).toBe('empty');
    expect(formatDrainEta(30, 0)).toBe('empty');
    expect(formatDrainEta(null, 500)).toBe('not draining');
    expect(formatDrainEta(250, 500)).toBe('≈ 4 min 10 s');
  });

  it('formats rates per minute', () => {
    expect(formatRatePerMin(0)).toBe('0/min');
    expect(formatRatePerMin(4.56)).toBe('4.6/min');
    expect(formatRatePerMin(120.4)).toBe('120/min');
    expect(formatRatePerMin(12345)).toBe('12.3k/min');
    expect(formatRatePerMin(null)).toBe('—');
  });

  it('formats ratios and byte sizes', () => {
    expect(formatPercent(0.025)).toBe('2.5%');
    expect(formatPercent(0.5)).toBe('50%');
    expect(formatPercent(null)).toBe('—');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(300 * 1024 * 1024)).toBe('300 MB');
  });
});
