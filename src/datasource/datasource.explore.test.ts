// The data source's Explore interfaces, through the real query path: only getBackendSrv().fetch is faked, and it
// answers with frames built from the contract's definitions.
import { firstValueFrom, lastValueFrom, Subscription } from 'rxjs';
import {
  DataFrame,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceApi,
  dateTime,
  FieldType,
  hasLogsContextSupport,
  hasQueryModificationSupport,
  hasSupplementaryQuerySupport,
  hasToggleableQueryFiltersSupport,
  LoadingState,
  LogRowContextQueryDirection,
  LogRowModel,
  SupplementaryQueryType,
} from '@grafana/data';
import type { BackendSrvRequest, TemplateSrv } from '@grafana/runtime';
import { LOG_LINES_FRAME, VARIABLE_FRAME, type LogLine, type QueryRequest } from '@penguinmails/sysmon-contract';
import { SysmonDataSource } from './datasource';
import type { SysmonDataQuery } from './types';
import { FakeBackendSrv } from '../testUtils/fakeBackendSrv';
import { DATASOURCE_PROXY_URL, datasourceInstanceSettings } from '../testUtils/fixtures';
import { logLine, logLinesFrame, logVolumeFrames } from '../testUtils/logFixtures';

const QUERY_URL = `${DATASOURCE_PROXY_URL}/api/query`;
const templateSrv = { replace: (value: string) => value, getVariables: () => [] } as unknown as TemplateSrv;

function makeRequest(targets: SysmonDataQuery[], extra: Partial<DataQueryRequest<SysmonDataQuery>> = {}) {
  const from = dateTime('2026-01-01T00:00:00Z');
  const to = dateTime('2026-01-01T01:00:00Z');
  return {
    requestId: 'explore_left',
    targets,
    range: { from, to, raw: { from: 'now-1h', to: 'now' } },
    interval: '15s',
    intervalMs: 15000,
    maxDataPoints: 500,
    scopedVars: {},
    timezone: 'utc',
    app: 'explore',
    startTime: 0,
    ...extra,
  } as DataQueryRequest<SysmonDataQuery>;
}

const sentBody = (request: BackendSrvRequest) => request.data as QueryRequest;
const logsQuery: SysmonDataQuery = {
  refId: 'A',
  queryType: 'logs',
  search: 'timeout',
  levels: ['error', 'fatal'],
  services: ['smtp'],
  limit: 50,
};

/** A row of a logs frame as Explore's logs model hands it to getLogRowContext. */
function rowOf(frame: DataFrame, rowIndex: number): LogRowModel {
  const time = frame.fields.find((field) => field.type === FieldType.time)!;
  return {
    dataFrame: frame,
    rowIndex,
    entryFieldIndex: 1,
    timeEpochMs: time.values[rowIndex],
    uid: `A_${rowIndex}`,
  } as unknown as LogRowModel;
}

describe('Explore interfaces, as @grafana/data detects them', () => {
  // The guards take any DataSourceApi, as Explore holds it.
  const ds = new SysmonDataSource(datasourceInstanceSettings(), templateSrv) as unknown as DataSourceApi;

  it('supports the log volume supplementary query, row context, toggleable filters and query modification', () => {
    expect(hasSupplementaryQuerySupport(ds, SupplementaryQueryType.LogsVolume)).toBe(true);
    expect(hasSupplementaryQuerySupport(ds, SupplementaryQueryType.LogsSample)).toBe(false);
    expect(hasLogsContextSupport(ds)).toBe(true);
    expect(hasToggleableQueryFiltersSupport(ds)).toBe(true);
    expect(hasQueryModificationSupport(ds)).toBe(true);
    expect(hasQueryModificationSupport(ds) && ds.getSupportedQueryModifications()).toEqual(
      expect.arrayContaining(['ADD_FILTER', 'ADD_FILTER_OUT', 'ADD_STRING_FILTER', 'ADD_STRING_FILTER_OUT'])
    );
  });
});

