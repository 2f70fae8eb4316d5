// `npm run bench:soak`: the service under a steady, realistic load for a long time — does it stay fast and stay small?
//  - The service (every unit, real PostgreSQL and Redis) in its own process (bench/serviceChild.ts), probing the
//    demo's SMTP sink and platform API like the stack's configuration does.
//  - The demo workload with `sysmon demo`'s defaults in another (bench/soakDemo.ts), shipping its own log lines.
//  - 50 viewers (open loop: each request at its time, whatever the last one did), each polling what the Queues and
//    Infrastructure pages poll at their intervals — GET /api/queues and GET /api/infrastructure every 5 s, the
//    queues' depth history every 30 s, drift and the services' sparklines every 60 s, the reputation every 60 s —
//    plus a dashboard of four query types (queues, services, the hour's log volume, the last lines) every 5 s.
//  - 5,000 log lines/s of NDJSON (500-line batches every 100 ms) on POST /api/logs/ingest.
// After a warm-up under the same load (not measured), p50/p99 per minute per request kind, and the service process's
// RSS (from /proc) every 5 s and the heap just after each major GC: the goals are RSS growth < 10 % (read on the
// samples' least-squares line) and a flat p99.
// Writes the section between the bench:soak markers of BENCHMARKS.md with --write (and prints it).
//   npm run bench:soak [-- --minutes 10 --warmup-seconds 30 --pollers 50 --lines-per-second 5000 --write]
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { createPool } from '../src/db/pool.ts';
import { freePort } from '../test/faults.ts';
import {
  bearer,
  deletePrefix,
  dropSchema,
  randomPrefix,
  randomSchema,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  testConfigFile,
  testEnv,
  TOKENS,
} from '../test/helpers.ts';
import { formatSection, writeSection } from './benchmarksFile.ts';
import { startChild, type MemoryAfterGc, type ServerChild, type ServiceChildConfig } from './childProtocol.ts';
import { httpRequest } from './load.ts';
import { benchLines } from './logsIngestLines.ts';
import type { SoakDemoChildConfig } from './soakDemo.ts';
import { leastSquares, median, percentile, summarize } from './stats.ts';

const START = '<!-- bench:soak:start -->';
const END = '<!-- bench:soak:end -->';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    'warmup-seconds': { type: 'string', default: '30' },
    pollers: { type: 'string', default: '50' },
    'lines-per-second': { type: 'string', default: '5000' },
    write: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
const USAGE = `Usage: npm run bench:soak -- [--minutes 10] [--warmup-seconds 30] [--pollers 50] [--lines-per-second 5000] [--write]
Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), REDIS_URL (default redis://127.0.0.1:6379).`;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const minutes = Number(values.minutes);
const warmupSeconds = Number(values['warmup-seconds']);
const pollers = Number(values.pollers);
const linesPerSecond = Number(values['lines-per-second']);
for (const [name, value, min] of [
  ['--minutes', minutes, 0.1],
  ['--warmup-seconds', warmupSeconds, 0],
  ['--pollers', pollers, 1],
  ['--lines-per-second', linesPerSecond, 0],
] as const) {
  if (!Number.isFinite(value) || value < min) {
    console.error(`${name}: expected a number >= ${min}\n${USAGE}`);
    process.exit(2);
  }
}

const BATCH_EVERY_MS = 100;
const BATCH_LINES = Math.round((linesPerSecond * BATCH_EVERY_MS) / 1_000);

/** What one viewer asks for, and how often (the pages' own intervals, src/constants.ts). */
interface Poll {
  kind: string;
  everyMs: number;
  request: () => { path: string; method?: string; body?: unknown };
}

const minutesAgo = (count: number) => new Date(Date.now() - count * 60_000).toISOString();

