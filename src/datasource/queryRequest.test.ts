import { dateTime } from '@grafana/data';
import { buildQueryRequest, interpolateQuery, queriesToSend } from './queryRequest';
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
