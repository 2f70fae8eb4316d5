import { formatAgo, formatElapsed, formatStateAge, formatUptime } from './elapsed';

describe('formatElapsed', () => {
  it.each([
    [0, '0 s'],
    [59_999, '59 s'],
    [60_000, '1 min'],
    [59 * 60_000 + 59_000, '59 min'],
    [3600_000, '1 h'],
    [2 * 3600_000 + 5 * 60_000 + 59_000, '2 h 5 min'],
    [86400_000, '1 d'],
    [3 * 86400_000 + 4 * 3600_000 + 30 * 60_000, '3 d 4 h'],
    [-5_000, '0 s'],
    [null, '—'],
    [NaN, '—'],
  ])('%p ms -> %p', (ms, text) => {
    expect(formatElapsed(ms)).toBe(text);
  });
});

describe('since and ago', () => {
  const now = Date.parse('2026-01-02T03:10:00.000Z');
  it('says how long a state has lasted, and nothing when not known', () => {
    expect(formatStateAge('2026-01-02T03:07:00.000Z', now)).toBe('for 3 min');
    expect(formatStateAge(now - 90 * 60_000, now)).toBe('for 1 h 30 min');
    expect(formatStateAge(null, now)).toBe('');
    expect(formatStateAge('not a time', now)).toBe('');
  });

  it('says how long ago something happened', () => {
    expect(formatAgo(now - 1_000, now)).toBe('just now');
    expect(formatAgo('2026-01-02T03:09:48.000Z', now)).toBe('12 s ago');
    expect(formatAgo(undefined, now)).toBe('');
  });
});

describe('formatUptime', () => {
  it.each([
    [1, '100%'],
    [0.99999, '99.99%'],
    [0.9995, '99.95%'],
    [0.98, '98%'],
    [0.999, '99.9%'],
    [0, '0%'],
    [null, '—'],
  ])('%p -> %p (never rounded up to 100%)', (ratio, text) => {
    expect(formatUptime(ratio)).toBe(text);
  });
});
