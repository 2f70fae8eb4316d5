// `npm run bench:queues`: the queue overview and bulk retry of our service against bull-board, on one fixture of
// 60 queues / 1,000,000 jobs (fixture.ts). See USAGE in options.ts and the BENCHMARKS.md section it writes.
// Per run: our service (startServer in a child process) - cold sequential overviews, one cold call under MONITOR,
// 50 pollers, then the 100k retry through its operator endpoint with a PING probe; bull-board (another child) -
// one call under MONITOR, 50 pollers; then BullMQ's own retryJobs with a PING probe. The fixture is built once,
// verified with BullMQ's getJobCounts, the retry queues restored between runs, and everything deleted at the end.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import * as prettier from 'prettier';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { quoteIdent } from '../src/db/sql.ts';
import { discoverQueues } from '../src/queues/bullmq/index.ts';
import { startChild, type ServerChild } from './childProtocol.ts';
import {
  buildFixture,
  deleteFixture,
  randomFixturePrefix,
  restoreRetryQueue,
  verifyFixture,
  type FixtureHandle,
} from './fixture.ts';
import { planFixture, type QueuePlan } from './fixturePlan.ts';
import { httpRequest, pollConcurrently } from './load.ts';
import { monitorDuring } from './monitor.ts';
import { DEFAULT_WRITE_PATH, parseOptions, USAGE, UsageError, type BenchOptions } from './options.ts';
import { startPingProbe } from './pingProbe.ts';
import { startPrivateRedis, type PrivateRedis } from './privateRedis.ts';
import {
  renderSection,
  renderText,
  replaceSection,
  type BenchReport,
  type FixtureReport,
  type MachineFacts,
  type OverviewSide,
  type RetryResult,
  type RunResult,
} from './report.ts';
import { commandDelta, parseCommandStats, parseRedisCpuSeconds, summarize, topCommands, totalCalls } from './stats.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const require = createRequire(import.meta.url);
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

interface Context {
  options: BenchOptions;
  redis: Redis;
  redisUrl: string;
  redisHost: string;
  redisPort: number;
  connection: ConnectionOptions;
  fixture: FixtureHandle;
  expectedJobs: number;
  schema: string;
  tokens: { api: string; operator: string; ingest: string };
  agent: http.Agent;
}

const token = () => randomBytes(24).toString('hex');
const bearer = (value: string) => ({ authorization: `Bearer ${value}` });

async function commandStats(redis: Redis): Promise<Map<string, number>> {
  return parseCommandStats(await redis.info('commandstats'));
}

async function redisCpuSeconds(redis: Redis): Promise<number> {
  return parseRedisCpuSeconds(await redis.info('cpu'));
}

async function getJson<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, { headers });
  if (!res.ok) {
    throw new Error(`GET ${url}: HTTP ${res.status} ${await res.text()}`);
  }
  return (await res.json()) as T;
}

async function post(ctx: Context, url: string, body: unknown): Promise<{ status: number; ms: number; text: string }> {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...bearer(ctx.tokens.operator), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, ms: performance.now() - started, text };
}

/** Jobs the service's overview shows, summed over queues and states (to check it sees the whole fixture). */
function jobsInOverview(body: { queues: Array<{ counts: Record<string, number> }> }): number {
  return body.queues.reduce(
    (sum, queue) => sum + Object.values(queue.counts).reduce((total, count) => total + Number(count), 0),
    0
  );
}

async function startService(ctx: Context): Promise<ServerChild> {
  return startChild('serviceProcess.ts', {
    redisPort: ctx.redisPort,
    env: {
      DATABASE_URL: ctx.options.databaseUrl,
      REDIS_URL: ctx.redisUrl,
      SYSMON_API_TOKEN: ctx.tokens.api,
      SYSMON_OPERATOR_TOKEN: ctx.tokens.operator,
      SYSMON_INGEST_TOKEN: ctx.tokens.ingest,
      SYSMON_PORT: '0',
      SYSMON_HOST: '127.0.0.1',
      // The production default; the child's stdout goes nowhere.
      LOG_LEVEL: 'info',
      SYSMON_SCHEMA: ctx.schema,
    },
    configYaml: `queues:\n  prefixes: [${JSON.stringify(ctx.fixture.prefix)}]\n  ledgerTable: ${ctx.schema}.job_ledger\n`,
  });
}

