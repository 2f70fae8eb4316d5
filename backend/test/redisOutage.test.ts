// A monitor must never report "all fine" when it cannot see (issue 7): with the Redis that holds the queues down,
// the queue reads and actions answer errors that name Redis (503, or per refId), never zeros or an empty list, and
// a tier pause is not audited as done. Everything works again within 5 s of Redis coming back. The Redis is a
// server of the test's own (test/faults.ts), so stopping it disturbs nobody.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import { startServer, type RunningServer } from '../src/server.ts';
import { keepCalling, startOwnedRedis, watchCrashes } from './faults.ts';
import { bearer, dropSchema, randomSchema, testConfig, TOKENS, waitFor } from './helpers.ts';

describe('Redis outage (a redis-server of the test’s own)', () => {
  const schema = randomSchema();
  let redis: Awaited<ReturnType<typeof startOwnedRedis>>;
  let server: RunningServer;

  before(async () => {
    redis = await startOwnedRedis();
    const connection = { host: '127.0.0.1', port: redis.port };
    const queue = new Queue('outage-normal', { connection });
    await queue.addBulk([1, 2, 3].map((i) => ({ name: 'job', data: { i } })));
    await queue.close();
    server = await startServer(testConfig(schema, { REDIS_URL: redis.url }), { migrate: true });
  });
  after(async () => {
    await server?.close();
    await redis?.destroy();
    await dropSchema(schema);
  });

  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: { ...bearer(TOKENS.operator), 'Content-Type': 'application/json', ...init.headers },
    });
  const queuesQuery = async () => {
    const res = await call('/api/query', {
      method: 'POST',
      body: JSON.stringify({
        queries: [
          { refId: 'A', queryType: 'queues' },
          { refId: 'B', queryType: 'health' },
        ],
      }),
    });
    return (await res.json()) as { results: Record<string, { status?: number; error?: string; frames: unknown[] }> };
  };

  it('answers errors naming Redis while it is down, and the truth again within 5 s after', async () => {
    const before = await queuesQuery();
    assert.equal(before.results.A?.error, undefined);

    // Pollers, searches and actions keep running through the outage; none may crash the service or hang.
    const watch = watchCrashes();
    const drain = (path: string, init?: RequestInit) => () => call(path, init).then((res) => res.arrayBuffer());
    const load = keepCalling([
      drain('/api/queues'),
      drain('/api/jobs/search?q=job'),
      drain('/api/queues/outage-normal/jobs?state=waiting'),
      drain('/api/queues/outage-normal/retry-failed', { method: 'POST', body: JSON.stringify({ count: 5 }) }),
    ]);

    await redis.stop();
    await waitFor('the service to notice', async () => (await call('/api/queues')).status === 503, 5_000);

    const overview = await call('/api/queues');
    assert.equal(overview.status, 503);
    const overviewError = ((await overview.json()) as { error: { code: string; message: string } }).error;
    assert.equal(overviewError.code, 'redis_unavailable');
    assert.match(overviewError.message, /Redis is unreachable/);

    const down = await queuesQuery();
    assert.equal(down.results.A?.status, 503, 'the queues query errors, per refId');
    assert.match(down.results.A?.error ?? '', /Redis is unreachable/);
    assert.deepEqual(down.results.A?.frames, []);
    assert.equal(down.results.B?.error, undefined, 'the other query of the request still answers');

    for (const path of ['/api/drift', '/api/queues/outage-normal', '/api/queues/outage-normal/jobs?state=waiting']) {
      const res = await call(path);
      assert.equal(res.status, 503, path);
    }

    const pause = await call('/api/tiers/normal/pause', {
      method: 'POST',
      headers: { 'X-Request-ID': 'outage-pause' },
    });
    assert.equal(pause.status, 503);
    const audit = (await (await call('/api/audit?limit=20')).json()) as {
      events: Array<{ requestId: string; outcome: string }>;
    };
    const event = audit.events.find((e) => e.requestId === 'outage-pause');
    assert.match(event?.outcome ?? '', /^error: Redis is unreachable/, 'audited as failed, not as ok');

    await redis.start();
    const back = Date.now();
    await waitFor(
      'the queues to read again',
      async () => {
        const res = await call('/api/queues');
        if (res.status !== 200) {
          return false;
        }
        const body = (await res.json()) as { queues: Array<{ name: string; depth: number; error?: string }> };
        return body.queues.some((q) => q.name === 'outage-normal' && q.depth === 3 && !q.error);
      },
      5_000
    );
    assert.ok(Date.now() - back <= 5_000);
    assert.equal((await queuesQuery()).results.A?.error, undefined);
    await load.stop();
    watch.stop();
    assert.deepEqual(watch.crashes, [], 'no unhandled error or rejection');
  });
});