describe('log volume (supplementary query)', () => {
  let srv: FakeBackendSrv;
  beforeEach(() => {
    srv = new FakeBackendSrv().install();
  });

  it('turns a logs query into a log_volume query with the same filters, under a refId Explore maps back', () => {
    const ds = new SysmonDataSource(datasourceInstanceSettings(), templateSrv);
    expect(ds.getSupplementaryQuery({ type: SupplementaryQueryType.LogsVolume }, logsQuery)).toEqual({
      refId: 'log-volume-A',
      queryType: 'log_volume',
      search: 'timeout',
      levels: ['error', 'fatal'],
      services: ['smtp'],
    });
    expect(ds.getSupplementaryQuery({ type: SupplementaryQueryType.LogsSample }, logsQuery)).toBeUndefined();
    expect(ds.getSupplementaryQuery({ type: SupplementaryQueryType.LogsVolume }, { ...logsQuery, hide: true })).toBe(
      undefined
    );
    expect(
      ds.getSupplementaryQuery({ type: SupplementaryQueryType.LogsVolume }, { refId: 'B', queryType: 'queues' })
    ).toBeUndefined();
  });

  it('builds a request for the logs queries only, and none when there is no logs query', () => {
    const ds = new SysmonDataSource(datasourceInstanceSettings(), templateSrv);
    const request = ds.getSupplementaryRequest(
      SupplementaryQueryType.LogsVolume,
      makeRequest([logsQuery, { refId: 'B', queryType: 'health' }])
    )!;
    expect(request.targets.map((target) => [target.refId, target.queryType])).toEqual([['log-volume-A', 'log_volume']]);
    expect(request.requestId).toBe('explore_left_log_volume');
    expect(
      ds.getSupplementaryRequest(SupplementaryQueryType.LogsVolume, makeRequest([{ refId: 'B', queryType: 'health' }]))
    ).toBeUndefined();
  });

  it('runs the volume request through query(): one frame per level, with the level label Explore colours by', async () => {
    srv.on('POST', QUERY_URL, (request) => {
      const body = sentBody(request);
      expect(body.queries).toEqual([
        {
          refId: 'log-volume-A',
          queryType: 'log_volume',
          search: 'timeout',
          levels: ['error', 'fatal'],
          services: ['smtp'],
        },
      ]);
      return {
        data: {
          results: {
            'log-volume-A': {
              frames: logVolumeFrames('log-volume-A', { error: [3, 0, 7], fatal: [0, 1, 0] }, 1767225600000, 60000),
            },
          },
        },
      };
    });
    const ds = new SysmonDataSource(datasourceInstanceSettings(), templateSrv);
    const volumeRequest = ds.getSupplementaryRequest(SupplementaryQueryType.LogsVolume, makeRequest([logsQuery]))!;
    const response = await lastValueFrom(ds.query(volumeRequest));
    expect(response.data).toHaveLength(2);
    const levels = response.data.map((frame: DataFrame) => frame.fields[1].labels?.level);
    expect(levels).toEqual(['error', 'fatal']);
    expect(response.data.every((frame: DataFrame) => frame.refId === 'log-volume-A')).toBe(true);
    expect(response.data[0].fields[1].values).toEqual([3, 0, 7]);
  });
});

