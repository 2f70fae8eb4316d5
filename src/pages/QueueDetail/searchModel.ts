/**
 * Keyset (cursor) paging of search results: the service gives the cursor of the next page only, so going back
 * means remembering the cursors of the pages already seen. Immutable: each move returns a new pager.
 */
export interface CursorPager {
  /** Cursor of the page being shown; null for the first page. */
  current: string | null;
  hasPrevious: boolean;
  /** Page number, 1-based. */
  page: number;
  next(cursor: string): CursorPager;
  previous(): CursorPager;
}

export function cursorPager(seen: Array<string | null> = [null]): CursorPager {
  const current = seen[seen.length - 1] ?? null;
  return {
    current,
    hasPrevious: seen.length > 1,
    page: seen.length,
    next: (cursor) => cursorPager([...seen, cursor]),
    previous: () => cursorPager(seen.length > 1 ? seen.slice(0, -1) : seen),
  };
}

/**
 * How far back the ledger search looks. The service searches only the last 24 hours unless `from` is sent, so
 * every search sends the `from` of the chosen range.
 */
export type SearchRange = '24h' | '7d' | '30d' | '90d';

const DAY_MS = 24 * 3600_000;

const SEARCH_RANGE_DAYS: Record<SearchRange, number> = { '24h': 1, '7d': 7, '30d': 30, '90d': 90 };

export const DEFAULT_SEARCH_RANGE: SearchRange = '24h';

/** Options of the range choice, shortest first (the default first). */
export const SEARCH_RANGE_OPTIONS: Array<{ label: string; value: SearchRange }> = [
  { label: 'Last 24 hours', value: '24h' },
  { label: '7 days', value: '7d' },
  { label: '30 days', value: '30d' },
  { label: '90 days', value: '90d' },
];

/** Start of the range as the ISO timestamp the service takes in `from`. */
export function searchFrom(range: SearchRange, now: number = Date.now()): string {
  return new Date(now - SEARCH_RANGE_DAYS[range] * DAY_MS).toISOString();
}

/** The range in words: "the last 24 hours", "the last 7 days". */
export function searchRangeText(range: SearchRange): string {
  return range === '24h' ? 'the last 24 hours' : `the last ${SEARCH_RANGE_DAYS[range]} days`;
}

/** The line above the search syntax hint, naming the range searched. */
export function searchRangeHint(range: SearchRange): string {
  return `Searches jobs from ${searchRangeText(range)}.`;
}

/** Empty state of a search that found nothing in its range. */
export function emptySearchMessage(range: SearchRange): string {
  return `No jobs matched in ${searchRangeText(range)}.`;
}
