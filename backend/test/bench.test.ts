// The queue benchmark checks itself: `bench:queues --quick` (60 queues x 1,000 jobs, short polling) must build and
// verify its fixture, measure both servers and both retries, and delete everything it made. Uses a private
// redis-server when one is on PATH (as the real benchmark does), else the test Redis under a random prefix.
import assert from 'node:assert/strict';
import { spawnSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { BenchReport } from '../bench/report.ts';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './helpers.ts';

const backendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const hasRedisServer = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

describe('bench:queues --quick', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sysmon-bench-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('measures both servers and both retries on a verified fixture, then deletes it', async () => {
    const jsonPath = path.join(dir, 'report.json');
    const args = [
      '--import',
      'tsx',
      'bench/queues.ts',
      '--quick',
      '--duration',
      '2',
      '--cold-calls',
      '10',
      '--database-url',
      TEST_DATABASE_URL,
      '--json',
      jsonPath,
      ...(hasRedisServer ? [] : ['--redis-url', TEST_REDIS_URL]),
    ];
    const child = spawn(process.execPath, args, {
      cwd: backendDir,
      env: { ...process.env, INIT_CWD: backendDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    assert.equal(code, 0, output);

    const report = JSON.parse(readFileSync(jsonPath, 'utf8')) as BenchReport;
    // The fixture is what was planned, as BullMQ's getJobCounts sees it.
    assert.equal(report.fixture.queues, 60);
    assert.equal(report.fixture.jobs, 60_000);
    for (const state of ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed']) {
      assert.ok(report.fixture.totals[state]! > 0, `fixture has ${state} jobs`);
    }
    assert.ok(report.fixture.deletedKeys! >= report.fixture.redisKeys - 10, 'the fixture was deleted');

    const [run] = report.runs;
    assert.ok(run);
    for (const side of [run.ours, run.bullBoard]) {
      assert.ok(side.load.ok > 0 && side.load.errors === 0, JSON.stringify(side.load));
      assert.ok(side.load.latency.p50 > 0);
    }
    // bull-board reads every queue on every request; ours is one pipelined round trip, cached.
    assert.ok(run.bullBoard.commandsPerOverview >= 60 * 10, `bull-board ${run.bullBoard.commandsPerOverview}`);
    assert.ok(run.ours.commandsPerOverview < run.bullBoard.commandsPerOverview / 10);
    assert.equal(run.ours.single.roundTrips, 1, 'a cold overview is one Redis round trip');
    assert.equal(run.ours.single.monitor.client, 60, 'one script call per queue');
    assert.ok(run.bullBoard.single.roundTrips >= 60 * 5);
    assert.equal(run.cold.count, 10);
    for (const retry of [run.retryService, run.retryBullmq]) {
      assert.deepEqual([retry.waitingAfter, retry.failedAfter], [1_000, 0]);
      assert.ok(retry.ping.samples >= 1);
    }
    assert.equal(run.retryService.retried, 1_000);
    assert.match(output, /our overview p99/);

    if (!hasRedisServer) {
      const redis = new Redis(TEST_REDIS_URL);
      const left: string[] = [];
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${report.fixture.prefix}:*`, 'COUNT', 1_000);
        cursor = next;
        left.push(...keys);
      } while (cursor !== '0');
      redis.disconnect();
      assert.deepEqual(left, [], 'no fixture key is left behind');
    }
  });
});
