// The newcomer check: what someone who just cloned the repository does, done verbatim. The README's no-Docker
// command (`npm ci && npm run stack`) runs in a fresh copy of the tree (every file git tracks or would track, none of
// what this checkout installed or built), and within 60 s of the service answering, the demo's traffic must show on
// the API of every page: the queues (jobs completed, workers), Infrastructure (every card Operational) and Logs
// (lines the demo shipped). The README's test command is the one CI runs, so CI itself is the newcomer's test run.
// Only the environment differs from a newcomer's: ports the test found free, its own database and Redis database
// (both documented settings), so a stack already running on this machine is neither disturbed nor counted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { InfrastructureResponse, QueryResponse, QueuesResponse } from '@penguinmails/sysmon-contract';

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const ADMIN_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** scripts/stack.sh's development read token (what a newcomer's stack uses). */
const READ_TOKEN = 'dev-read-token-0123456789';
const DEMO_QUEUES = ['email-sending', 'warmup-processing', 'analytics-aggregation'];
const SERVICES = ['smtp', 'api', 'postgres', 'redis', 'workers'];
/** The issue's promise: demo traffic on every page's API this soon after the service answers. */
const VISIBLE_WITHIN_MS = 60_000;
/** `npm ci` of a fresh tree, then migrations: minutes on a slow machine. */
const INSTALL_WITHIN_MS = 8 * 60_000;

