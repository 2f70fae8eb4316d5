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
