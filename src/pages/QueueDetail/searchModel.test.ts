import { cursorPager, emptySearchMessage, searchFrom, searchRangeHint, searchRangeText } from './searchModel';

describe('cursorPager', () => {
  it('walks forward with cursors and back through the ones seen', () => {
    const first = cursorPager();
    expect(first).toMatchObject({ current: null, hasPrevious: false, page: 1 });
    const second = first.next('c1');
    const third = second.next('c2');
    expect(third).toMatchObject({ current: 'c2', hasPrevious: true, page: 3 });
    expect(third.previous()).toMatchObject({ current: 'c1', page: 2 });
    expect(third.previous().previous()).toMatchObject({ current: null, hasPrevious: false, page: 1 });
    expect(first.previous()).toMatchObject({ current: null, page: 1 });
  });
});

describe('search range', () => {
  const now = Date.parse('2026-03-31T12:00:00.000Z');

  it('sends `from` as an ISO timestamp that far before now', () => {
    expect(searchFrom('24h', now)).toBe('2026-03-30T12:00:00.000Z');
    expect(searchFrom('7d', now)).toBe('2026-03-24T12:00:00.000Z');
    expect(searchFrom('30d', now)).toBe('2026-03-01T12:00:00.000Z');
    expect(searchFrom('90d', now)).toBe('2025-12-31T12:00:00.000Z');
  });

  it('names the range in the hint and the empty state', () => {
    expect(searchRangeText('24h')).toBe('the last 24 hours');
    expect(searchRangeText('90d')).toBe('the last 90 days');
    expect(searchRangeHint('7d')).toBe('Searches jobs from the last 7 days.');
    expect(emptySearchMessage('24h')).toBe('No jobs matched in the last 24 hours.');
    expect(emptySearchMessage('30d')).toBe('No jobs matched in the last 30 days.');
  });
});
