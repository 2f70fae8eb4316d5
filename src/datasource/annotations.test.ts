import { lastValueFrom } from 'rxjs';
import { dateTime, FieldType, type AnnotationQuery, type DataQueryRequest } from '@grafana/data';
import { EVENT_SOURCES, EVENTS_FRAME } from '@penguinmails/sysmon-contract';
import { FakeBackendSrv } from '../testUtils/fakeBackendSrv';
import { DATASOURCE_PROXY_URL, datasourceInstanceSettings } from '../testUtils/fixtures';
import { prepareEventsQuery } from './annotations';
import { SysmonDataSource } from './datasource';
import type { SysmonDataQuery } from './types';

const annotation = (target?: Partial<SysmonDataQuery>) =>
  ({ name: 'State changes', enable: true, iconColor: 'red', target }) as AnnotationQuery<SysmonDataQuery>;

describe('annotations', () => {
  it('are offered with an events query of every source by default, and their own editor', () => {
    const ds = new SysmonDataSource(datasourceInstanceSettings());
    expect(ds.annotations?.getDefaultQuery?.()).toEqual({
      queryType: 'events',
      sources: EVENT_SOURCES.map((source) => source.value),
    });
    expect(ds.annotations?.QueryEditor).toBeDefined();
  });

  it('run their target as an events query, whatever older or other shape it was saved in', () => {
    expect(prepareEventsQuery(annotation({ refId: 'X', queryType: 'events', service: 'smtp' }))).toEqual({
      refId: 'X',
      queryType: 'events',
      sources: ['service_states', 'queue_actions'],
      service: 'smtp',
    });
    // A target without a type (or of another type) keeps only what events can use.
    expect(prepareEventsQuery(annotation({ refId: '', search: 'timeout', queue: 'q' } as never))).toEqual({
      refId: 'Anno',
      queryType: 'events',
      sources: ['service_states', 'queue_actions'],
    });
    expect(prepareEventsQuery(annotation())).toBeUndefined();
  });

  it('query the service and get back the frame Grafana reads annotations from', async () => {
    const srv = new FakeBackendSrv().install();
    srv.on('POST', `${DATASOURCE_PROXY_URL}/api/query`, {
      data: {
        results: {
          Anno: {
            frames: [
              {
                schema: {
                  name: EVENTS_FRAME.name,
                  refId: 'Anno',
                  fields: Object.values(EVENTS_FRAME.fields).map((field) => ({ name: field.name, type: field.type })),
                },
                data: {
                  values: [
                    [1767225600000],
                    ['SMTP: Operational → Degraded'],
                    ['banner took 4.2 s, threshold 1 s'],
                    [['smtp', 'degraded']],
                  ],
                },
              },
            ],
          },
        },
      },
    });
    const ds = new SysmonDataSource(datasourceInstanceSettings());
    const query = ds.annotations!.prepareQuery!(annotation({ refId: 'Anno', queryType: 'events' }))!;
    const from = dateTime('2026-01-01T00:00:00Z');
    const to = dateTime('2026-01-01T06:00:00Z');
    const response = await lastValueFrom(
      ds.query({
        requestId: 'anno',
        targets: [query],
        range: { from, to, raw: { from: 'now-6h', to: 'now' } },
        interval: '1m',
        intervalMs: 60_000,
        scopedVars: {},
        timezone: 'utc',
        app: 'dashboard',
        startTime: 0,
      } as DataQueryRequest<SysmonDataQuery>)
    );
    expect(srv.requests[0].data).toMatchObject({
      queries: [{ refId: 'Anno', queryType: 'events', sources: ['service_states', 'queue_actions'] }],
      range: { from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T06:00:00.000Z' },
    });
    const [frame] = response.data;
    expect(frame.fields.map((field: { name: string; type: FieldType }) => [field.name, field.type])).toEqual([
      ['time', FieldType.time],
      ['title', FieldType.string],
      ['text', FieldType.string],
      ['tags', FieldType.other],
    ]);
    expect(frame.fields[3].values[0]).toEqual(['smtp', 'degraded']);
  });
});
