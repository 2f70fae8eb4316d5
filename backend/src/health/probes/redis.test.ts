// The Redis probe against redis-servers of the test's own on spare ports (so maxmemory and the eviction policy can
// be changed freely — never the shared Redis on 6379): healthy, memory near maxmemory, a policy BullMQ cannot live
// with, keys evicted between two checks, CONFIG disabled, the shared client disconnected, a short-lived client of
// its own (closed after the check), slow and silent servers behind a proxy.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { createRedis, waitForRedis } from '../../redis.ts';
import { freePort, startOwnedRedis } from '../../../test/faults.ts';
import { waitFor } from '../../../test/helpers.ts';
import { codes, NO_DEPENDENCIES, startDelayProxy } from '../../../test/probeSupport.ts';
import { probeSchema, type RedisProbeConfig } from '../probeConfig.ts';
import { runProbe, type RunProbeContext } from './index.ts';
import { createRedisProbe } from './redis.ts';

/** A throw-away redis-server (no persistence) with extra arguments. */
async function startRedis(args: string[] = []): Promise<{ port: number; url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] }
  );
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) {
        resolve();
      }
    });
  });
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

const probe = (fields: Record<string, unknown> = {}) =>
  probeSchema.parse({ name: 'redis', kind: 'redis', ...fields }) as RedisProbeConfig;