describe('row context', () => {
  let srv: FakeBackendSrv;
  const lines = [
    logLine({ id: '5003', ts: '2026-01-01T00:30:02.000Z', level: 'error', message: 'SMTP 421' }),
    logLine({ id: '5002', ts: '2026-01-01T00:30:01.000Z' }),
  ];

  beforeEach(() => {
    srv = new FakeBackendSrv().install();
  });

  /** The logs frame as query() hands it to Explore. */
  async function logsFrame(ds: SysmonDataSource): Promise<DataFrame> {
    srv.on('POST', QUERY_URL, { data: { results: { A: { frames: [logLinesFrame(lines, 'A')] } } } });
    const response = await lastValueFrom(ds.query(makeRequest([logsQuery])));
    return response.data[0];
  }

  it.each([
    [LogRowContextQueryDirection.Backward, 'backward'],
    [LogRowContextQueryDirection.Forward, 'forward'],
  ])('asks for the lines %s of the row by its stored id', async (direction, expected) => {
    const ds = new SysmonDataSource(datasourceInstanceSettings(), templateSrv);
    const frame = await logsFrame(ds);
    const before = [logLine({ id: '4990' }), logLine({ id: '4989' })];
    srv.on('POST', QUERY_URL, (request) => {
      const refId = sentBody(request).queries[0].refId;
      return { data: { results: { [refId]: { frames: [logLinesFrame(before, refId)] } } } };
    });

    const response = await ds.getLogRowContext(rowOf(frame, 0), { direction, limit: 10 });

    const sent = sentBody(srv.requests[srv.requests.length - 1]);
    expect(sent.queries).toEqual([
      { refId: 'log-context-A', queryType: 'log_context', id: '5003', direction: expected, limit: 10 },
    ]);
    const rowTime = Date.parse('2026-01-01T00:30:02.000Z');
    if (expected === 'backward') {
      expect(Date.parse(sent.range!.to)).toBeGreaterThan(rowTime);
      expect(Date.parse(sent.range!.from)).toBeLessThan(rowTime);
    } else {
      expect(Date.parse(sent.range!.from)).toBe(rowTime);
    }
    expect(response.data[0].fields.find((field: { name: string }) => field.name === 'id').values).toEqual([
      '4990',
      '4989',
    ]);
  });

  it('loads more context from a context row under the same refId, by that row’s id', async () => {
    const ds = new SysmonDataSource(datasourceInstanceSettings(), templateSrv);
    const frame = await logsFrame(ds);
    srv.on('POST', QUERY_URL, (request) => {
      const refId = sentBody(request).queries[0].refId;
      const older = [logLine({ id: '4990' }), logLine({ id: '4989' })];
      return { data: { results: { [refId]: { frames: [logLinesFrame(older, refId)] } } } };
    });
    const context = await ds.getLogRowContext(rowOf(frame, 0), { limit: 10 });
    expect(context.data[0].refId).toBe('log-context-A');
    const more = await ds.getLogRowContextQuery(rowOf(context.data[0], 1), { limit: 20 });
    expect(more).toMatchObject({ refId: 'log-context-A', id: '4989', limit: 20 });
  });

  it('caps the limit at the schema maximum and has a context query for "open in split view"', async () => {
    const ds = new SysmonDataSource(datasourceInstanceSettings(), templateSrv);
    const frame = await logsFrame(ds);
    expect(await ds.getLogRowContextQuery(rowOf(frame, 1), { limit: 100000 })).toEqual({
      refId: 'log-context-A',
      queryType: 'log_context',
      id: '5002',
      direction: 'backward',
      limit: 500,
    });
  });

  it('answers nothing for a row without a stored id, without asking the service', async () => {
    const ds = new SysmonDataSource(datasourceInstanceSettings(), templateSrv);
    const frame = await logsFrame(ds);
    const idField = frame.fields.find((field) => field.name === LOG_LINES_FRAME.fields.id.name)!;
    const withoutId = { ...frame, fields: frame.fields.filter((field) => field !== idField) };
    const requestsBefore = srv.requests.length;
    expect(await ds.getLogRowContext(rowOf(withoutId, 0))).toEqual({ data: [] });
    expect(srv.requests).toHaveLength(requestsBefore);
  });
});