const POLLS: Poll[] = [
  { kind: 'queues', everyMs: 5_000, request: () => ({ path: '/api/queues' }) },
  { kind: 'infrastructure', everyMs: 5_000, request: () => ({ path: '/api/infrastructure' }) },
  {
    kind: 'query (4 types)',
    everyMs: 5_000,
    request: () => ({
      path: '/api/query',
      method: 'POST',
      body: {
        queries: [
          { refId: 'queues', queryType: 'queues' },
          { refId: 'services', queryType: 'services' },
          { refId: 'volume', queryType: 'log_volume', levels: ['error', 'fatal'] },
          { refId: 'lines', queryType: 'logs', limit: 100, search: 'level:>=warn' },
        ],
        range: { from: minutesAgo(60), to: new Date().toISOString() },
        intervalMs: 60_000,
        maxDataPoints: 60,
      },
    }),
  },
  {
    kind: 'queue history',
    everyMs: 30_000,
    request: () => ({
      path: `/api/queues/history?field=depth&groupBy=queue&maxPoints=120&from=${encodeURIComponent(minutesAgo(30))}`,
    }),
  },
  { kind: 'drift', everyMs: 60_000, request: () => ({ path: '/api/drift' }) },
  {
    kind: 'service history',
    everyMs: 60_000,
    request: () => ({
      path: `/api/infrastructure/history?maxPoints=48&from=${encodeURIComponent(minutesAgo(24 * 60))}`,
    }),
  },
  { kind: 'reputation', everyMs: 60_000, request: () => ({ path: '/api/reputation' }) },
];
const INGEST_KIND = 'ingest (NDJSON)';
const KINDS = [...POLLS.map((poll) => poll.kind), INGEST_KIND];
/** The kinds shown minute by minute (the others answer too rarely for a per-minute p99). */
const PER_MINUTE_KINDS = ['queues', 'infrastructure', 'query (4 types)', INGEST_KIND];

interface Sample {
  kind: string;
  /** When it was sent, ms since the measured run began (negative during the warm-up). */
  at: number;
  ms: number;
  /** HTTP status; 0 for a transport error or timeout. */
  status: number;
  ok: boolean;
}

/** The service process's resident set size in bytes (Linux /proc). */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  if (kb === undefined) {
    throw new Error(`no VmRSS in /proc/${pid}/status`);
  }
  return Number(kb) * 1024;
}

const mib = (bytes: number) => (Number.isFinite(bytes) ? (bytes / 1024 / 1024).toFixed(0) : '–');
const percent = (ratio: number) => (Number.isFinite(ratio) ? `${(ratio * 100).toFixed(1)} %` : 'not measured');
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 1 : 0) : '–');
const sleep = (delay: number) => new Promise((resolve) => setTimeout(resolve, delay));

interface SoakResult {
  samples: Sample[];
  rss: Array<{ at: number; bytes: number }>;
  /** The heap just after each of the service's major GCs, `at` from the start of the measured run. */
  afterGc: MemoryAfterGc[];
  rssReady: number;
  linesAcknowledged: number;
  ingestRejected: number;
}