describe('Redis probe', () => {
  let server: Awaited<ReturnType<typeof startRedis>>;
  let admin: Redis;
  let shared: Redis;
  let context: RunProbeContext;

  before(async () => {
    server = await startRedis();
    admin = new Redis(server.url);
    shared = createRedis(server.url);
    await waitForRedis(shared, 5_000);
    context = { ...NO_DEPENDENCIES, redis: shared, redisUrl: server.url };
  });
  after(async () => {
    shared?.disconnect();
    admin?.disconnect();
    await server?.stop();
  });

  const reset = async () => {
    await admin.flushall();
    await admin.config('SET', 'maxmemory', '0');
    await admin.config('SET', 'maxmemory-policy', 'noeviction');
    // evicted_keys back to 0: a probe that saw a higher count takes it as a restart (a new baseline, no problem).
    await admin.config('RESETSTAT');
  };

  it('a healthy Redis is ok: PING is the headline, memory, policy and evictions are facts', async () => {
    await reset();
    const result = await createRedisProbe()(probe(), { ...context, signal: AbortSignal.timeout(5_000) });
    assert.equal(result.outcome, 'ok', JSON.stringify(result.problems));
    assert.deepEqual(
      result.steps.map((step) => step.name),
      ['ping', 'info', 'config']
    );
    assert.ok(result.latencyMs !== null && result.latencyMs < 100);
    assert.ok((result.facts.usedMemory as number) > 0);
    assert.equal(result.facts.maxmemory, 0);
    assert.equal(result.facts.memoryRatio, null, 'maxmemory 0 is no limit: no ratio');
    assert.equal(result.facts.policy, 'noeviction');
    assert.equal(result.facts.evictedKeys, 0);
    assert.equal(result.facts.evictionsSinceLastCheck, null, 'no baseline on the first check');
  });

  it('a maxmemory-policy other than noeviction is soft, naming the policy', async () => {
    await reset();
    await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
    const result = await runProbe(probe(), context);
    assert.equal(result.outcome, 'soft');
    assert.deepEqual(result.problems, [
      { code: 'eviction_policy', severity: 'soft', text: 'maxmemory-policy is allkeys-lru; BullMQ needs noeviction' },
    ]);
  });

  it('used_memory at or over the ratio of maxmemory is soft, with both sizes and the share', async () => {
    await reset();
    // 8 MB of data, so that the few KB used_memory moves between two reads do not change the share.
    for (let i = 0; i < 8; i++) {
      await admin.set(`sysmon-memory-${i}`, 'm'.repeat(1024 * 1024));
    }
    const used = Number(/used_memory:(\d+)/.exec(await admin.info('memory'))![1]);
    await admin.config('SET', 'maxmemory', String(Math.ceil(used / 0.94)));
    const result = await runProbe(probe(), context);
    assert.equal(result.outcome, 'soft');
    assert.deepEqual(codes(result), ['memory_high']);
    assert.match(result.problems[0]!.text, /^used_memory \d+\.\d MB of maxmemory \d+\.\d MB \(9\d %\)$/);
    assert.ok((result.facts.memoryRatio as number) >= 0.9);
    const relaxed = await runProbe(probe({ thresholds: { memoryRatio: 0.99 } }), context);
    assert.equal(relaxed.outcome, 'ok', JSON.stringify(relaxed.problems));
  });

  it('keys evicted since the previous check are soft; none since: no problem (counted per probe name)', async () => {
    await reset();
    const runner = createRedisProbe();
    const check = (name = 'redis') => runner(probe({ name }), { ...context, signal: AbortSignal.timeout(5_000) });
    const used = Number(/used_memory:(\d+)/.exec(await admin.info('memory'))![1]);
    await admin.config('SET', 'maxmemory', String(used + 1024 * 1024));
    await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
    const baseline = await check();
    assert.ok(!codes(baseline).includes('evictions'));
    const before = baseline.facts.evictedKeys as number;

    const value = 'x'.repeat(32 * 1024);
    for (let i = 0; i < 100; i++) {
      await admin.set(`sysmon-evict-${i}`, value);
    }
    const after = await check();
    const evicted = (after.facts.evictedKeys as number) - before;
    assert.ok(evicted > 0, 'the writes evicted nothing: the test proves nothing');
    const problem = after.problems.find((item) => item.code === 'evictions');
    assert.deepEqual(problem, {
      code: 'evictions',
      severity: 'soft',
      text: `${evicted} keys evicted since the last check (${after.facts.evictedKeys as number} since Redis started)`,
    });
    assert.equal(after.facts.evictionsSinceLastCheck, evicted);

    const quiet = await check();
    assert.ok(!codes(quiet).includes('evictions'), JSON.stringify(quiet.problems));
    assert.equal(quiet.facts.evictionsSinceLastCheck, 0);
    // Another probe name has its own baseline: its first check reports none.
    assert.equal((await check('redis-other')).facts.evictionsSinceLastCheck, null);
  });

  it('urlEnv: a short-lived client of its own, closed after the check; an unset variable is unknown', async () => {
    await reset();
    const stat = async (field: string) => Number(new RegExp(`${field}:(\\d+)`).exec(await admin.info())![1]);
    const [clientsBefore, connectionsBefore] = [
      await stat('connected_clients'),
      await stat('total_connections_received'),
    ];
    const result = await runProbe(probe({ urlEnv: 'CACHE_URL' }), { ...context, env: { CACHE_URL: server.url } });
    assert.equal(result.outcome, 'ok', JSON.stringify(result.problems));
    assert.equal(result.steps[0]!.name, 'connect');
    assert.equal(await stat('total_connections_received'), connectionsBefore + 1, 'the probe used a client of its own');
    await waitFor('the probe’s client to leave', async () => (await stat('connected_clients')) === clientsBefore);

    const missing = await runProbe(probe({ urlEnv: 'CACHE_URL' }), context);
    assert.equal(missing.outcome, 'unknown');
    assert.deepEqual(missing.problems, [
      { code: 'not_configured', severity: 'unknown', text: 'environment variable CACHE_URL is not set' },
    ]);
  });

  it('urlEnv to a refused port is hard, without the password; to a name that does not resolve, unknown', async () => {
    const port = await freePort();
    const refused = await runProbe(probe({ urlEnv: 'CACHE_URL' }), {
      ...context,
      env: { CACHE_URL: `redis://:s3cret-pw@127.0.0.1:${port}` },
    });
    assert.equal(refused.outcome, 'hard');
    assert.deepEqual(refused.problems, [
      {
        code: 'connect_failed',
        severity: 'hard',
        text: `connection to Redis at 127.0.0.1:${port} refused (ECONNREFUSED)`,
      },
    ]);
    assert.doesNotMatch(JSON.stringify(refused), /s3cret-pw/);

    const unresolved = await runProbe(probe({ urlEnv: 'CACHE_URL' }), {
      ...context,
      env: { CACHE_URL: 'redis://nosuchhost.invalid:6379' },
    });
    assert.equal(unresolved.outcome, 'unknown');
    assert.deepEqual(codes(unresolved), ['dns_failure']);
  });

  it('a slow Redis (every answer 150 ms late) is soft slow_ping', async () => {
    await reset();
    const proxy = await startDelayProxy(server.port, 150);
    try {
      const result = await runProbe(probe({ urlEnv: 'CACHE_URL', thresholds: { latencyMs: 100 } }), {
        ...context,
        env: { CACHE_URL: `redis://127.0.0.1:${proxy.port}` },
      });
      assert.equal(result.outcome, 'soft', JSON.stringify(result.problems));
      assert.deepEqual(codes(result), ['slow_ping']);
      assert.match(result.problems[0]!.text, /^PING took 1\d\d ms, threshold 100 ms$/);
    } finally {
      await proxy.close();
    }
  });

  it('a Redis that never answers is hard within the budget, and the probe’s connection is closed', async () => {
    const proxy = await startDelayProxy(server.port, null);
    try {
      const started = Date.now();
      const result = await runProbe(probe({ urlEnv: 'CACHE_URL', timeoutMs: 800 }), {
        ...context,
        env: { CACHE_URL: `redis://127.0.0.1:${proxy.port}` },
      });
      assert.ok(Date.now() - started < 1_300);
      assert.equal(result.outcome, 'hard');
      assert.deepEqual(codes(result), ['timeout']);
      assert.match(
        result.problems[0]!.text,
        new RegExp(`^no connection to Redis at 127\\.0\\.0\\.1:${proxy.port} within 800 ms$`)
      );
      await waitFor('the probe to close its connection', async () => proxy.open() === 0, 2_000);
    } finally {
      await proxy.close();
    }
  });
});

