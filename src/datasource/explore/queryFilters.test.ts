import type { ToggleFilterAction } from '@grafana/data';
import type { SysmonDataQuery } from '../types';
import { modifyQuery, queryHasFilter, toggleQueryFilter } from './queryFilters';
import { tokenizeSearch } from './searchText';

const logs = (search?: string): SysmonDataQuery => ({
  refId: 'A',
  queryType: 'logs',
  ...(search === undefined ? {} : { search }),
});
const forFilter = (key: string, value: string): ToggleFilterAction => ({ type: 'FILTER_FOR', options: { key, value } });
const outFilter = (key: string, value: string): ToggleFilterAction => ({ type: 'FILTER_OUT', options: { key, value } });

describe('toggleQueryFilter', () => {
  it('adds service:x, and the same action again removes it (back to the original search)', () => {
    const once = toggleQueryFilter(logs('timeout'), forFilter('service', 'smtp'));
    expect(once.search).toBe('timeout service:smtp');
    expect(toggleQueryFilter(once, forFilter('service', 'smtp')).search).toBe('timeout');
  });

  it('filter out adds -service:x and replaces the positive filter', () => {
    const positive = logs('service:smtp timeout');
    const out = toggleQueryFilter(positive, outFilter('service', 'smtp'));
    expect(out.search).toBe('timeout -service:smtp');
    expect(toggleQueryFilter(out, outFilter('service', 'smtp')).search).toBe('timeout');
    expect(toggleQueryFilter(out, forFilter('service', 'smtp')).search).toBe('timeout service:smtp');
  });

  it('filters by level and by attributes, keeping the attribute key as written', () => {
    expect(toggleQueryFilter(logs(), forFilter('level', 'error')).search).toBe('level:error');
    expect(toggleQueryFilter(logs('level:ERROR'), forFilter('level', 'error')).search).toBe('');
    expect(toggleQueryFilter(logs(), outFilter('attrs.campaignId', 'c-1')).search).toBe('-attrs.campaignId:c-1');
  });

  it.each(['say "hi"', 'C:\\path\\to', 'two words', 'host:25', '-1', '\\"'])(
    'quotes a hostile value %j so the term reads back as that value, and finds it again',
    (value) => {
      const added = toggleQueryFilter(logs('x'), forFilter('attrs.note', value));
      const [, term] = tokenizeSearch(added.search!);
      expect(term).toMatchObject({ field: 'attrs.note', value, negated: false });
      expect(queryHasFilter(added, { key: 'attrs.note', value })).toBe(true);
      expect(toggleQueryFilter(added, forFilter('attrs.note', value)).search).toBe('x');
    }
  );

  it('leaves the query alone for a label the language cannot filter by, or a query type without search', () => {
    const query = logs('x');
    expect(toggleQueryFilter(query, forFilter('stack', 'Error: at x'))).toBe(query);
    const context: SysmonDataQuery = { refId: 'A', queryType: 'log_context', id: '1' };
    expect(toggleQueryFilter(context, forFilter('service', 'smtp'))).toBe(context);
  });

  it('works on log_volume queries too', () => {
    expect(toggleQueryFilter({ refId: 'A', queryType: 'log_volume' }, forFilter('host', 'mx-1')).search).toBe(
      'host:mx-1'
    );
  });
});

describe('queryHasFilter', () => {
  it('is true only for the positive term with that exact value', () => {
    const query = logs('service:smtp -host:mx-1 "service:api"');
    expect(queryHasFilter(query, { key: 'service', value: 'smtp' })).toBe(true);
    expect(queryHasFilter(query, { key: 'service', value: 'smt' })).toBe(false);
    expect(queryHasFilter(query, { key: 'host', value: 'mx-1' })).toBe(false);
    // A quoted phrase is text, not a field filter.
    expect(queryHasFilter(query, { key: 'service', value: 'api' })).toBe(false);
    expect(queryHasFilter(logs(), { key: 'service', value: 'smtp' })).toBe(false);
  });
});

describe('modifyQuery', () => {
  it('ADD_FILTER and ADD_FILTER_OUT are idempotent, and each replaces the other', () => {
    const add = { type: 'ADD_FILTER', options: { key: 'request_id', value: 'req 1' } };
    const once = modifyQuery(logs('a'), add);
    expect(once.search).toBe('a request_id:"req 1"');
    expect(modifyQuery(once, add)).toBe(once);
    const out = modifyQuery(once, { type: 'ADD_FILTER_OUT', options: { key: 'request_id', value: 'req 1' } });
    expect(out.search).toBe('a -request_id:"req 1"');
  });

  it('ADD_STRING_FILTER(_OUT) adds a phrase once', () => {
    const once = modifyQuery(logs(), { type: 'ADD_STRING_FILTER', options: { value: 'mailbox full' } });
    expect(once.search).toBe('"mailbox full"');
    expect(modifyQuery(once, { type: 'ADD_STRING_FILTER', options: { value: 'mailbox full' } })).toBe(once);
    expect(modifyQuery(logs('x'), { type: 'ADD_STRING_FILTER_OUT', options: { value: 'debug' } }).search).toBe(
      'x -debug'
    );
  });

  it('ignores actions it does not know', () => {
    const query = logs('x');
    expect(modifyQuery(query, { type: 'ADD_HISTOGRAM' })).toBe(query);
  });
});
