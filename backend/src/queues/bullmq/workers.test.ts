// Worker counts from CLIENT LIST with real BullMQ 5.x and 6.x Workers.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import * as bullmq6 from 'bullmq';
import * as bullmq5 from 'bullmq5';
import { Redis } from 'ioredis';
import { workerFromClientName } from './keys.ts';
import {
  createWorkerCache,
  parseClientList,
  readWorkers,
  workerCount,
  WORKERS_SETTLE_MS,
  WORKERS_SETTLING_TTL_MS,
} from './workers.ts';
import { deletePrefix, randomPrefix, TEST_REDIS_URL, waitFor } from '../../../test/helpers.ts';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('workerFromClientName', () => {
  it('decodes unnamed and named worker connections', () => {
    assert.deepEqual(workerFromClientName(`bull:${b64('wv5')}`, ['bull']), {
      prefix: 'bull',
      queue: 'wv5',
      name: null,
    });
    assert.deepEqual(workerFromClientName(`bull:${b64('email')}:w:alpha`, ['bull']), {
      prefix: 'bull',
      queue: 'email',
      name: 'alpha',
    });
    assert.deepEqual(workerFromClientName(`app:bull:${b64('é-q')}`, ['bull', 'app:bull']), {
      prefix: 'app:bull',
      queue: 'é-q',
      name: null,
    });
  });

  it('ignores QueueEvents, other prefixes and names that are not BullMQ base64', () => {
    assert.equal(workerFromClientName(`bull:${b64('email')}:qe`, ['bull']), undefined);
    assert.equal(workerFromClientName(`other:${b64('email')}`, ['bull']), undefined);
    assert.equal(workerFromClientName('bull:not base64!', ['bull']), undefined);
    assert.equal(workerFromClientName(`bull:${b64('ab').replace(/=+$/, '')}`, ['bull']), undefined);
    assert.equal(workerFromClientName('sysmon', ['bull']), undefined);
    assert.equal(workerFromClientName('bull:', ['bull']), undefined);
  });
});

describe('parseClientList', () => {
  it('groups worker connections by queue with their address and age', () => {
    const text = [
      `id=3 addr=127.0.0.1:50001 laddr=127.0.0.1:6379 fd=8 name=bull:${b64('email')} age=12 idle=12 flags=b db=0`,
      `id=4 addr=127.0.0.1:50002 laddr=127.0.0.1:6379 fd=9 name=bull:${b64('email')}:w:alpha age=3 idle=0 flags=N db=0`,
      `id=5 addr=127.0.0.1:50003 laddr=127.0.0.1:6379 fd=10 name=bull:${b64('email')}:qe age=3 idle=0 flags=N db=0`,
      `id=6 addr=127.0.0.1:50004 laddr=127.0.0.1:6379 fd=11 name= age=1 idle=0 flags=N db=0`,
      `id=7 addr=127.0.0.1:50005 laddr=127.0.0.1:6379 fd=12 name=bull:${b64('warmup')} age=7 idle=0 flags=b db=0`,
      '',
    ].join('\n');
    const byQueue = parseClientList(text, ['bull']);
    assert.deepEqual([...byQueue.keys()].sort(), ['bull:email', 'bull:warmup']);
    assert.deepEqual(byQueue.get('bull:email')!.workers, [
      { name: null, addr: '127.0.0.1:50001', ageSeconds: 12 },
      { name: 'alpha', addr: '127.0.0.1:50002', ageSeconds: 3 },
    ]);
    assert.equal(workerCount({ available: true, byQueue }, { prefix: 'bull', name: 'none' }), 0);
    assert.equal(workerCount({ available: false, byQueue }, { prefix: 'bull', name: 'email' }), null);
  });
});

describe('worker counts of real BullMQ 5 and 6 workers', () => {
  const prefix = randomPrefix('workers');
  const url = new URL(TEST_REDIS_URL);
  const connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
  let redis: Redis;
  const closers: Array<{ close(): Promise<void> }> = [];

  before(async () => {
    redis = new Redis(TEST_REDIS_URL);
    const idle = async () => undefined;
    closers.push(
      new bullmq5.Worker('shared', idle, { connection, prefix }),
      new bullmq5.Worker('shared', idle, { connection, prefix, name: 'alpha' }),
      new bullmq6.Worker('shared', idle, { connection, prefix }),
      new bullmq6.Worker('v6-only', idle, { connection, prefix, name: 'beta' }),
      new bullmq6.QueueEvents('shared', { connection, prefix }),
      new bullmq5.QueueEvents('shared', { connection, prefix })
    );
  });

  after(async () => {
    await Promise.all(closers.map((c) => c.close()));
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  it('counts each Worker once, named or not, and no QueueEvents', async () => {
    const list = await waitFor('all workers connected', async () => {
      const current = await readWorkers(redis, [prefix]);
      return workerCount(current, { prefix, name: 'shared' }) === 3 &&
        workerCount(current, { prefix, name: 'v6-only' }) === 1
        ? current
        : undefined;
    });
    assert.deepEqual(
      list.byQueue
        .get(`${prefix}:shared`)!
        .workers.map((w) => w.name)
        .sort(),
      ['alpha', null].concat([null]).sort()
    );
    assert.deepEqual(
      list.byQueue.get(`${prefix}:v6-only`)!.workers.map((w) => w.name),
      ['beta']
    );
    assert.equal(list.byQueue.size, 2);
  });

  it('re-reads every second for a while after Redis came back, as workers reconnect one by one', async () => {
    let now = 0;
    const client = new Redis(TEST_REDIS_URL);
    try {
      const cache = createWorkerCache(client, [prefix], { clock: () => now });
      const first = await cache.get();
      now = 10_000;
      assert.equal(await cache.get(), first, 'kept for the TTL while the connection stays up');
      client.disconnect(true);
      await once(client, 'ready');
      now = 10_000 + WORKERS_SETTLING_TTL_MS;
      const second = await waitFor('a read after the reconnection', async () => {
        const list = await cache.get();
        return list !== first ? list : undefined;
      });
      now += WORKERS_SETTLING_TTL_MS - 1;
      assert.equal(await cache.get(), second);
      now += 1;
      await waitFor('a re-read one second later', async () => (await cache.get()) !== second);
      now = 10_000 + WORKERS_SETTLE_MS;
      const settled = await waitFor('a read after the window', async () => {
        const list = await cache.get();
        return list !== second ? list : undefined;
      });
      now += 14_000;
      assert.equal(await cache.get(), settled, 'the whole TTL again once the window is over');
    } finally {
      client.disconnect();
    }
  });

  it('is cached for the TTL and sees a closed worker after it', async () => {
    let now = 0;
    const cache = createWorkerCache(redis, [prefix], { clock: () => now });
    assert.equal(workerCount(await cache.get(), { prefix, name: 'v6-only' }), 1);
    await closers.splice(3, 1)[0]!.close();
    now = 14_999;
    assert.equal(workerCount(await cache.get(), { prefix, name: 'v6-only' }), 1);
    now = 15_000;
    await waitFor(
      'the closed worker to disconnect',
      async () => workerCount(await readWorkers(redis, [prefix]), { prefix, name: 'v6-only' }) === 0
    );
    // Expired: answered from the old list while one background CLIENT LIST refreshes it.
    await waitFor(
      'the cache to refresh in the background',
      async () => workerCount(await cache.get(), { prefix, name: 'v6-only' }) === 0
    );
  });
});