/** Load + commandstats + round trips for one server; `url` is polled with `headers`. */
async function measureLoad(
  ctx: Context,
  child: ServerChild,
  url: string,
  headers: Record<string, string>,
  single: OverviewSide['single']
): Promise<OverviewSide> {
  const statsBefore = await commandStats(ctx.redis);
  const redisCpuBefore = await redisCpuSeconds(ctx.redis);
  const childBefore = await child.stats();
  const load = await pollConcurrently(url, headers, ctx.options.pollers, ctx.options.durationS * 1000);
  const childAfter = await child.stats();
  const redisCpuAfter = await redisCpuSeconds(ctx.redis);
  const delta = commandDelta(statsBefore, await commandStats(ctx.redis));
  const served = Math.max(1, load.ok);
  return {
    load,
    commandsPerOverview: totalCalls(delta) / served,
    roundTripsPerOverview: (childAfter.writes - childBefore.writes) / served,
    topCommands: topCommands(delta),
    serverCpuMsPerOverview: (childAfter.cpuMs - childBefore.cpuMs) / served,
    redisCpuMsPerOverview: ((redisCpuAfter - redisCpuBefore) * 1000) / served,
    single,
  };
}

/** One call under MONITOR, with the server's socket writes counted around it. */
async function singleCall(
  ctx: Context,
  child: ServerChild,
  url: string,
  headers: Record<string, string>
): Promise<OverviewSide['single']> {
  let ms = 0;
  let roundTrips = 0;
  let commands = 0;
  const monitor = await monitorDuring(
    ctx.redis,
    ctx.fixture.prefix,
    async () => (await child.stats()).localPorts,
    async () => {
      const statsBefore = await commandStats(ctx.redis);
      const before = (await child.stats()).writes;
      const result = await httpRequest(ctx.agent, url, { headers });
      if (result.status !== 200) {
        throw new Error(`GET ${url}: HTTP ${result.status}`);
      }
      ms = result.ms;
      roundTrips = (await child.stats()).writes - before;
      commands = totalCalls(commandDelta(statsBefore, await commandStats(ctx.redis)));
    }
  );
  return { ms, roundTrips, commands, monitor };
}

async function countsOf(ctx: Context, name: string): Promise<{ failed: number; waiting: number }> {
  const queue = new Queue(name, { connection: ctx.connection, prefix: ctx.fixture.prefix, skipMetasUpdate: true });
  try {
    const counts = await queue.getJobCounts('failed', 'waiting');
    return { failed: counts.failed ?? 0, waiting: counts.waiting ?? 0 };
  } finally {
    await queue.close();
  }
}

async function measureRetry(ctx: Context, plan: QueuePlan, retry: () => Promise<number>): Promise<RetryResult> {
  const probe = await startPingProbe(ctx.redisUrl, 5);
  const started = performance.now();
  let retried = 0;
  let failure: unknown;
  try {
    retried = await retry();
  } catch (error) {
    failure = error;
  }
  const ms = performance.now() - started;
  // The probe is stopped whatever happened, so no process is left behind.
  const ping = await probe.stop();
  if (failure !== undefined) {
    throw failure;
  }
  const after = await countsOf(ctx, plan.name);
  return { ms, retried, failedAfter: after.failed, waitingAfter: after.waiting, ping };
}