async function soak(service: ServerChild): Promise<SoakResult> {
  const samples: Sample[] = [];
  const rss: Array<{ at: number; bytes: number }> = [];
  const afterGc: MemoryAfterGc[] = [];
  const rssReady = rssOf(service.pid);
  const headers = bearer(TOKENS.api);
  const viewers = new http.Agent({ keepAlive: true, maxSockets: pollers * 2 });
  const shippers = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const warmupMs = warmupSeconds * 1_000;
  const measureMs = minutes * 60_000;
  const origin = performance.now() + warmupMs;
  const deadline = origin + measureMs;
  const pending = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };

  const record = (kind: string, sent: number, work: Promise<{ status: number; ms: number }>) =>
    track(
      work.then(
        (result) => {
          const ok = result.status >= 200 && result.status < 300;
          samples.push({ kind, at: sent - origin, ms: result.ms, status: result.status, ok });
        },
        () => {
          samples.push({ kind, at: sent - origin, ms: performance.now() - sent, status: 0, ok: false });
        }
      )
    );

  // Open loop: each viewer's polls at their intervals from a staggered start; each request sent at its time.
  const viewer = async (index: number) => {
    const next = POLLS.map((poll) => performance.now() + (index * poll.everyMs) / pollers);
    while (performance.now() < deadline) {
      const due = Math.min(...next);
      await sleep(Math.max(0, due - performance.now()));
      const now = performance.now();
      if (now >= deadline) {
        break;
      }
      POLLS.forEach((poll, p) => {
        if (next[p]! <= now) {
          next[p]! += poll.everyMs;
          const { path, method, body } = poll.request();
          record(poll.kind, now, httpRequest(viewers, `${service.url}${path}`, { method, headers, body }));
        }
      });
    }
  };

  // 5,000 lines/s: a batch every 100 ms of lines timed within the second before it is sent, as a live stream's are
  // (lines all older than the run would leave the newest lines to the demo alone, and every "newest 100 warnings"
  // read would walk past more of them as the run goes on).
  const batchAt = (i: number, now: number) =>
    Buffer.from(`${benchLines(BATCH_LINES, (i % 40) + 1, now, BATCH_EVERY_MS * 10).join('\n')}\n`);
  let linesAcknowledged = 0;
  let ingestRejected = 0;
  const ship = async () => {
    if (BATCH_LINES === 0) {
      return;
    }
    for (let i = 0, next = performance.now(); next < deadline; i += 1, next += BATCH_EVERY_MS) {
      await sleep(Math.max(0, next - performance.now()));
      const sent = performance.now();
      const body = batchAt(i, Date.now());
      record(
        INGEST_KIND,
        sent,
        new Promise<{ status: number; ms: number }>((resolve, reject) => {
          const request = http.request(
            `${service.url}/api/logs/ingest`,
            {
              agent: shippers,
              method: 'POST',
              headers: { ...bearer(TOKENS.ingest), 'content-type': 'application/x-ndjson' },
              timeout: 60_000,
            },
            (response) => {
              let text = '';
              response.on('data', (chunk: Buffer) => (text += chunk.toString()));
              response.on('end', () => {
                if (response.statusCode === 200) {
                  const result = JSON.parse(text) as { accepted: number; rejected: number };
                  linesAcknowledged += result.accepted;
                  ingestRejected += result.rejected;
                }
                resolve({ status: response.statusCode ?? 0, ms: performance.now() - sent });
              });
              response.on('error', reject);
            }
          );
          request.on('timeout', () => request.destroy(new Error('ingest timeout')));
          request.on('error', reject);
          request.end(body);
        })
      );
    }
  };

  // RSS every 5 s, from the start of the measured run, and the heap after the major GCs since the last sample.
  const originEpoch = Date.now() + (origin - performance.now());
  const sampleMemory = async () => {
    rss.push({ at: performance.now() - origin, bytes: rssOf(service.pid) });
    const { majorGcs } = await service.stats();
    afterGc.push(...majorGcs.map((gc) => ({ ...gc, at: gc.at - originEpoch })));
  };
  const watchMemory = async () => {
    await sleep(Math.max(0, origin - performance.now()));
    await service.stats(); // forget the warm-up's collections
    while (performance.now() < deadline) {
      await sampleMemory();
      await sleep(5_000);
    }
    await sampleMemory();
  };

  // Progress once a minute.
  const progress = async () => {
    for (let minute = 1; minute <= Math.ceil(minutes); minute += 1) {
      await sleep(Math.max(0, origin + minute * 60_000 - performance.now()));
      const last = samples.filter((s) => s.at >= (minute - 1) * 60_000 && s.at < minute * 60_000);
      console.error(
        `bench:soak: minute ${minute}/${minutes}: ${last.length} requests, ${last.filter((s) => !s.ok).length} failed, ` +
          `service RSS ${mib(rssOf(service.pid))} MiB, load ${loadavg()[0]!.toFixed(2)}`
      );
    }
  };

  console.error(
    `bench:soak: ${warmupSeconds} s warm-up, then ${minutes} min measured: ${pollers} viewers, ${linesPerSecond} lines/s`
  );
  await Promise.all([...Array.from({ length: pollers }, (_, i) => viewer(i)), ship(), watchMemory(), progress()]);
  await Promise.all([...pending]);
  viewers.destroy();
  shippers.destroy();
  return { samples, rss, afterGc, rssReady, linesAcknowledged, ingestRejected };
}

/** How many failed and with what: "0", or "18 (429 ×18)" (status 0: no answer). */
function failures(samples: readonly Sample[]): string {
  const failed = samples.filter((sample) => !sample.ok);
  if (failed.length === 0) {
    return '0';
  }
  const byStatus = new Map<number, number>();
  for (const sample of failed) {
    byStatus.set(sample.status, (byStatus.get(sample.status) ?? 0) + 1);
  }
  const parts = [...byStatus].sort(([a], [b]) => a - b).map(([status, count]) => `${status || 'no answer'} ×${count}`);
  return `${failed.length} (${parts.join(', ')})`;
}