/** The no-Docker command of the README, as written there. */
function readmeStackCommand(): string {
  const match = /Without Docker: `([^`]+)`/.exec(read('README.md'));
  assert.ok(match, 'the README names its no-Docker command as "Without Docker: `…`"');
  return match[1]!;
}

/** The commands of the README's "The two commands" block (comments stripped). */
function readmeTwoCommands(): string[] {
  const section = /## The two commands\s+```sh\n([\s\S]*?)```/.exec(read('README.md'));
  assert.ok(section, 'the README has its "The two commands" block');
  return section[1]!
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter(Boolean);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A Redis database index nobody uses on this server (DBSIZE 0), so the stack's `bull` keys are only its own. */
async function emptyRedisDatabase(): Promise<number> {
  for (let db = 15; db >= 1; db--) {
    const redis = new Redis(`${REDIS_URL}/${db}`, { lazyConnect: true });
    try {
      await redis.connect();
      if ((await redis.dbsize()) === 0) {
        return db;
      }
    } finally {
      redis.disconnect();
    }
  }
  throw new Error('no empty Redis database (1-15) to run the stack in');
}

/** The tree as a fresh clone of it would hold it: tracked files and new files git does not ignore. */
function copyTree(into: string) {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root })
    .toString('utf8')
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    const target = path.join(into, file);
    mkdirSync(path.dirname(target), { recursive: true });
    try {
      copyFileSync(path.join(root, file), target);
    } catch (error) {
      // Deleted in the working tree but not yet in the index: a clone of the next commit would not hold it either.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw error;
      }
    }
  }
}

async function poll<T>(what: string, deadline: number, check: () => Promise<T | undefined>): Promise<T> {
  let last = '';
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) {
        return value;
      }
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last: ${last})` : ''}`);
}

test('the README test command is what CI runs', () => {
  const commands = readmeTwoCommands();
  assert.equal(commands.length, 2, `two commands: ${JSON.stringify(commands)}`);
  const testCommand = commands[1]!;
  const ciCommands = read('.ci/run')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'));
  assert.equal(ciCommands.at(-1), testCommand, '.ci/run ends with the README test command');
});

test(
  'a newcomer runs the README no-Docker stack verbatim and sees demo traffic on every page within 60 s',
  { timeout: INSTALL_WITHIN_MS + VISIBLE_WITHIN_MS + 60_000 },
  async (t) => {
    const command = readmeStackCommand();
    assert.match(command, /npm run stack/, 'the no-Docker command starts the stack');

    const work = mkdtempSync(path.join(tmpdir(), 'sysmon-newcomer-'));
    const clone = path.join(work, 'penguinmails-sysmon');
    copyTree(clone);

    const database = `sysmon_newcomer_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    const redisDb = await emptyRedisDatabase();

    const [servicePort, smtpPort, apiPort, controlPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    // deploy/sysmon.yaml with the demo's ports the test found free (stack.sh: "change them there too").
    const config = path.join(work, 'sysmon.yaml');
    writeFileSync(
      config,
      read('deploy/sysmon.yaml')
        .replace(/port: 2525\b/, `port: ${smtpPort}`)
        .replace('127.0.0.1:2527/', `127.0.0.1:${apiPort}/`)
    );
    const adminUrl = new URL(ADMIN_DATABASE_URL);
    adminUrl.pathname = `/${database}`;
    const env = {
      ...process.env,
      DATABASE_URL: adminUrl.toString(),
      REDIS_URL: `${REDIS_URL}/${redisDb}`,
      SYSMON_PORT: String(servicePort),
      SYSMON_CONFIG: config,
      DEMO_SMTP_PORT: String(smtpPort),
      DEMO_API_PORT: String(apiPort),
      DEMO_CONTROL_PORT: String(controlPort),
    };
    const logFile = path.join(work, 'stack.log');
    const log = openSync(logFile, 'a');
    const stack = spawn('bash', ['-c', command], { cwd: clone, env, detached: true, stdio: ['ignore', log, log] });
    let exited: string | undefined;
    stack.on('exit', (code, signal) => (exited = `exited with ${signal ?? code}`));

    t.after(async () => {
      if (exited === undefined) {
        // The whole group: npm, stack.sh (whose trap stops the service and the demo), and what they started.
        process.kill(-stack.pid!, 'SIGINT');
        await new Promise((resolve) => {
          const timer = setTimeout(() => {
            try {
              process.kill(-stack.pid!, 'SIGKILL');
            } catch {
              // already gone
            }
            resolve(undefined);
          }, 10_000);
          stack.once('exit', () => {
            clearTimeout(timer);
            resolve(undefined);
          });
        });
      }
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
      const redis = new Redis(`${REDIS_URL}/${redisDb}`);
      await redis.flushdb();
      redis.disconnect();
      rmSync(work, { recursive: true, force: true });
    });

    const base = `http://127.0.0.1:${servicePort}`;
    const get = async <T>(urlPath: string, init: RequestInit = {}): Promise<T> => {
      const res = await fetch(`${base}${urlPath}`, {
        ...init,
        headers: { Authorization: `Bearer ${READ_TOKEN}`, 'Content-Type': 'application/json' },
      });
      if (!res.ok) {
        throw new Error(`${urlPath}: HTTP ${res.status} ${await res.text()}`);
      }
      return (await res.json()) as T;
    };
    const failWithLog = (error: unknown): never => {
      const tail = readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
      throw new Error(`${(error as Error).message}${exited ? `; the stack ${exited}` : ''}\nstack log:\n${tail}`);
    };

    const installStarted = Date.now();
    await poll('the service to answer /healthz', installStarted + INSTALL_WITHIN_MS, async () => {
      if (exited) {
        throw new Error(`the stack ${exited}`);
      }
      return (await fetch(`${base}/healthz`)).ok ? true : undefined;
    }).catch(failWithLog);
    const upAfterMs = Date.now() - installStarted;
    const deadline = Date.now() + VISIBLE_WITHIN_MS;

    const visible: Record<string, number> = {};
    const since = Date.now();
    await Promise.all([
      poll('completed jobs and workers on every demo queue (GET /api/queues)', deadline, async () => {
        const { queues } = await get<QueuesResponse>('/api/queues');
        const ok = DEMO_QUEUES.every((name) => {
          const queue = queues.find((q) => q.name === name);
          return queue && !queue.error && queue.counts.completed > 0 && (queue.workers ?? 0) > 0;
        });
        return ok ? (visible.queues = Date.now() - since) : undefined;
      }),
      poll('every infrastructure card Operational (GET /api/infrastructure)', deadline, async () => {
        const view = await get<InfrastructureResponse>('/api/infrastructure');
        const ok = SERVICES.every((name) => view.services.find((s) => s.service === name)?.state === 'operational');
        return ok ? (visible.infrastructure = Date.now() - since) : undefined;
      }),
      poll('the demo log lines (POST /api/query, logs)', deadline, async () => {
        const now = Date.now();
        const { results } = await get<QueryResponse>('/api/query', {
          method: 'POST',
          body: JSON.stringify({
            queries: [{ refId: 'L', queryType: 'logs', search: 'service:smtp-sink', limit: 10 }],
            range: { from: new Date(now - 600_000).toISOString(), to: new Date(now).toISOString() },
          }),
        });
        const frame = results.L?.frames[0] as { data?: { values?: unknown[][] } } | undefined;
        return (frame?.data?.values?.[0]?.length ?? 0) > 0 ? (visible.logs = Date.now() - since) : undefined;
      }),
    ]).catch(failWithLog);
    t.diagnostic(
      `newcomer: \`${command}\` answered after ${(upAfterMs / 1000).toFixed(0)} s (install and migrations); demo ` +
        `traffic visible after: queues ${visible.queues} ms, infrastructure ${visible.infrastructure} ms, ` +
        `logs ${visible.logs} ms`
    );
  }
);
