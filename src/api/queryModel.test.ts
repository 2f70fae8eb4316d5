import { DEFAULT_QUERY_TYPE, QUERY_TYPES, sysmonQuerySchema } from './queryModel';

describe('queryModel', () => {
  it('accepts a health query and drops fields Grafana adds', () => {
    const parsed = sysmonQuerySchema.parse({
      refId: 'A',
      queryType: 'health',
      datasource: { uid: 'x' },
      hide: false,
      intervalMs: 1000,
    });
    expect(parsed).toEqual({ refId: 'A', queryType: 'health' });
  });

  it('rejects unknown query types and empty refIds', () => {
    expect(sysmonQuerySchema.safeParse({ refId: 'A', queryType: 'nope' }).success).toBe(false);
    expect(sysmonQuerySchema.safeParse({ refId: '', queryType: 'health' }).success).toBe(false);
  });

  it('describes every query type and the default is one of them', () => {
    for (const type of QUERY_TYPES) {
      expect(type.label).not.toBe('');
      expect(type.description).not.toBe('');
    }
    expect(QUERY_TYPES.map((t) => t.value)).toContain(DEFAULT_QUERY_TYPE);
  });
});
