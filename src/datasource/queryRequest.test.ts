import { dateTime } from '@grafana/data';
import { buildQueryRequest, interpolateQuery, queriesToSend, singleValueOrAll } from './queryRequest';
import type { SysmonDataQuery } from './types';

describe('interpolateQuery', () => {
  const interpolate = (value: string) => value.replace('$type', 'health');

  it('replaces variables in string fields but not in refId or datasource', () => {
    const query = {
      refId: '$type',
      datasource: { uid: '$type' },
      queryType: '$type',
      note: 'x $type',
    } as unknown as SysmonDataQuery;
    expect(interpolateQuery(query, interpolate)).toEqual({
      refId: '$type',
      datasource: { uid: '$type' },
      queryType: 'health',
      note: 'x health',
    });
  });

  // Stands in for getTemplateSrv().replace with the singleValueOrAll format: $queue has one value,
  // $all is a variable set to All (an array of every value), $many has two values selected.
  const variables: Record<string, string[]> = {
    queue: ['email-sending'],
    tier: ['high'],
    all: ['a', 'b'],
    many: ['x', 'y'],
  };
  const interpolateName = (value: string) =>
    value.replace(/\$(\w+)/g, (match, name: string) => (variables[name] ? singleValueOrAll(variables[name]) : match));

  it('turns queue and tier variables into one name, or no filter for All', () => {
    const text = (value: string) => value;
    expect(
      interpolateQuery({ refId: 'A', queryType: 'queues', queue: '$queue', tier: '$tier' }, text, interpolateName)
    ).toEqual({ refId: 'A', queryType: 'queues', queue: 'email-sending', tier: 'high' });
    expect(
      interpolateQuery({ refId: 'A', queryType: 'queues', queue: '$many', tier: '$all' }, text, interpolateName)
    ).toEqual({ refId: 'A', queryType: 'queues', queue: '' });
  });

  it('drops a tier variable that resolves to no tier but keeps a literal typo for the service to report', () => {
    const text = (value: string) => value;
    expect(interpolateQuery({ refId: 'A', tier: '$unknown' }, text, interpolateName)).toEqual({ refId: 'A' });
    expect(interpolateQuery({ refId: 'A', tier: '' }, text, interpolateName)).toEqual({ refId: 'A' });
    expect(interpolateQuery({ refId: 'A', tier: 'hihg' }, text, interpolateName)).toEqual({ refId: 'A', tier: 'hihg' });
  });
});

describe('singleValueOrAll', () => {
  it('keeps one value and turns All or several values into no filter', () => {
    expect(singleValueOrAll('email-sending')).toBe('email-sending');
    expect(singleValueOrAll(['email-sending'])).toBe('email-sending');
    expect(singleValueOrAll(['a', 'b'])).toBe('');
    expect(singleValueOrAll([])).toBe('');
    expect(singleValueOrAll(undefined)).toBe('');
  });
});

describe('queriesToSend', () => {
  it('drops hidden queries and defaults the query type', () => {
    expect(queriesToSend([{ refId: 'A' }, { refId: 'B', hide: true }, { refId: 'C', queryType: 'health' }])).toEqual([
      { refId: 'A', queryType: 'health' },
      { refId: 'C', queryType: 'health' },
    ]);
  });
});

describe('buildQueryRequest', () => {
  it('sends the range as ISO strings with interval and max data points', () => {
    const from = dateTime('2026-01-01T00:00:00Z');
    const to = dateTime('2026-01-01T01:00:00Z');
    const body = buildQueryRequest(
      { range: { from, to, raw: { from: 'now-1h', to: 'now' } }, intervalMs: 15000, maxDataPoints: 800 },
      [{ refId: 'A', queryType: 'health' }]
    );
    expect(body).toEqual({
      queries: [{ refId: 'A', queryType: 'health' }],
      range: { from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T01:00:00.000Z' },
      intervalMs: 15000,
      maxDataPoints: 800,
    });
  });
});
