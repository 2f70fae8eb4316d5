// The `sysmon` command as operators run it: a child process with env and a config file.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CORE_MIGRATIONS, loadMigrations } from '../src/db/migrate.ts';
import { defaultUnits } from '../src/server.ts';
import { dropSchema, randomSchema, testConfigFile, testEnv, TOKENS } from './helpers.ts';

const SYSMON = fileURLToPath(new URL('../bin/sysmon.js', import.meta.url));
const tmp = mkdtempSync(path.join(tmpdir(), 'sysmon-cli-'));

function writeConfig(name: string, text: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
}

function sysmon(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [SYSMON, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function run(
  args: string[],
  env: Record<string, string>
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = sysmon(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

/** Collects JSON log lines and resolves waiters when a line with the given msg appears. */
function logWatcher(child: ChildProcess) {
  const lines: Array<Record<string, unknown>> = [];
  const waiters: Array<{ msg: string; resolve: (line: Record<string, unknown>) => void }> = [];
  createInterface({ input: child.stdout! }).on('line', (text) => {
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    lines.push(line);
    for (const waiter of waiters.filter((w) => w.msg === line.message)) {
      waiter.resolve(line);
    }
  });
  return {
    lines,
    waitFor(msg: string, timeoutMs = 15_000): Promise<Record<string, unknown>> {
      const seen = lines.find((line) => line.message === msg);
      if (seen) {
        return Promise.resolve(seen);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${msg}" log line within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ msg, resolve: (line) => (clearTimeout(timer), resolve(line)) });
      });
    },
  };
}

describe('sysmon CLI', () => {
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('prints usage on stderr and exits 2 for an unknown command', async () => {
    const result = await run(['frobnicate'], {});
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown command: frobnicate/);
    assert.match(result.stderr, /Usage: sysmon <command>/);
  });

  it('--help prints usage on stdout and exits 0', async () => {
    const result = await run(['--help'], {});
    assert.equal(result.code, 0);
    assert.match(result.stdout, /serve \[--migrate\]/);
  });

  it('serve with a bad config file exits non-zero naming the key, without printing tokens', async () => {
    const schema = randomSchema();
    const config = writeConfig('bad.yaml', 'queues:\n  ledgerTable: "public.job ledger"\n');
    const result = await run(['serve'], { ...testEnv(schema), SYSMON_CONFIG: config });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^invalid configuration: queues\.ledgerTable: /m);
    for (const token of Object.values(TOKENS)) {
      assert.ok(!`${result.stderr}${result.stdout}`.includes(token));
    }
  });

  it('serve without the operator token exits non-zero naming it', async () => {
    const env = testEnv(randomSchema());
    delete env.SYSMON_OPERATOR_TOKEN;
    const result = await run(['serve'], env);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /invalid configuration: SYSMON_OPERATOR_TOKEN: required by serve/);
  });

  describe('migrate and serve', () => {
    const schema = randomSchema();
    const env = {
      ...testEnv(schema, { LOG_LEVEL: 'info' }),
      SYSMON_CONFIG: writeConfig('ok.yaml', testConfigFile(schema, 'server:\n  shutdownTimeoutMs: 8000\n')),
    };
    after(async () => dropSchema(schema));

    it('migrate applies the migrations, then reports the database up to date', async () => {
      const first = await run(['migrate'], env);
      assert.equal(first.code, 0, first.stderr);
      // Every migration the core and the units ship (test/migrate.test.ts checks that list), in order.
      const shipped = await loadMigrations([
        CORE_MIGRATIONS,
        ...defaultUnits().flatMap((unit) => (unit.migrations ? [unit.migrations] : [])),
      ]);
      assert.ok(
        first.stdout.includes(`"applied":${JSON.stringify(shipped.map((migration) => migration.id))}`),
        first.stdout
      );
      const second = await run(['migrate'], env);
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /"applied":\[\].*"message":"database is up to date"/);
    });

    it('exits 0 on SIGTERM after finishing the request in flight, refusing new connections', async () => {
      const child = sysmon(['serve'], env);
      let stderr = '';
      child.stderr!.on('data', (chunk) => (stderr += chunk));
      const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
      const logs = logWatcher(child);
      try {
        const { url } = (await logs.waitFor('sysmon service listening')) as { url: string };

        // Start a request and send only half of its body, so it is in flight when SIGTERM arrives.
        const body = JSON.stringify({ queries: [{ refId: 'A', queryType: 'health' }] });
        const request = http.request(`${url}/api/query`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${TOKENS.api}`,
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
          },
        });
        const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
          request.on('response', (res) => {
            let text = '';
            res.on('data', (chunk) => (text += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          });
          request.on('error', reject);
        });
        request.write(body.slice(0, 10));
        await new Promise((resolve) => setTimeout(resolve, 300));

        const signalledAt = Date.now();
        child.kill('SIGTERM');
        await logs.waitFor('shutting down: no new connections, waiting for in-flight requests');
        await assert.rejects(fetch(`${url}/healthz`), 'new connections are refused while draining');

        request.end(body.slice(10));
        const result = await response;
        assert.equal(result.status, 200);
        const parsed = JSON.parse(result.text) as {
          results: { A: { frames: Array<{ data: { values: unknown[][] } }> } };
        };
        assert.deepEqual(parsed.results.A.frames[0]?.data.values[1], ['up', 'up']);

        const [code, signal] = await exited;
        assert.equal(signal, null);
        assert.equal(code, 0, stderr);
        assert.ok(Date.now() - signalledAt < 3_000, 'exits without waiting for the shutdown timeout');
        assert.ok(logs.lines.some((line) => line.message === 'shutdown complete'));
      } finally {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGKILL');
        }
      }
    });
  });
});