/** How often the bench vacuums and analyzes the service's tables when the server's autovacuum is off. */
const AUTOVACUUM_EVERY_MS = 30_000;

/**
 * A test server may run with autovacuum off (this machine's does); production runs it, and the service counts on
 * it: on the day's log partition (statistics as it fills, the visibility map for index-only scans) and on the
 * volume rollup's minutes (updated every 10 s, dead rows left behind). Without it, the planner takes the hour's
 * 200,000 warnings for 50 and reads and sorts them all, and each volume read wades through more dead rows, which no
 * production server would do. So with autovacuum off the bench does its work in its place: `VACUUM (ANALYZE)` of
 * every table of the schema, every AUTOVACUUM_EVERY_MS. Returns what the report says about it and a stop function.
 */
async function standInForAutovacuum(schema: string): Promise<{ note: string; stop(): Promise<void> }> {
  const pool = createPool(TEST_DATABASE_URL, { max: 1, applicationName: 'bench-soak-autovacuum' });
  const { rows } = await pool.query<{ autovacuum: string }>('SHOW autovacuum');
  if (rows[0]?.autovacuum === 'on') {
    await pool.end();
    return { note: "PostgreSQL's autovacuum kept the tables vacuumed and analyzed.", stop: async () => undefined };
  }
  const pass = async () => {
    const { rows: tables } = await pool.query<{ name: string }>(
      `SELECT format('%I.%I', schemaname, relname) AS name FROM pg_stat_user_tables WHERE schemaname = $1`,
      [schema]
    );
    for (const { name } of tables) {
      await pool.query(`VACUUM (ANALYZE) ${name}`);
    }
  };
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(pass).catch((error: Error) => console.error(`VACUUM: ${error.message}`));
  }, AUTOVACUUM_EVERY_MS);
  return {
    note: `This server runs with autovacuum off, so the bench ran \`VACUUM (ANALYZE)\` on every table of the service's schema (the log partitions, the volume rollup…) every ${AUTOVACUUM_EVERY_MS / 1_000} s in its place, as autovacuum does in production.`,
    stop: async () => {
      clearInterval(timer);
      await running;
      await pool.end();
    },
  };
}