describe('Redis probe: CONFIG disabled', () => {
  it('falls back to INFO’s maxmemory_policy', async () => {
    const server = await startRedis(['--rename-command', 'CONFIG', '', '--maxmemory-policy', 'allkeys-lru']);
    const shared = createRedis(server.url);
    try {
      await waitForRedis(shared, 5_000);
      const result = await runProbe(probe(), { ...NO_DEPENDENCIES, redis: shared, redisUrl: server.url });
      assert.deepEqual(codes(result), ['eviction_policy']);
      assert.equal(result.facts.policy, 'allkeys-lru');
      assert.equal(result.steps.find((step) => step.name === 'config')!.detail, 'maxmemory-policy allkeys-lru');
    } finally {
      shared.disconnect();
      await server.stop();
    }
  });
});

describe('Redis probe: the shared client while Redis is down', () => {
  it('is hard with the client’s last error, and ok again once Redis is back', async () => {
    const owned = await startOwnedRedis();
    const shared = createRedis(owned.url);
    try {
      await waitForRedis(shared, 5_000);
      const context = { ...NO_DEPENDENCIES, redis: shared, redisUrl: owned.url };
      assert.equal((await runProbe(probe(), context)).outcome, 'ok');
      await owned.stop();
      await waitFor('the client to notice', async () => shared.status !== 'ready');
      const down = await runProbe(probe(), context);
      assert.equal(down.outcome, 'hard');
      assert.deepEqual(codes(down), ['connect_failed']);
      assert.match(down.problems[0]!.text, new RegExp(`^Redis at 127\\.0\\.0\\.1:${owned.port} is not connected \\(`));
      await owned.start();
      await waitForRedis(shared, 5_000);
      assert.equal((await runProbe(probe(), context)).outcome, 'ok');
    } finally {
      shared.disconnect();
      await owned.destroy();
    }
  });
});
