/** Recent searches of the Logs page, newest first, kept in this browser only (localStorage). */
export const SEARCH_HISTORY_KEY = 'penguinmails-sysmon-app.logs.searchHistory';
export const SEARCH_HISTORY_SIZE = 10;

export function readSearchHistory(storage: Storage | undefined = safeStorage()): string[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(SEARCH_HISTORY_KEY) ?? '[]');
    return Array.isArray(parsed)
      ? parsed.filter((item): item is string => typeof item === 'string').slice(0, SEARCH_HISTORY_SIZE)
      : [];
  } catch {
    return [];
  }
}

/** Puts a search first (once), keeps the newest SEARCH_HISTORY_SIZE; returns the new list. */
export function rememberSearch(search: string, storage: Storage | undefined = safeStorage()): string[] {
  const text = search.trim();
  const history = readSearchHistory(storage);
  if (!text) {
    return history;
  }
  const next = [text, ...history.filter((item) => item !== text)].slice(0, SEARCH_HISTORY_SIZE);
  try {
    storage?.setItem(SEARCH_HISTORY_KEY, JSON.stringify(next));
  } catch {
    // Storage full or blocked (private mode): history is a convenience, the search still runs.
  }
  return next;
}

function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