async function runOnce(ctx: Context, runIndex: number): Promise<RunResult> {
  const { options, fixture } = ctx;
  const loadAverage = os.loadavg();
  log(`run ${runIndex + 1}/${options.runs}: load average ${loadAverage.map((v) => v.toFixed(2)).join(' ')}`);
  const retryService = fixture.plans.find((plan) => plan.role === 'retry-service')!;
  const retryBullmq = fixture.plans.find((plan) => plan.role === 'retry-bullmq')!;
  const pausedQueue = fixture.plans.find((plan) => plan.paused && plan.version === 6)!;

  const discoveryStarted = performance.now();
  const discovered = await discoverQueues(ctx.redis, [fixture.prefix]);
  const discoveryMs = performance.now() - discoveryStarted;
  if (discovered.length !== fixture.plans.length) {
    throw new Error(`discovery found ${discovered.length} queues, expected ${fixture.plans.length}`);
  }

  // --- our service ---
  const service = await startService(ctx);
  const overviewUrl = `${service.url}/api/queues`;
  const readHeaders = bearer(ctx.tokens.api);
  let ours: OverviewSide;
  let cold;
  let retryServiceResult: RetryResult;
  try {
    const first = await getJson<{ queues: Array<{ counts: Record<string, number> }> }>(overviewUrl, readHeaders);
    if (first.queues.length !== fixture.plans.length || jobsInOverview(first) !== ctx.expectedJobs) {
      throw new Error(
        `service overview shows ${first.queues.length} queues / ${jobsInOverview(first)} jobs, expected ${fixture.plans.length} / ${ctx.expectedJobs}`
      );
    }
    // Pausing an already paused queue changes nothing in Redis but invalidates the snapshot cache (every action does).
    const invalidate = async () => {
      const result = await post(ctx, `${service.url}/api/queues/${pausedQueue.name}/pause`, {});
      if (result.status !== 200) {
        throw new Error(`pause ${pausedQueue.name}: HTTP ${result.status} ${result.text}`);
      }
    };
    const coldLatencies: number[] = [];
    for (let i = 0; i < options.coldCalls; i += 1) {
      await invalidate();
      const result = await httpRequest(ctx.agent, overviewUrl, { headers: readHeaders });
      if (result.status !== 200) {
        throw new Error(`cold overview: HTTP ${result.status}`);
      }
      coldLatencies.push(result.ms);
    }
    cold = summarize(coldLatencies);
    log(`  sysmon cold overview p50 ${cold.p50.toFixed(1)} ms p99 ${cold.p99.toFixed(1)} ms`);
    await invalidate();
    const single = await singleCall(ctx, service, overviewUrl, readHeaders);
    ours = await measureLoad(ctx, service, overviewUrl, readHeaders, single);
    log(
      `  sysmon load: ${ours.load.ok} ok, p50 ${ours.load.latency.p50.toFixed(1)} ms p99 ${ours.load.latency.p99.toFixed(1)} ms, ${ours.commandsPerOverview.toFixed(2)} commands/overview`
    );

    retryServiceResult = await measureRetry(ctx, retryService, async () => {
      const result = await post(ctx, `${service.url}/api/queues/${retryService.name}/retry-failed`, {
        count: options.spec.retryFailed,
      });
      if (result.status !== 200) {
        throw new Error(`retry-failed: HTTP ${result.status} ${result.text}`);
      }
      return (JSON.parse(result.text) as { retried: number }).retried;
    });
    log(
      `  sysmon retry-failed: ${retryServiceResult.retried} in ${retryServiceResult.ms.toFixed(0)} ms, worst PING ${retryServiceResult.ping.latency.max.toFixed(1)} ms`
    );
  } finally {
    await service.close();
  }

  // --- bull-board ---
  const board = await startChild('bullBoardProcess.ts', {
    redisHost: ctx.redisHost,
    redisPort: ctx.redisPort,
    prefix: fixture.prefix,
    queues: fixture.plans.map((plan) => plan.name),
  });
  let bullBoard: OverviewSide;
  try {
    const boardUrl = `${board.url}/api/queues`;
    // The first call opens the Queue objects' connections.
    const first = await getJson<{ queues: Array<{ counts: Record<string, number> }> }>(boardUrl);
    if (first.queues.length !== fixture.plans.length) {
      throw new Error(`bull-board shows ${first.queues.length} queues, expected ${fixture.plans.length}`);
    }
    const single = await singleCall(ctx, board, boardUrl, {});
    bullBoard = await measureLoad(ctx, board, boardUrl, {}, single);
    log(
      `  bull-board load: ${bullBoard.load.ok} ok, p50 ${bullBoard.load.latency.p50.toFixed(1)} ms p99 ${bullBoard.load.latency.p99.toFixed(1)} ms, ${bullBoard.commandsPerOverview.toFixed(1)} commands/overview`
    );
  } finally {
    await board.close();
  }

  // --- BullMQ's own retryJobs, for comparison ---
  const queue = new Queue(retryBullmq.name, {
    connection: ctx.connection,
    prefix: fixture.prefix,
    skipMetasUpdate: true,
  });
  let retryBullmqResult: RetryResult;
  try {
    await queue.waitUntilReady();
    const before = await countsOf(ctx, retryBullmq.name);
    retryBullmqResult = await measureRetry(ctx, retryBullmq, async () => {
      await queue.retryJobs({ state: 'failed' });
      return before.failed;
    });
    log(
      `  BullMQ retryJobs: ${retryBullmqResult.waitingAfter} in ${retryBullmqResult.ms.toFixed(0)} ms, worst PING ${retryBullmqResult.ping.latency.max.toFixed(1)} ms`
    );
  } finally {
    await queue.close();
  }

  return {
    ours,
    bullBoard,
    cold,
    discoveryMs,
    retryService: retryServiceResult,
    retryBullmq: retryBullmqResult,
    loadAverage,
  };
}