describe('filters from log details', () => {
  const ds = new SysmonDataSource(datasourceInstanceSettings(), templateSrv);

  it('toggles a label filter in the search text and reports it', () => {
    const query: SysmonDataQuery = { refId: 'A', queryType: 'logs', search: 'timeout' };
    const filtered = ds.toggleQueryFilter(query, { type: 'FILTER_FOR', options: { key: 'service', value: 'smtp' } });
    expect(filtered.search).toBe('timeout service:smtp');
    expect(ds.queryHasFilter(filtered, { key: 'service', value: 'smtp' })).toBe(true);
    expect(ds.queryHasFilter(query, { key: 'service', value: 'smtp' })).toBe(false);
    const out = ds.modifyQuery(query, {
      type: 'ADD_FILTER_OUT',
      options: { key: 'attrs.campaign', value: 'q4 promo' },
    });
    expect(out.search).toBe('timeout -attrs.campaign:"q4 promo"');
  });

  it('describes queries for the history', () => {
    expect(ds.getQueryDisplayText(logsQuery)).toBe('Logs: timeout · levels: error, fatal · services: smtp · limit 50');
    expect(ds.getQueryDisplayText({ refId: 'A', queryType: 'log_context', id: '7', direction: 'forward' })).toBe(
      'Log context: forward of line 7'
    );
  });
});

describe('live tail', () => {
  let srv: FakeBackendSrv;
  let subscription: Subscription | undefined;

  beforeEach(() => {
    jest.useFakeTimers({ now: Date.parse('2026-01-01T01:00:00Z') });
    srv = new FakeBackendSrv().install();
  });
  afterEach(() => {
    subscription?.unsubscribe();
    jest.useRealTimers();
  });

  /** Answers each poll with the next batch (newest first); records what each poll asked for. */
  function answerPolls(batches: LogLine[][]) {
    const asked: SysmonDataQuery[] = [];
    srv.on('POST', QUERY_URL, (request) => {
      const query = sentBody(request).queries[0] as SysmonDataQuery;
      asked.push(query);
      const batch = batches[Math.min(asked.length - 1, batches.length - 1)];
      const lines = asked.length - 1 < batches.length ? batch : [];
      return { data: { results: { A: { frames: [logLinesFrame(lines, 'A')] } } } };
    });
    return asked;
  }

  function tail(query: SysmonDataQuery) {
    const ds = new SysmonDataSource(datasourceInstanceSettings(), templateSrv);
    const responses: DataQueryResponse[] = [];
    subscription = ds.query(makeRequest([query], { liveStreaming: true })).subscribe((r) => responses.push(r));
    return responses;
  }

  const idsOf = (response: DataQueryResponse) =>
    response.data[0].fields.find((field: { name: string }) => field.name === 'id').values;

  it('streams the newest lines, then polls with the after cursor every second, keeping one key', async () => {
    const asked = answerPolls([
      [logLine({ id: '102' }), logLine({ id: '101' })],
      [logLine({ id: '104' }), logLine({ id: '103' })],
    ]);
    const responses = tail({ ...logsQuery, limit: 3 });

    await jest.advanceTimersByTimeAsync(0);
    expect(asked).toHaveLength(1);
    expect(asked[0].after).toBeUndefined();
    expect(responses).toHaveLength(1);
    expect(responses[0].state).toBe(LoadingState.Streaming);
    expect(idsOf(responses[0])).toEqual(['102', '101']);

    await jest.advanceTimersByTimeAsync(1000);
    expect(asked).toHaveLength(2);
    expect(asked[1]).toMatchObject({ queryType: 'logs', after: '102', search: 'timeout', limit: 3 });
    // Newest first, bounded to the limit: the oldest line falls out; every row keeps its id.
    expect(idsOf(responses[1])).toEqual(['104', '103', '102']);
    expect(responses[1].state).toBe(LoadingState.Streaming);
    expect(responses[1].key).toBe(responses[0].key);
    expect(responses[1].data[0].meta?.preferredVisualisationType).toBe('logs');

    // Nothing new: no new emission, but the poll still asks from the newest id.
    await jest.advanceTimersByTimeAsync(1000);
    expect(asked[2].after).toBe('104');
    expect(responses).toHaveLength(2);
  });

  it('polls up to now, not the range Explore froze when live mode started', async () => {
    const asked = answerPolls([[logLine({ id: '1' })]]);
    tail(logsQuery);
    await jest.advanceTimersByTimeAsync(5000);
    expect(asked.length).toBeGreaterThan(1);
    const last = sentBody(srv.requests[srv.requests.length - 1]);
    expect(Date.parse(last.range!.to)).toBeGreaterThanOrEqual(Date.now());
  });

  it('keeps tailing after a failed poll and reports the failure on the stream', async () => {
    let calls = 0;
    srv.on('POST', QUERY_URL, () => {
      calls += 1;
      return calls === 2
        ? { status: 503, statusText: 'Service Unavailable', data: { error: { code: 'unavailable', message: 'down' } } }
        : { data: { results: { A: { frames: [logLinesFrame([logLine({ id: String(200 + calls) })], 'A')] } } } };
    });
    const responses = tail(logsQuery);
    await jest.advanceTimersByTimeAsync(2000);
    expect(responses.map((response) => Boolean(response.errors?.length))).toEqual([false, true, false]);
    expect(responses.every((response) => response.state === LoadingState.Streaming)).toBe(true);
    expect(idsOf(responses[2])).toEqual(['203', '201']);
  });

  it('clears a reported failure on the next good poll even when it brings no new line', async () => {
    let calls = 0;
    srv.on('POST', QUERY_URL, () => {
      calls += 1;
      const lines = calls === 1 ? [logLine({ id: '301' })] : [];
      return calls === 2
        ? { status: 502, statusText: 'Bad Gateway', data: {} }
        : { data: { results: { A: { frames: [logLinesFrame(lines, 'A')] } } } };
    });
    const responses = tail(logsQuery);
    await jest.advanceTimersByTimeAsync(3000);
    expect(responses.map((response) => Boolean(response.errors?.length))).toEqual([false, true, false]);
    expect(idsOf(responses[2])).toEqual(['301']);
  });

  it('stops polling when unsubscribed', async () => {
    const asked = answerPolls([[logLine({ id: '1' })]]);
    tail(logsQuery);
    await jest.advanceTimersByTimeAsync(2000);
    const polls = asked.length;
    subscription!.unsubscribe();
    await jest.advanceTimersByTimeAsync(10000);
    expect(asked).toHaveLength(polls);
  });

  it('answers a query that is not a logs query once, as usual', async () => {
    srv.on('POST', QUERY_URL, { data: { results: { B: { frames: [] } } } });
    const ds = new SysmonDataSource(datasourceInstanceSettings(), templateSrv);
    const response = await firstValueFrom(
      ds.query(makeRequest([{ refId: 'B', queryType: 'health' }], { liveStreaming: true }))
    );
    expect(response.state).toBe(LoadingState.Done);
  });
});

