// `sysmon ingest` end to end against a running service (real PostgreSQL): a file shipped in batches, stopped
// mid-file and restarted from its offset state with nothing lost (at-least-once: at most the batch in flight is
// sent twice); follow mode across truncation and rotation; stdin through the real CLI.
import { serviceUnit } from '../src/units/service.ts';
import { logsUnit } from '../src/units/logs/index.ts';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { quoteIdent } from '../src/db/sql.ts';
import { parseIngestArgs, runShipper } from '../src/logs/shipperCli.ts';
import { readOffsetState } from '../src/logs/shipperSource.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import {
  dropSchema,
  randomSchema,
  randomSuffix,
  testConfig,
  testEnv,
  TEST_DATABASE_URL,
  TOKENS,
  waitFor,
} from './helpers.ts';

const linesOf = (service: string, from: number, to: number) =>
  Array.from(
    { length: to - from },
    (_, i) => `${JSON.stringify({ service, level: 'info', msg: `line ${from + i}` })}\n`
  ).join('');

describe('sysmon ingest against a running service', () => {
  const schema = randomSchema();
  const db = new pg.Client({ connectionString: TEST_DATABASE_URL });
  let server: RunningServer;
  let dir: string;

  before(async () => {
    server = await startServer(testConfig(schema), { migrate: true, units: [serviceUnit, logsUnit()] });
    await db.connect();
    dir = await mkdtemp(join(tmpdir(), 'sysmon-ingest-'));
  });
  after(async () => {
    await server?.close();
    await db.end();
    await dropSchema(schema);
    await rm(dir, { recursive: true, force: true });
  });

  const counts = async (service: string) => {
    const { rows } = await db.query<{ total: number; distinct: number }>(
      `SELECT count(*)::int AS total, count(DISTINCT message)::int AS distinct FROM ${quoteIdent(schema)}.logs WHERE service = $1`,
      [service]
    );
    return rows[0]!;
  };
  const options = (file: string | undefined, extra: string[] = []) =>
    parseIngestArgs([...(file ? [file] : []), '--url', server.url, ...extra], { SYSMON_INGEST_TOKEN: TOKENS.ingest });

  it('stopped mid-file and restarted, resumes at the acknowledged offset and loses nothing', async () => {
    const service = `ship-${randomSuffix()}`;
    const file = join(dir, `${service}.log`);
    await writeFile(file, linesOf(service, 0, 3_000));
    const stateFile = `${file}.sysmon-offset`;

    // First run: follow, stopped (reading and sending) as soon as some batches are acknowledged.
    const reading = new AbortController();
    const sending = new AbortController();
    const first = runShipper(options(file, ['--follow', '--batch-lines', '200', '--flush-ms', '50']), {
      signal: reading.signal,
      sendSignal: sending.signal,
      log: () => undefined,
    }).catch((error: unknown) => error);
    const state = await waitFor('a first acknowledged batch', async () => {
      const saved = await readOffsetState(stateFile).catch(() => undefined);
      return saved && saved.offset > 0 ? saved : undefined;
    });
    reading.abort();
    sending.abort(new Error('killed'));
    await first;
    const size = Buffer.byteLength(linesOf(service, 0, 3_000));
    const stopped = await readOffsetState(stateFile);
    assert.ok(
      stopped!.offset >= state.offset && stopped!.offset < size,
      `stopped mid-file at ${stopped!.offset} of ${size}`
    );
    const before = await counts(service);
    assert.ok(before.distinct < 3_000 && before.distinct > 0, `${before.distinct} lines shipped before the stop`);

    // The file grows while the shipper is down; the second run starts at the saved offset and reads to the end.
    await appendFile(file, linesOf(service, 3_000, 3_500));
    const summary = await runShipper(options(file, ['--batch-lines', '200']), { log: () => undefined });
    assert.equal((await readOffsetState(stateFile))!.offset, Buffer.byteLength(linesOf(service, 0, 3_500)));
    const afterRestart = await counts(service);
    assert.equal(afterRestart.distinct, 3_500, 'every line is stored');
    assert.ok(
      afterRestart.total - afterRestart.distinct <= 200,
      `at most one batch twice (${afterRestart.total} rows)`
    );
    assert.ok(summary.lines < 3_500, `the second run did not start over (${summary.lines} lines)`);
  });

  it('--follow ships new lines, then a truncated file from its start, then a rotated file', async () => {
    const service = `follow-${randomSuffix()}`;
    const file = join(dir, `${service}.log`);
    await writeFile(file, linesOf(service, 0, 10));
    const reading = new AbortController();
    const run = runShipper(options(file, ['--follow', '--flush-ms', '20']), {
      signal: reading.signal,
      log: () => undefined,
    });
    const seen = (n: number) => waitFor(`${n} lines`, async () => (await counts(service)).distinct >= n, 15_000);
    await seen(10);
    await appendFile(file, linesOf(service, 10, 20));
    await seen(20);
    await truncate(file, 0); // copytruncate
    await new Promise((resolve) => setTimeout(resolve, 600));
    await appendFile(file, linesOf(service, 20, 25));
    await seen(25);
    await rename(file, `${file}.1`); // rotation: the old file gets a last line, then a new file appears
    await appendFile(`${file}.1`, linesOf(service, 25, 26));
    await writeFile(file, linesOf(service, 26, 30));
    await seen(30);
    reading.abort();
    await run;
    assert.deepEqual(await counts(service), { total: 30, distinct: 30 });
  });

  it('the CLI ships stdin and reports the counts', async () => {
    const service = `stdin-${randomSuffix()}`;
    const child = spawn(process.execPath, ['bin/sysmon.js', 'ingest', '--url', server.url, '--service', service], {
      env: { ...process.env, ...testEnv(schema), SYSMON_INGEST_TOKEN: TOKENS.ingest },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdin.end(`plain line\n${JSON.stringify({ msg: 'json line', level: 'warn' })}\n[1]\n`);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, stderr);
    assert.match(stderr, /3 lines in 1 batches: 2 accepted \(0 truncated\), 1 rejected/);
    assert.deepEqual(await counts(service), { total: 2, distinct: 2 });
  });

  it('refuses to start without the token', () => {
    assert.throws(() => parseIngestArgs([], {}), /SYSMON_INGEST_TOKEN is not set/);
    assert.throws(() => parseIngestArgs(['--follow'], { SYSMON_INGEST_TOKEN: 'x' }), /--follow needs a file/);
  });
});