/** The command line as typed, quoting arguments that need it for a POSIX shell. */
export function benchCommand(argv: readonly string[]): string {
  const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
  return `npm run bench:queues${argv.length > 0 ? ` -- ${argv.map(quote).join(' ')}` : ''}`;
}

/** The installed version of a package (found from its entry point: not every package exports package.json). */
function packageVersion(name: string): string {
  try {
    let dir = path.dirname(require.resolve(name));
    while (dir !== path.dirname(dir)) {
      const file = path.join(dir, 'package.json');
      if (existsSync(file)) {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === name && pkg.version) {
          return pkg.version;
        }
      }
      dir = path.dirname(dir);
    }
  } catch {
    // fall through
  }
  return 'unknown';
}

async function machineFacts(redis: Redis, databaseUrl: string): Promise<MachineFacts> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
  await client.end();
  const info = await redis.info('server');
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown',
    postgres: rows[0]?.server_version ?? 'unknown',
    os: `${os.type()} ${os.release()}`,
    bullmq: packageVersion('bullmq'),
    bullBoard: packageVersion('@bull-board/api'),
  };
}

async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}

export async function runBenchmark(options: BenchOptions, argv: readonly string[]): Promise<BenchReport> {
  const startedAt = new Date().toISOString();
  let privateRedis: PrivateRedis | undefined;
  if (!options.redisUrl) {
    privateRedis = await startPrivateRedis();
    log(`private redis-server ${privateRedis.version} on port ${privateRedis.port}`);
  }
  const redisUrl = options.redisUrl ?? privateRedis!.url;
  const parsed = new URL(redisUrl);
  const redisHost = parsed.hostname;
  const redisPort = Number(parsed.port || 6379);
  const redis = new Redis(redisUrl, { connectionName: 'sysmon-bench' });
  const schema = `sysmon_bench_${randomBytes(4).toString('hex')}`;
  const prefix = randomFixturePrefix();
  const plans = planFixture(options.spec);
  const connection: ConnectionOptions = { host: redisHost, port: redisPort, maxRetriesPerRequest: null };
  let fixture: FixtureHandle | undefined;
  const agent = new http.Agent({ keepAlive: true });
  try {
    const machine = await machineFacts(redis, options.databaseUrl);
    log(`building the fixture under ${prefix}: ${plans.length} queues, ${options.spec.totalJobs} jobs`);
    const built = await buildFixture({ redis, connection, prefix, plans, log });
    fixture = built.fixture;
    const verifyStarted = performance.now();
    const verification = await verifyFixture(connection, fixture);
    const verifyMs = performance.now() - verifyStarted;
    if (verification.problems.length > 0) {
      throw new Error(`the fixture is not what was planned:\n${verification.problems.join('\n')}`);
    }
    log(
      `fixture built in ${(built.timings.totalMs / 1000).toFixed(1)} s; BullMQ sees ${verification.jobs} jobs: ${JSON.stringify(verification.totals)}`
    );
    const memory = await redis.info('memory');
    const fixtureReport: FixtureReport = {
      prefix,
      queues: verification.queues,
      jobs: verification.jobs,
      totals: verification.totals,
      buildMs: built.timings.totalMs,
      buildBreakdown: {
        'template jobs by real v5 and v6 workers': built.timings.templatesMs,
        'addBulk (waiting, prioritized, delayed)': built.timings.addBulkMs,
        'pipelined writes (completed, failed, metrics)': built.timings.directWritesMs,
        'hanging workers take their active jobs': built.timings.workersMs,
      },
      verifyMs,
      redisKeys: await redis.dbsize(),
      redisMemoryHuman: /used_memory_human:(\S+)/.exec(memory)?.[1] ?? 'unknown',
    };

    const ctx: Context = {
      options,
      redis,
      redisUrl,
      redisHost,
      redisPort,
      connection,
      fixture,
      expectedJobs: verification.jobs,
      schema,
      tokens: { api: token(), operator: token(), ingest: token() },
      agent,
    };
    const runs: RunResult[] = [];
    for (let i = 0; i < options.runs; i += 1) {
      runs.push(await runOnce(ctx, i));
      if (i < options.runs - 1) {
        for (const plan of plans.filter((p) => p.role !== 'regular')) {
          await restoreRetryQueue(redis, fixture, plan);
        }
      }
    }

    await fixture.stopWorkers();
    const deleted = await deleteFixture(redis, prefix);
    fixture = undefined;
    fixtureReport.deleteMs = deleted.ms;
    fixtureReport.deletedKeys = deleted.keys;
    log(`fixture deleted: ${deleted.keys} keys in ${(deleted.ms / 1000).toFixed(1)} s`);

    return {
      startedAt,
      command: benchCommand(argv),
      quick: options.quick,
      pollers: options.pollers,
      durationS: options.durationS,
      coldCalls: options.coldCalls,
      retryCount: options.spec.retryFailed,
      machine: {
        ...machine,
        redis: `${machine.redis}${privateRedis ? ' (a private redis-server started by the benchmark)' : ''}`,
      },
      note: options.note,
      fixture: fixtureReport,
      runs,
    };
  } finally {
    agent.destroy();
    if (fixture) {
      await fixture.stopWorkers().catch(() => undefined);
      await deleteFixture(redis, prefix).catch((error: unknown) => log(`fixture NOT deleted: ${String(error)}`));
    }
    await dropSchema(options.databaseUrl, schema).catch((error: unknown) =>
      log(`schema ${schema} NOT dropped: ${String(error)}`)
    );
    redis.disconnect();
    await privateRedis?.stop();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let options: BenchOptions;
  try {
    options = parseOptions(argv, process.env);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      process.exit(2);
    }
    throw error;
  }
  const report = await runBenchmark(options, argv);
  process.stdout.write(`${renderText(report)}\n`);
  if (options.jsonPath) {
    writeFileSync(
      path.resolve(process.env.INIT_CWD ?? process.cwd(), options.jsonPath),
      JSON.stringify(report, null, 2)
    );
  }
  if (options.writePath) {
    const target =
      options.writePath === DEFAULT_WRITE_PATH
        ? path.join(repoRoot, 'BENCHMARKS.md')
        : path.resolve(process.env.INIT_CWD ?? process.cwd(), options.writePath);
    const current = existsSync(target) ? readFileSync(target, 'utf8') : '# Benchmarks\n';
    // Formatted like every other file in the repository, so `npm run lint` stays green after a rerun.
    const markdown = await prettier.format(replaceSection(current, renderSection(report)), {
      ...(await prettier.resolveConfig(target)),
      filepath: target,
    });
    writeFileSync(target, markdown);
    log(`wrote ${target}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `bench:queues failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`
    );
    process.exit(1);
  });
}
