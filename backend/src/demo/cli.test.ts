// `sysmon demo` as a real process: starts from config + DEMO_* env, produces into the configured ledger
// and prefix, and exits 0 on SIGTERM after closing workers, queues, the SMTP sink and the pool.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { migrate } from '../server.ts';
import { createPool, type Pool } from '../db/pool.ts';
import {
  TEST_DATABASE_URL as DATABASE_URL,
  TEST_REDIS_URL as REDIS_URL,
  deleteKeys,
  randomSuffix,
} from '../../test/helpers.ts';
const BIN = new URL('../../bin/sysmon.js', import.meta.url).pathname;

const suffix = randomSuffix();
const schema = `demo_cli_${suffix}`;
const prefix = `democli-${suffix}`;

describe('sysmon demo (process)', () => {
  let pool: Pool;
  let redis: Redis;
  let dir: string;

  before(async () => {
    pool = createPool(DATABASE_URL, { max: 2 });
    redis = new Redis(REDIS_URL);
    await migrate(pool, { schema, ledgerTable: `${schema}.job_ledger` });
    dir = await mkdtemp(path.join(tmpdir(), 'sysmon-demo-'));
  });

  after(async () => {
    await deleteKeys(redis, `${prefix}:*`);
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool.end();
    redis.disconnect();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs with flags and env, then shuts down cleanly on SIGTERM', async () => {
    const configPath = path.join(dir, 'sysmon.yaml');
    await writeFile(
      configPath,
      `queues:\n  prefixes: [${JSON.stringify(prefix)}]\n  ledgerTable: ${schema}.job_ledger\n`
    );
    const child = spawn(
      process.execPath,
      [
        BIN,
        'demo',
        '--smtp-port',
        '0',
        '--control-port',
        '0',
        '--email-rate',
        '20',
        '--latency-scale',
        '0.05',
        '--api-mode',
        'slow',
      ],
      {
        env: {
          ...process.env,
          DATABASE_URL,
          REDIS_URL,
          SYSMON_CONFIG: configPath,
          DEMO_WARMUP_RATE: '10',
          DEMO_ANALYTICS_RATE: '10',
          DEMO_API_PORT: '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      }
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    try {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const { rows } = await pool.query<{ n: number }>(
          `SELECT count(DISTINCT queue)::int AS n FROM ${schema}.job_ledger WHERE status = 'completed'`
        );
        if (rows[0]!.n === 3) {
          break;
        }
        if (Date.now() > deadline || child.exitCode !== null) {
          assert.fail(`no completed jobs on all queues\nstdout:\n${stdout.slice(-2000)}\nstderr:\n${stderr}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      child.kill('SIGTERM');
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await exited;
    clearTimeout(timer);
    assert.equal(code, 0, `exit code ${code}\nstderr:\n${stderr}`);

    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.ok(
      lines.every(
        (line) => typeof line.ts === 'string' && typeof line.service === 'string' && typeof line.message === 'string'
      )
    );
    assert.ok(lines.some((line) => line.message === 'demo started' && line.prefix === prefix));
    // The platform API ran from the flag and the variable (any free port, slow mode), and closed before the end.
    const apiStarted = lines.find((line) => line.service === 'platform-api' && line.mode === 'slow');
    assert.ok(apiStarted && typeof apiStarted.port === 'number' && apiStarted.port > 0, JSON.stringify(apiStarted));
    assert.ok(lines.some((line) => line.message === 'received SIGTERM, shutting down'));
    assert.equal(lines.at(-1)?.message, 'demo stopped');
    assert.ok((await redis.exists(`${prefix}:email-sending:meta`)) === 1, 'jobs went to the configured prefix');
  });

  it('refuses to start when the ledger table is missing', async () => {
    const configPath = path.join(dir, 'missing.yaml');
    await writeFile(
      configPath,
      `queues:\n  prefixes: [${JSON.stringify(prefix)}]\n  ledgerTable: ${schema}.no_such_ledger\n`
    );
    const child = spawn(process.execPath, [BIN, 'demo', '--smtp-port', '0', '--control-port', '0', '--api-port', '0'], {
      env: { ...process.env, DATABASE_URL, REDIS_URL, SYSMON_CONFIG: configPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.equal(code, 1);
    assert.match(
      stderr,
      new RegExp(`job ledger table ${schema}\\.no_such_ledger does not exist; run \`sysmon migrate\` first`)
    );
  });

  it('rejects a bad flag naming it, without starting anything', async () => {
    const child = spawn(process.execPath, [BIN, 'demo', '--smtp-mode', 'sideways'], {
      env: { ...process.env, DATABASE_URL, REDIS_URL },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.notEqual(code, 0);
    assert.match(
      stderr,
      /--smtp-mode \(DEMO_SMTP_MODE\): expected one of normal, slow, refusing, down, got "sideways"/
    );
  });
});