function report(
  result: SoakResult,
  load: string,
  ended: string,
  statisticsNote: string
): { section: string; goalsMet: boolean } {
  const measured = result.samples.filter((sample) => sample.at >= 0);
  const minuteCount = Math.ceil(minutes);
  const ofKind = (kind: string, from = 0, to = Number.POSITIVE_INFINITY) =>
    measured.filter((s) => s.kind === kind && s.at >= from && s.at < to);
  const okMs = (samples: Sample[]) => samples.filter((s) => s.ok).map((s) => s.ms);
  const perMinute = Array.from({ length: minuteCount }, (_, m) => {
    const from = m * 60_000;
    const to = Math.min((m + 1) * 60_000, minutes * 60_000);
    const cells = PER_MINUTE_KINDS.map((kind) => {
      const latencies = okMs(ofKind(kind, from, to)).sort((a, b) => a - b);
      return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
    });
    const memory = result.rss.filter((point) => point.at >= from && point.at <= to + 5_000);
    return { minute: m + 1, cells, rss: memory.length > 0 ? memory[memory.length - 1]!.bytes : Number.NaN };
  });
  // RSS samples every 5 s land anywhere on the collector's sawtooth (150–250 MiB here, a period of minutes): medians
  // of the first and last two minutes moved by ±20 % between runs of the same code. The goal is read on the
  // least-squares line through every sample of the run; the JavaScript heap just after major GCs (what the process
  // retains) and the two windows' medians are shown beside it.
  const memoryWindowMs = Math.min(2, minutes / 2) * 60_000;
  const inWindow = <T extends { at: number }>(points: T[], from: number, to: number) =>
    points.filter((point) => point.at >= from && point.at <= to);
  const lastWindowFrom = minutes * 60_000 - memoryWindowMs;
  const growthOf = (start: number, end: number) => (end - start) / start;
  const trend = leastSquares(result.rss.map((point) => [point.at, point.bytes]));
  const trendStart = trend.intercept;
  const trendEnd = trend.intercept + trend.slope * minutes * 60_000;
  const growth = growthOf(trendStart, trendEnd);
  const afterGcFirst = inWindow(result.afterGc, 0, memoryWindowMs);
  const afterGcLast = inWindow(result.afterGc, lastWindowFrom, Number.POSITIVE_INFINITY);
  const afterGcChange = (field: 'heapUsed' | 'external') => {
    const first = median(afterGcFirst.map((gc) => gc[field]));
    const last = median(afterGcLast.map((gc) => gc[field]));
    return `${mib(first)} → ${mib(last)} MiB (${percent(growthOf(first, last))})`;
  };
  const samplesFirst = median(inWindow(result.rss, 0, memoryWindowMs).map((point) => point.bytes));
  const samplesLast = median(
    inWindow(result.rss, lastWindowFrom, Number.POSITIVE_INFINITY).map((point) => point.bytes)
  );
  const rssPeak = Math.max(...result.rss.map((point) => point.bytes));
  // Flat p99: the last two minutes' p99 within 1.5× of the first two minutes' (or within 5 ms of it), every kind.
  const window = Math.min(2, Math.max(1, Math.floor(minuteCount / 2)));
  const flat = PER_MINUTE_KINDS.map((kind) => {
    const first = percentile(
      okMs(ofKind(kind, 0, window * 60_000)).sort((a, b) => a - b),
      99
    );
    const last = percentile(
      okMs(ofKind(kind, (minutes - window) * 60_000)).sort((a, b) => a - b),
      99
    );
    return { kind, first, last, flat: last <= Math.max(first * 1.5, first + 5) };
  });
  const goalsMet = Number.isFinite(growth) && growth < 0.1 && flat.every((entry) => entry.flat);
  const seconds = minutes * 60;
  const section = [
    START,
    '## Soak (`npm run bench:soak`)',
    '',
    `Measured ${ended} with \`npm run bench:soak -- --minutes ${minutes}${warmupSeconds !== 30 ? ` --warmup-seconds ${warmupSeconds}` : ''}${pollers !== 50 ? ` --pollers ${pollers}` : ''}${linesPerSecond !== 5000 ? ` --lines-per-second ${linesPerSecond}` : ''} --write\` on this 2-core machine (load average ${load} at the start; the load generator, the service, the demo, PostgreSQL and Redis all share the two cores).`,
    '',
    `The service (every unit) in its own process, probing the demo's SMTP sink and platform API; the demo workload with \`sysmon demo\`'s defaults in another, shipping its own lines; ${pollers} viewers each polling what the Queues and Infrastructure pages poll at the pages' intervals (queues and infrastructure every 5 s, the depth history every 30 s, drift, sparklines and reputation every 60 s) plus a dashboard of four query types (queues, services, the hour's error volume, the last warnings) every 5 s, open loop; and ${linesPerSecond.toLocaleString('en-US')} log lines/s of NDJSON (${BATCH_LINES}-line batches every ${BATCH_EVERY_MS} ms). ${warmupSeconds} s of warm-up under the same load come first and are not counted. ${statisticsNote}`,
    '',
    `Per minute, p50 / p99 ms (successful answers) and the service's RSS at the minute's end:`,
    '',
    `| minute | ${PER_MINUTE_KINDS.join(' | ')} | service RSS MiB |`,
    `| ---: | ${PER_MINUTE_KINDS.map(() => '---:').join(' | ')} | ---: |`,
    ...perMinute.map(
      (row) =>
        `| ${row.minute} | ${row.cells.map((cell) => `${ms(cell.p50)} / ${ms(cell.p99)}`).join(' | ')} | ${mib(row.rss)} |`
    ),
    '',
    'The whole measured run:',
    '',
    '| request | every | answered | p50 ms | p99 ms | max ms | failed |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...KINDS.map((kind) => {
      const samples = ofKind(kind);
      const summary = summarize(okMs(samples));
      const every =
        kind === INGEST_KIND ? `${BATCH_EVERY_MS} ms` : `${POLLS.find((p) => p.kind === kind)!.everyMs / 1_000} s`;
      return `| ${kind} | ${every} | ${summary.count} | ${ms(summary.p50)} | ${ms(summary.p99)} | ${ms(summary.max)} | ${failures(samples)} |`;
    }),
    '',
    `Log lines acknowledged: ${result.linesAcknowledged.toLocaleString('en-US')} (${Math.round(result.linesAcknowledged / (seconds + warmupSeconds)).toLocaleString('en-US')}/s over warm-up and run; ${result.ingestRejected} rejected).`,
    '',
    `**Memory.** The service's RSS was ${mib(result.rssReady)} MiB when it was ready (idle). Over the measured run, the least-squares line through its ${result.rss.length} samples (every 5 s) goes from ${mib(trendStart)} to ${mib(trendEnd)} MiB: growth **${percent(growth)}** (goal < 10 %: ${Number.isFinite(growth) && growth < 0.1 ? 'met' : 'not met'}). Just after major garbage collections (medians of ${afterGcFirst.length} in the first ${memoryWindowMs / 60_000} minutes and ${afterGcLast.length} in the last ${memoryWindowMs / 60_000}): the JavaScript heap in use ${afterGcChange('heapUsed')}, Buffers and other memory V8 tracks outside it ${afterGcChange('external')}. The samples swing with the collector's sawtooth (peak ${mib(rssPeak)} MiB); their medians over the same two windows: ${mib(samplesFirst)} → ${mib(samplesLast)} MiB (${percent(growthOf(samplesFirst, samplesLast))}).`,
    '',
    `**Latency over time.** p99 of the first ${window} minute${window === 1 ? '' : 's'} → the last ${window}: ${flat
      .map((entry) => `${entry.kind} ${ms(entry.first)} → ${ms(entry.last)} ms`)
      .join('; ')} (flat: within 1.5× or 5 ms; goal: flat — ${
      flat.every((entry) => entry.flat)
        ? 'met'
        : `not met for ${flat
            .filter((entry) => !entry.flat)
            .map((entry) => entry.kind)
            .join(', ')}`
    }). Failed requests: ${failures(measured)}.`,
    END,
  ].join('\n');
  return { section, goalsMet };
}

