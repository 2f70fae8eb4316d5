import type { HealthResponse } from '@penguinmails/sysmon-contract';
import { DataSourceInstanceSettings, PluginType } from '@grafana/data';
import type { SysmonDataSourceOptions } from '../datasource/types';

export const DATASOURCE_PROXY_URL = '/api/datasources/proxy/uid/penguinmails-sysmon';

/** The provisioned data source as Grafana hands it to the plugin (proxy access). */
export function datasourceInstanceSettings(
  jsonData: SysmonDataSourceOptions = { serviceUrl: 'http://localhost:3001' }
): DataSourceInstanceSettings<SysmonDataSourceOptions> {
  return {
    id: 1,
    uid: 'penguinmails-sysmon',
    type: 'penguinmails-sysmon-datasource',
    name: 'PenguinMails Sysmon',
    access: 'proxy',
    url: DATASOURCE_PROXY_URL,
    jsonData,
    readOnly: false,
    meta: { id: 'penguinmails-sysmon-datasource', name: 'PenguinMails Sysmon', type: PluginType.datasource },
  } as unknown as DataSourceInstanceSettings<SysmonDataSourceOptions>;
}

export function healthyResponse(overrides: Partial<HealthResponse> = {}): HealthResponse {
  return {
    status: 'ok',
    version: '0.1.0',
    checkedAt: '2026-01-02T03:04:05.000Z',
    dependencies: [
      { name: 'postgres', status: 'up', latencyMs: 1.24 },
      { name: 'redis', status: 'up', latencyMs: 0.4 },
    ],
    ...overrides,
  };
}

export function degradedResponse(): HealthResponse {
  return healthyResponse({
    status: 'degraded',
    dependencies: [
      { name: 'postgres', status: 'up', latencyMs: 2 },
      { name: 'redis', status: 'down', latencyMs: 1000, error: 'connect ECONNREFUSED 127.0.0.1:6379' },
    ],
  });
}
