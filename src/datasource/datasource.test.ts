import { lastValueFrom } from 'rxjs';
import { DataQueryRequest, dateTime, FieldType, LoadingState, ScopedVars } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';
import { SysmonDataSource } from './datasource';
import type { SysmonDataQuery } from './types';
import { FakeBackendSrv } from '../testUtils/fakeBackendSrv';
import { DATASOURCE_PROXY_URL, datasourceInstanceSettings, healthyResponse } from '../testUtils/fixtures';

const PROXY_URL = DATASOURCE_PROXY_URL;
const instanceSettings = datasourceInstanceSettings();

// Substitutes $var and ${var} from scopedVars, like Grafana's template service does for plain variables.
const templateSrv = {
  replace: (value: string, scopedVars?: ScopedVars) =>
    value.replace(/\$\{?(\w+)\}?/g, (match, name) => String(scopedVars?.[name]?.value ?? match)),
} as unknown as TemplateSrv;

function makeRequest(targets: SysmonDataQuery[], scopedVars: ScopedVars = {}): DataQueryRequest<SysmonDataQuery> {
  const from = dateTime('2026-01-01T00:00:00Z');
  const to = dateTime('2026-01-01T01:00:00Z');
  return {
    requestId: 'Q100',
    targets,
    range: { from, to, raw: { from: 'now-1h', to: 'now' } },
    interval: '15s',
    intervalMs: 15000,
    maxDataPoints: 500,
    scopedVars,
    timezone: 'utc',
    app: 'dashboard',
    startTime: 0,
  } as DataQueryRequest<SysmonDataQuery>;
}

// A health frame as the service sends it (DataFrameJSON).
const healthFrame = {
  schema: {
    name: 'health',
    refId: 'A',
    fields: [
      { name: 'dependency', type: 'string' },
      { name: 'status', type: 'string' },
      { name: 'latency_ms', type: 'number', config: { unit: 'ms' } },
      { name: 'error', type: 'string' },
      { name: 'checked_at', type: 'time' },
    ],
  },
  data: {
    values: [
      ['postgres', 'redis'],
      ['up', 'down'],
      [1.5, 1000],
      ['', 'connect ECONNREFUSED'],
      [1767225600000, 1767225600000],
    ],
  },
};

describe('SysmonDataSource.query', () => {
  let srv: FakeBackendSrv;
  beforeEach(() => {
    srv = new FakeBackendSrv().install();
  });

  it('POSTs the queries to <url>/api/query and maps frames and per-refId errors', async () => {
    srv.on('POST', `${PROXY_URL}/api/query`, {
      data: {
        results: {
          A: { frames: [healthFrame] },
          B: { frames: [], error: 'Unknown queryType "nope"', status: 400 },
        },
      },
    });
    const ds = new SysmonDataSource(instanceSettings, templateSrv);
    const response = await lastValueFrom(
      ds.query(
        makeRequest([
          { refId: 'A', queryType: 'health' },
          { refId: 'B', queryType: 'nope' as 'health' },
        ])
      )
    );

    const sent = srv.requestsTo('POST', `${PROXY_URL}/api/query`);
    expect(sent).toHaveLength(1);
    expect(sent[0].data).toEqual({
      queries: [
        { refId: 'A', queryType: 'health' },
        { refId: 'B', queryType: 'nope' },
      ],
      range: { from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T01:00:00.000Z' },
      intervalMs: 15000,
      maxDataPoints: 500,
    });
    expect(sent[0].requestId).toBe('Q100');

    expect(response.data).toHaveLength(1);
    const frame = response.data[0];
    expect(frame.refId).toBe('A');
    expect(frame.name).toBe('health');
    expect(frame.length).toBe(2);
    expect(frame.fields.map((f: { name: string; type: FieldType }) => [f.name, f.type])).toEqual([
      ['dependency', FieldType.string],
      ['status', FieldType.string],
      ['latency_ms', FieldType.number],
      ['error', FieldType.string],
      ['checked_at', FieldType.time],
    ]);
    expect(frame.fields[2].config.unit).toBe('ms');
    expect(frame.fields[1].values).toEqual(['up', 'down']);

    expect(response.errors).toEqual([expect.objectContaining({ refId: 'B', message: 'Unknown queryType "nope"' })]);
  });

  it('applies template variables and skips hidden queries', async () => {
    srv.on('POST', `${PROXY_URL}/api/query`, { data: { results: { A: { frames: [] } } } });
    const ds = new SysmonDataSource(instanceSettings, templateSrv);
    await lastValueFrom(
      ds.query(
        makeRequest(
          [
            { refId: 'A', queryType: '$type' as 'health' },
            { refId: 'H', queryType: 'health', hide: true },
          ],
          { type: { text: 'health', value: 'health' } }
        )
      )
    );
    expect(srv.requests[0].data.queries).toEqual([{ refId: 'A', queryType: 'health' }]);
  });

  it('reports a failed request as an error on every query', async () => {
    srv.on('POST', `${PROXY_URL}/api/query`, {
      status: 400,
      statusText: 'Bad Request',
      data: { error: { code: 'invalid_request', message: 'queries must be an array' } },
    });
    const ds = new SysmonDataSource(instanceSettings, templateSrv);
    const response = await lastValueFrom(ds.query(makeRequest([{ refId: 'A', queryType: 'health' }])));
    expect(response.state).toBe(LoadingState.Error);
    expect(response.errors).toEqual([
      { refId: 'A', message: 'HTTP 400 Bad Request: queries must be an array', status: 400 },
    ]);
  });

  it('sends nothing when every query is hidden', async () => {
    const ds = new SysmonDataSource(instanceSettings, templateSrv);
    const response = await lastValueFrom(ds.query(makeRequest([{ refId: 'A', hide: true }])));
    expect(response.data).toEqual([]);
    expect(srv.requests).toHaveLength(0);
  });
});

describe('SysmonDataSource.testDatasource', () => {
  let srv: FakeBackendSrv;
  beforeEach(() => {
    srv = new FakeBackendSrv().install();
  });

  it('succeeds when health answers and the operator route has the operator scope', async () => {
    srv
      .on('GET', `${PROXY_URL}/api/health`, { data: healthyResponse() })
      .on('GET', `${PROXY_URL}/operator/whoami`, { data: { scopes: ['read', 'operator'], user: 'admin' } });
    const result = await new SysmonDataSource(instanceSettings, templateSrv).testDatasource();
    expect(result.status).toBe('success');
    expect(result.message).toContain('Read route OK: Service 0.1.0 is ok (postgres up, redis up).');
  });

  it('fails with the service message when the read token is refused', async () => {
    srv
      .on('GET', `${PROXY_URL}/api/health`, {
        status: 401,
        statusText: 'Unauthorized',
        data: { error: { code: 'unauthorized', message: 'Missing or unknown bearer token' } },
      })
      .on('GET', `${PROXY_URL}/operator/whoami`, { data: { scopes: ['read', 'operator'], user: 'admin' } });
    const result = await new SysmonDataSource(instanceSettings, templateSrv).testDatasource();
    expect(result.status).toBe('error');
    expect(result.message).toContain('Read route failed: HTTP 401 Unauthorized: Missing or unknown bearer token.');
  });
});