async function main(): Promise<void> {
  const load = loadavg()[0]!.toFixed(2);
  const schema = randomSchema();
  const prefix = randomPrefix('soak');
  const [smtpPort, apiPort] = [await freePort(), await freePort()];
  const probes = [
    { name: 'smtp', label: 'SMTP', kind: 'smtp', host: '127.0.0.1', port: smtpPort, starttls: 'optional' },
    { name: 'api', label: 'API', kind: 'http', url: `http://127.0.0.1:${apiPort}/healthz` },
    { name: 'postgres', label: 'PostgreSQL', kind: 'postgres' },
    { name: 'redis', label: 'Redis', kind: 'redis' },
    { name: 'workers', label: 'Workers', kind: 'workers' },
  ].map((probe) => ({ ...probe, intervalMs: 10_000 }));
  const tiers = { 'email-sending': 'high', 'warmup-processing': 'normal', 'analytics-aggregation': 'low' };
  const configYaml = testConfigFile(
    schema,
    `  prefixes: [${prefix}]\n  tiers: ${JSON.stringify(tiers)}\nprobes: ${JSON.stringify(probes)}\n`
  );
  let service: ServerChild | undefined;
  let demo: ServerChild | undefined;
  try {
    service = await startChild('serviceChild.ts', {
      env: testEnv(schema, { LOG_LEVEL: 'warn' }),
      configYaml,
    } satisfies ServiceChildConfig);
    demo = await startChild('soakDemo.ts', {
      databaseUrl: TEST_DATABASE_URL,
      redisUrl: TEST_REDIS_URL,
      ledgerTable: `${schema}.job_ledger`,
      prefix,
      smtpPort,
      apiPort,
      serviceUrl: service.url,
      ingestToken: TOKENS.ingest,
    } satisfies SoakDemoChildConfig);
    const statistics = await standInForAutovacuum(schema);
    const result = await soak(service).finally(() => statistics.stop());
    const { section: raw, goalsMet } = report(result, load, new Date().toISOString(), statistics.note);
    const section = await formatSection(raw);
    console.log(section);
    if (values.write) {
      writeSection(section, START, END);
    }
    if (!goalsMet) {
      console.error('bench:soak: a goal was not met (see above)');
    }
  } finally {
    await demo?.close();
    await service?.close();
    const redis = new Redis(TEST_REDIS_URL);
    await deletePrefix(redis, prefix).catch(() => undefined);
    redis.disconnect();
    await dropSchema(schema);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