describe('values for the editors’ pickers', () => {
  let srv: FakeBackendSrv;
  beforeEach(() => {
    srv = new FakeBackendSrv().install();
  });

  it('lists log services through the variable query', async () => {
    srv.on('POST', QUERY_URL, (request) => {
      expect(sentBody(request).queries).toEqual([{ refId: 'values', queryType: 'variable', variable: 'service' }]);
      const { text, value } = VARIABLE_FRAME.fields;
      const frame = {
        schema: {
          name: VARIABLE_FRAME.name,
          refId: 'values',
          fields: [
            { name: text.name, type: text.type },
            { name: value.name, type: value.type },
          ],
        },
        data: {
          values: [
            ['api', 'smtp'],
            ['api', 'smtp'],
          ],
        },
      };
      return { data: { results: { values: { frames: [frame] } } } };
    });
    const ds = new SysmonDataSource(datasourceInstanceSettings(), templateSrv);
    expect(await ds.variableValues('service')).toEqual(['api', 'smtp']);
  });

  it('fails with the service’s message', async () => {
    srv.on('POST', QUERY_URL, {
      data: { results: { values: { frames: [], error: 'store unavailable', status: 503 } } },
    });
    const ds = new SysmonDataSource(datasourceInstanceSettings(), templateSrv);
    await expect(ds.variableValues('service')).rejects.toThrow('store unavailable');
  });
});
