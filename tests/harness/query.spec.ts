import { DATASOURCE_UID, expect, HOME_PATH, test } from './fixtures';

interface FrameJson {
  schema: { name?: string; refId?: string; fields: Array<{ name: string; type?: string }> };
  data: { values: unknown[][] };
}

const HEALTH_FIELDS = ['dependency', 'status', 'latency_ms', 'error', 'checked_at'];

test('the health query through the data proxy returns a health frame', async ({ request }) => {
  const to = new Date();
  const from = new Date(to.getTime() - 3_600_000);
  const response = await request.post(`/api/datasources/proxy/uid/${DATASOURCE_UID}/api/query`, {
    data: {
      queries: [{ refId: 'A', queryType: 'health' }],
      range: { from: from.toISOString(), to: to.toISOString() },
      intervalMs: 60_000,
      maxDataPoints: 100,
    },
  });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { results: Record<string, { frames: FrameJson[]; error?: string }> };
  const frames = body.results.A.frames;
  expect(body.results.A.error).toBeUndefined();
  expect(frames).toHaveLength(1);
  expect(frames[0].schema.name).toBe('health');
  expect(frames[0].schema.refId).toBe('A');
  expect(frames[0].schema.fields.map((field) => field.name)).toEqual(HEALTH_FIELDS);
  const dependencies = frames[0].data.values[0] as string[];
  expect([...dependencies].sort()).toEqual(['postgres', 'redis']);
  expect(frames[0].data.values[1]).toEqual(['up', 'up']);
});

test("the data source plugin's query() and testDatasource() work in the harness", async ({ page, pageErrors }) => {
  await page.goto(HOME_PATH);
  await page.waitForFunction(() => (window as unknown as { __harnessReady?: boolean }).__harnessReady === true);

  // Runs inside the page: the same getDataSourceSrv() a dashboard panel would use.
  const result = await page.evaluate(async (uid) => {
    type Module = Record<string, any>;
    const system = (window as unknown as { System: { import(id: string): Promise<Module> } }).System;
    const runtime = await system.import('package:@grafana/runtime');
    const data = await system.import('package:@grafana/data');
    const rxjs = await system.import('package:rxjs');
    const ds = await runtime.getDataSourceSrv().get(uid);
    const request = {
      requestId: 'harness-1',
      interval: '1m',
      intervalMs: 60_000,
      maxDataPoints: 100,
      range: data.getDefaultTimeRange(),
      scopedVars: {},
      targets: [{ refId: 'A', queryType: 'health' }],
      timezone: 'browser',
      app: 'harness',
      startTime: Date.now(),
    };
    const answer = ds.query(request);
    const response = typeof answer.subscribe === 'function' ? await rxjs.lastValueFrom(answer) : await answer;
    const test = await ds.testDatasource();
    return {
      frames: response.data.map((frame: any) => ({
        name: frame.name,
        refId: frame.refId,
        length: frame.length,
        fields: frame.fields.map((field: any) => field.name),
        dependencies: frame.fields.find((field: any) => field.name === 'dependency')?.values
          ? Array.from(frame.fields.find((field: any) => field.name === 'dependency').values)
          : [],
      })),
      errors: response.errors ?? [],
      test: { status: test.status, message: test.message },
    };
  }, DATASOURCE_UID);

  expect(result.errors).toEqual([]);
  expect(result.frames).toHaveLength(1);
  expect(result.frames[0]).toMatchObject({ refId: 'A', length: 2, fields: HEALTH_FIELDS });
  expect([...result.frames[0].dependencies].sort()).toEqual(['postgres', 'redis']);
  expect(result.test.status).toBe('success');
  expect(pageErrors).toEqual([]);
});
