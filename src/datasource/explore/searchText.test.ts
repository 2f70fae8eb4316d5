import { formatFieldTerm, quoteSearchValue, removeTokens, searchFieldOf, tokenizeSearch } from './searchText';

describe('tokenizeSearch', () => {
  it('reads words, phrases, negations and field terms with their positions', () => {
    const text = 'timeout -debug "mail box" service:smtp -attrs.campaign:"q4 promo"';
    expect(tokenizeSearch(text).map(({ negated, field, value }) => ({ negated, field, value }))).toEqual([
      { negated: false, field: undefined, value: 'timeout' },
      { negated: true, field: undefined, value: 'debug' },
      { negated: false, field: undefined, value: 'mail box' },
      { negated: false, field: 'service', value: 'smtp' },
      { negated: true, field: 'attrs.campaign', value: 'q4 promo' },
    ]);
    const [, , phrase] = tokenizeSearch(text);
    expect(text.slice(phrase.start, phrase.end)).toBe('"mail box"');
  });

  it('never throws on half-typed text', () => {
    expect(tokenizeSearch('service:"smtp')).toEqual([
      { start: 0, end: 13, negated: false, field: 'service', value: 'smtp' },
    ]);
    expect(tokenizeSearch('- "')).toHaveLength(2);
    expect(tokenizeSearch('')).toEqual([]);
  });
});

describe('quoteSearchValue', () => {
  it.each(['smtp', 'smtp-server', 'a.b/c@d', 'req_42'])('leaves %s bare', (value) => {
    expect(quoteSearchValue(value)).toBe(value);
  });

  it.each([
    ['a b', '"a b"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['C:\\temp\\', '"C:\\\\temp\\\\"'],
    ['host:port', '"host:port"'],
    ['-leading', '"-leading"'],
    ['OR', '"OR"'],
    ['', '""'],
  ])('quotes %j as %s', (value, quoted) => {
    expect(quoteSearchValue(value)).toBe(quoted);
  });

  it.each(['a b', 'say "hi"', 'C:\\temp\\', 'x\\"y', 'host:port', '-x', ' \t', 'ünï cødé', '""\\\\'])(
    'reads back %j unchanged after writing it as a field term',
    (value) => {
      const [token] = tokenizeSearch(`before ${formatFieldTerm('attrs.k', value, true)} after`).slice(1, 2);
      expect(token).toMatchObject({ field: 'attrs.k', value, negated: true });
    }
  );
});

describe('searchFieldOf', () => {
  it('maps label keys to search fields, attrs keys as written, and refuses what the language has not', () => {
    expect(searchFieldOf('service')).toBe('service');
    expect(searchFieldOf('Request_ID')).toBe('request_id');
    expect(searchFieldOf('attrs.CampaignId')).toBe('attrs.CampaignId');
    expect(searchFieldOf('attrs.')).toBeUndefined();
    expect(searchFieldOf('stack')).toBeUndefined();
    expect(searchFieldOf('truncated')).toBeUndefined();
  });
});

describe('removeTokens', () => {
  it('cuts terms out and tidies the space they leave', () => {
    const text = 'a  service:smtp b service:smtp';
    const tokens = tokenizeSearch(text).filter((token) => token.field === 'service');
    expect(removeTokens(text, tokens)).toBe('a b');
  });
});
