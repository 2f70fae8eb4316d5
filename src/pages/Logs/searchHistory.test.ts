import { readSearchHistory, rememberSearch, SEARCH_HISTORY_KEY, SEARCH_HISTORY_SIZE } from './searchHistory';

describe('search history', () => {
  beforeEach(() => window.localStorage.clear());

  it('keeps recent searches newest first, each once, bounded', () => {
    rememberSearch('a');
    rememberSearch('b');
    expect(rememberSearch(' a ')).toEqual(['a', 'b']);
    for (let i = 0; i < 20; i++) {
      rememberSearch(`q${i}`);
    }
    expect(readSearchHistory()).toHaveLength(SEARCH_HISTORY_SIZE);
    expect(readSearchHistory()[0]).toBe('q19');
    expect(rememberSearch('  ')).toHaveLength(SEARCH_HISTORY_SIZE);
  });

  it('survives garbage in storage', () => {
    window.localStorage.setItem(SEARCH_HISTORY_KEY, '{not json');
    expect(readSearchHistory()).toEqual([]);
    window.localStorage.setItem(SEARCH_HISTORY_KEY, JSON.stringify(['ok', 3]));
    expect(readSearchHistory()).toEqual(['ok']);
  });
});
