import { lastValueFrom } from 'rxjs';
import { createDataFrame, DataQueryRequest, dateTime, FieldType, ScopedVars } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';
import { SysmonDataSource } from './datasource';
import { SysmonVariableSupport, toVariableFrame } from './variableSupport';
import { toVariableQuery } from './variableQuery';
import { VariableQueryEditor } from './components/VariableQueryEditor';
import type { SysmonDataQuery } from './types';
import { FakeBackendSrv } from '../testUtils/fakeBackendSrv';
import { DATASOURCE_PROXY_URL, datasourceInstanceSettings } from '../testUtils/fixtures';

const PROXY_URL = DATASOURCE_PROXY_URL;
const instanceSettings = datasourceInstanceSettings({});

// $tier resolves to 'low'; an array value goes through the format function, like Grafana's template service.
const templateSrv = {
  replace: (value: string, scopedVars?: ScopedVars, format?: (v: unknown) => string) =>
    value.replace(/\$(\w+)/g, (match, name) => {
      const variableValue = scopedVars?.[name]?.value;
      if (variableValue === undefined) {
        return match;
      }
      return format ? format(variableValue) : String(variableValue);
    }),
  getVariables: () => [{ name: 'tier' }],
} as unknown as TemplateSrv;

function variableRequest(target: SysmonDataQuery, scopedVars: ScopedVars = {}): DataQueryRequest<SysmonDataQuery> {
  const from = dateTime('2026-01-01T00:00:00Z');
  const to = dateTime('2026-01-01T01:00:00Z');
  return {
    requestId: 'variable-query',
    targets: [target],
    range: { from, to, raw: { from: 'now-1h', to: 'now' } },
    interval: '1m',
    intervalMs: 60000,
    scopedVars,
    timezone: 'utc',
    app: 'dashboard',
    startTime: 0,
  } as DataQueryRequest<SysmonDataQuery>;
}

const variablesOf = (ds: SysmonDataSource) => ds.variables as SysmonVariableSupport;

describe('SysmonVariableSupport', () => {
  let srv: FakeBackendSrv;
  beforeEach(() => {
    srv = new FakeBackendSrv().install();
  });

  it('is the data source’s custom variable support with its own editor', () => {
    const ds = new SysmonDataSource(instanceSettings, templateSrv);
    expect(ds.variables).toBeInstanceOf(SysmonVariableSupport);
    expect(ds.variables?.getType()).toBe('custom');
    expect((ds.variables as { editor: unknown }).editor).toBe(VariableQueryEditor);
  });

  it('lists queue names of the tier in $tier as text/value options', async () => {
    srv.on('POST', `${PROXY_URL}/api/query`, {
      data: {
        results: {
          V: {
            frames: [
              {
                schema: {
                  name: 'variable',
                  fields: [
                    { name: 'tier', type: 'string' },
                    { name: 'queue', type: 'string' },
                  ],
                },
                data: {
                  values: [
                    ['low', 'low'],
                    ['analytics-aggregation', 'reports-low'],
                  ],
                },
              },
            ],
          },
        },
      },
    });
    const ds = new SysmonDataSource(instanceSettings, templateSrv);
    const response = await lastValueFrom(
      variablesOf(ds).query(
        variableRequest({ refId: 'V', variable: 'queue', tier: '$tier' }, { tier: { text: 'low', value: 'low' } })
      )
    );

    expect(srv.requests[0].data.queries).toEqual([
      { refId: 'V', queryType: 'variable', variable: 'queue', tier: 'low' },
    ]);
    expect(response.data).toHaveLength(1);
    const frame = response.data[0];
    expect(frame.fields.map((f: { name: string }) => f.name)).toEqual(['text', 'value']);
    expect(frame.fields[0].values).toEqual(['analytics-aggregation', 'reports-low']);
    expect(frame.fields[1].values).toEqual(['analytics-aggregation', 'reports-low']);
  });

  it('lists every queue when the tier variable is All', async () => {
    srv.on('POST', `${PROXY_URL}/api/query`, { data: { results: { V: { frames: [] } } } });
    const ds = new SysmonDataSource(instanceSettings, templateSrv);
    await lastValueFrom(
      variablesOf(ds).query(
        variableRequest(
          { refId: 'V', queryType: 'variable', variable: 'queue', tier: '$tier' },
          { tier: { text: 'All', value: ['high', 'normal', 'low'] } }
        )
      )
    );
    expect(srv.requests[0].data.queries).toEqual([{ refId: 'V', queryType: 'variable', variable: 'queue' }]);
  });

  it('reports the service error of the variable query', async () => {
    srv.on('POST', `${PROXY_URL}/api/query`, {
      data: { results: { V: { frames: [], error: 'invalid variable query: tier: Invalid option', status: 400 } } },
    });
    const ds = new SysmonDataSource(instanceSettings, templateSrv);
    const response = await lastValueFrom(variablesOf(ds).query(variableRequest({ refId: 'V', variable: 'tier' })));
    expect(response.errors).toEqual([
      expect.objectContaining({ refId: 'V', message: 'invalid variable query: tier: Invalid option' }),
    ]);
    expect(response.data[0].length).toBe(0);
  });
});

describe('toVariableFrame', () => {
  it('prefers text and value fields, and lists a value once', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'value', type: FieldType.string, values: ['high', 'low', 'high'] },
        { name: 'text', type: FieldType.string, values: ['High', 'Low', 'High'] },
      ],
    });
    const result = toVariableFrame([frame], 'tier');
    expect(result.fields[0].values).toEqual(['High', 'Low']);
    expect(result.fields[1].values).toEqual(['high', 'low']);
  });

  it('falls back to the first string field and skips frames without one', () => {
    const numbers = createDataFrame({ fields: [{ name: 'n', type: FieldType.number, values: [1] }] });
    const names = createDataFrame({
      fields: [
        { name: 'n', type: FieldType.number, values: [1, 2] },
        { name: 'name', type: FieldType.string, values: ['a', 'b'] },
      ],
    });
    const result = toVariableFrame([numbers, names], 'queue');
    expect(result.fields[0].values).toEqual(['a', 'b']);
    expect(result.length).toBe(2);
  });
});

describe('toVariableQuery', () => {
  it('reads a saved string query and forces the variable type', () => {
    expect(toVariableQuery('tiers')).toEqual({ refId: 'variable', queryType: 'variable', variable: 'tier' });
    expect(toVariableQuery('')).toEqual({ refId: 'variable', queryType: 'variable', variable: 'queue' });
    expect(toVariableQuery({ refId: 'X', queryType: 'health', tier: 'low' })).toEqual({
      refId: 'X',
      queryType: 'variable',
      variable: 'queue',
      tier: 'low',
    });
  });
});
