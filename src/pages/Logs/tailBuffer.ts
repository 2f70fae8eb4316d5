import type { LogRow } from './logsModel';

/**
 * New tail lines in front of the lines on screen (newest first), each id once, cut to `limit` lines: the
 * oldest fall off so a long tail never grows without bound.
 */
export function prependLines(current: LogRow[], incoming: LogRow[], limit: number): LogRow[] {
  if (incoming.length === 0) {
    return current.length > limit ? current.slice(0, limit) : current;
  }
  const seen = new Set(current.map((row) => row.id));
  const fresh = incoming.filter((row) => !seen.has(row.id));
  // Ids increase in arrival order: newest (largest id) first, like the service sends a page.
  fresh.sort((a, b) => compareIds(b.id, a.id));
  const merged = fresh.length > 0 ? [...fresh, ...current] : current;
  return merged.length > limit ? merged.slice(0, limit) : merged;
}

/** Older lines after the ones on screen (load older), each id once. */
export function appendLines(current: LogRow[], older: LogRow[]): LogRow[] {
  const seen = new Set(current.map((row) => row.id));
  return [...current, ...older.filter((row) => !seen.has(row.id))];
}

/** Numeric order of line ids (decimal strings up to 19 digits: longer is larger, then by text). */
export function compareIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

/** The larger of two ids (either may be absent). */
export function maxId(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) {
    return b;
  }
  if (!b) {
    return a;
  }
  return compareIds(a, b) >= 0 ? a : b;
}
