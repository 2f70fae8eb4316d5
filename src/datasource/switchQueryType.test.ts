import { switchQueryType } from './switchQueryType';

describe('switchQueryType', () => {
  it('applies the defaults of the new type', () => {
    expect(switchQueryType({ refId: 'A', queryType: 'health' }, 'queue_metrics')).toEqual({
      refId: 'A',
      queryType: 'queue_metrics',
      field: 'depth',
      groupBy: 'queue',
    });
    expect(switchQueryType({ refId: 'A' }, 'jobs')).toEqual({
      refId: 'A',
      queryType: 'jobs',
      state: 'failed',
      limit: 100,
    });
    expect(switchQueryType({ refId: 'A' }, 'variable')).toEqual({
      refId: 'A',
      queryType: 'variable',
      variable: 'queue',
    });
  });

  it('keeps Grafana fields and a queue or tier the new type uses, drops the rest', () => {
    const query = {
      refId: 'B',
      datasource: { uid: 'penguinmails-sysmon' },
      hide: false,
      queryType: 'queue_metrics' as const,
      field: 'oldest_wait_ms' as const,
      groupBy: 'tier' as const,
      queue: '$queue',
      tier: 'high',
    };
    expect(switchQueryType(query, 'jobs')).toEqual({
      refId: 'B',
      datasource: { uid: 'penguinmails-sysmon' },
      hide: false,
      queryType: 'jobs',
      queue: '$queue',
      state: 'failed',
      limit: 100,
    });
    expect(switchQueryType(query, 'variable')).toEqual({
      refId: 'B',
      datasource: { uid: 'penguinmails-sysmon' },
      hide: false,
      queryType: 'variable',
      variable: 'queue',
      tier: 'high',
    });
    expect(switchQueryType(query, 'health')).toEqual({
      refId: 'B',
      datasource: { uid: 'penguinmails-sysmon' },
      hide: false,
      queryType: 'health',
    });
  });

  it('keeps a log search and its level and service filters between logs and log_volume, not into jobs', () => {
    const logs = {
      refId: 'A',
      queryType: 'logs' as const,
      search: 'service:smtp timeout',
      levels: ['error'],
      services: ['smtp'],
      limit: 200,
    };
    expect(switchQueryType(logs, 'log_volume')).toEqual({
      refId: 'A',
      queryType: 'log_volume',
      search: 'service:smtp timeout',
      levels: ['error'],
      services: ['smtp'],
    });
    expect(switchQueryType(logs, 'jobs')).toEqual({ refId: 'A', queryType: 'jobs', state: 'failed', limit: 100 });
  });
});
