// The benchmark's results, their medians over runs, the stdout table and the BENCHMARKS.md section (pure).
import type { LoadResult } from './load.ts';
import type { MonitorCount } from './monitor.ts';
import type { PingReport } from './pingProbe.ts';
import { median, type LatencySummary } from './stats.ts';

export interface OverviewSide {
  load: LoadResult;
  /** INFO commandstats delta over the load window / overviews served (all commands, including those in scripts). */
  commandsPerOverview: number;
  /** The server process's socket writes to Redis over the load window / overviews served. */
  roundTripsPerOverview: number;
  topCommands: string[];
  /** CPU time of the server process over the load window / overviews served (ms). */
  serverCpuMsPerOverview: number;
  /** Redis CPU time (INFO cpu) over the load window / overviews served (ms). */
  redisCpuMsPerOverview: number;
  /** One cold call (ours: snapshot cache invalidated; bull-board: it has no cache) under MONITOR. */
  single: {
    ms: number;
    roundTrips: number;
    /** INFO commandstats delta around the call (all commands, CLIENT LIST and those inside scripts included). */
    commands: number;
    monitor: MonitorCount;
  };
}

export interface RetryResult {
  ms: number;
  retried: number;
  /** BullMQ getJobCounts after the retry. */
  failedAfter: number;
  waitingAfter: number;
  ping: PingReport;
}

export interface RunResult {
  ours: OverviewSide;
  bullBoard: OverviewSide;
  /** Sequential calls of our overview, snapshot cache invalidated before each. */
  cold: LatencySummary;
  /** One discovery SCAN over the whole keyspace (our service repeats it every 30 s). */
  discoveryMs: number;
  retryService: RetryResult;
  retryBullmq: RetryResult;
  loadAverage: number[];
}

export interface FixtureReport {
  /** The random key prefix the fixture lived under. */
  prefix: string;
  queues: number;
  jobs: number;
  totals: Record<string, number>;
  buildMs: number;
  buildBreakdown: Record<string, number>;
  verifyMs: number;
  deleteMs?: number;
  deletedKeys?: number;
  redisKeys: number;
  redisMemoryHuman: string;
}

export interface MachineFacts {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  redis: string;
  postgres: string;
  os: string;
  bullmq: string;
  bullBoard: string;
}

export interface BenchReport {
  startedAt: string;
  command: string;
  quick: boolean;
  pollers: number;
  durationS: number;
  coldCalls: number;
  retryCount: number;
  machine: MachineFacts;
  note?: string;
  fixture: FixtureReport;
  runs: RunResult[];
}

export const SECTION_START = '<!-- bench:queues:start -->';
export const SECTION_END = '<!-- bench:queues:end -->';

/** Thousands separators and `digits` decimals; values below 1 keep two significant digits (0.00042). */
export function fmt(value: number, digits = 1): string {
  if (!Number.isFinite(value)) {
    return 'n/a';
  }
  if (value !== 0 && Math.abs(value) < 1 && digits > 0) {
    return String(Number(value.toPrecision(2)));
  }
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** "median (run1 / run2 / run3)" of one figure over the runs. */
function figure(runs: RunResult[], pick: (run: RunResult) => number, digits = 1): string {
  const values = runs.map(pick);
  const med = fmt(median(values), digits);
  return values.length > 1 ? `${med} (${values.map((v) => fmt(v, digits)).join(' / ')})` : med;
}

export interface Goal {
  what: string;
  value: string;
  met: boolean;
}

export function goals(report: BenchReport): Goal[] {
  const { runs } = report;
  const oursP99 = median(runs.map((run) => run.ours.load.latency.p99));
  const ratio = median(runs.map((run) => run.bullBoard.load.latency.p50 / run.ours.load.latency.p50));
  const worstPing = Math.max(...runs.map((run) => run.retryService.ping.latency.max));
  return [
    { what: 'our overview p99 ≤ 50 ms (50 pollers)', value: `${fmt(oursP99)} ms (median of runs)`, met: oursP99 <= 50 },
    { what: "our p50 ≥ 3× lower than bull-board's", value: `${fmt(ratio)}× (median of runs)`, met: ratio >= 3 },
    {
      what: `worst PING during our retry of ${report.retryCount.toLocaleString('en-US')} failed jobs ≤ 100 ms`,
      value: `${fmt(worstPing)} ms (worst of all runs)`,
      met: worstPing <= 100,
    },
  ];
}

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

export function overviewTable(report: BenchReport): string {
  const { runs } = report;
  const row = (label: string, pick: (side: OverviewSide) => number, digits = 1, ratio = false) => [
    label,
    figure(runs, (run) => pick(run.ours), digits),
    figure(runs, (run) => pick(run.bullBoard), digits),
    ratio ? `${fmt(median(runs.map((run) => pick(run.bullBoard) / pick(run.ours))), 1)}×` : '',
  ];
  return table(
    ['Overview, 50 pollers', 'sysmon `GET /api/queues`', 'bull-board `GET /api/queues`', 'bull-board ÷ sysmon'],
    [
      row('p50 latency (ms)', (s) => s.load.latency.p50, 1, true),
      row('p95 latency (ms)', (s) => s.load.latency.p95, 1, true),
      row('p99 latency (ms)', (s) => s.load.latency.p99, 1, true),
      row('max latency (ms)', (s) => s.load.latency.max, 1, true),
      row('requests completed', (s) => s.load.ok, 0),
      row('requests per second', (s) => s.load.requestsPerSecond, 1),
      row('errors', (s) => s.load.errors, 0),
      row('response size (bytes)', (s) => s.load.meanBytes, 0),
      row('Redis commands per overview (commandstats Δ ÷ overviews)', (s) => s.commandsPerOverview, 2, true),
      row('Redis round trips per overview (server socket writes ÷ overviews)', (s) => s.roundTripsPerOverview, 2, true),
      row('server CPU per overview (ms)', (s) => s.serverCpuMsPerOverview, 3, true),
      row('Redis CPU per overview (ms)', (s) => s.redisCpuMsPerOverview, 3, true),
      row('single cold call: latency under MONITOR (ms)', (s) => s.single.ms, 1),
      row('single cold call: Redis round trips (socket writes)', (s) => s.single.roundTrips, 0),
      row('single cold call: Redis commands (commandstats Δ)', (s) => s.single.commands, 0),
      row(
        'single cold call: commands sent, MONITOR (no admin commands: CLIENT LIST is not shown)',
        (s) => s.single.monitor.client,
        0
      ),
      row('single cold call: commands run inside Lua, MONITOR', (s) => s.single.monitor.lua, 0),
    ]
  );
}

export function coldTable(report: BenchReport): string {
  const { runs } = report;
  return table(
    ['sysmon overview, cold (snapshot cache invalidated), sequential', 'value'],
    [
      ['calls per run', String(report.coldCalls)],
      ['p50 (ms)', figure(runs, (run) => run.cold.p50)],
      ['p99 (ms)', figure(runs, (run) => run.cold.p99)],
      ['max (ms)', figure(runs, (run) => run.cold.max)],
      [
        'discovery SCAN of the whole keyspace (ms; the service repeats it every 30 s)',
        figure(runs, (run) => run.discoveryMs),
      ],
    ]
  );
}

export function retryTable(report: BenchReport): string {
  const { runs } = report;
  const row = (label: string, pick: (retry: RetryResult) => number, digits = 1) => [
    label,
    figure(runs, (run) => pick(run.retryService), digits),
    figure(runs, (run) => pick(run.retryBullmq), digits),
  ];
  return table(
    [
      `Retry ${report.retryCount.toLocaleString('en-US')} failed jobs`,
      'sysmon `POST /api/queues/:queue/retry-failed`',
      "BullMQ `queue.retryJobs({ state: 'failed' })` (default count 1000)",
    ],
    [
      row('total time (ms)', (r) => r.ms, 0),
      row('jobs retried (BullMQ getJobCounts: waiting after)', (r) => r.waitingAfter, 0),
      row('failed left (getJobCounts)', (r) => r.failedAfter, 0),
      row('PING worst (ms)', (r) => r.ping.latency.max, 1),
      row('PING p99 (ms)', (r) => r.ping.latency.p99, 1),
      row('PING p50 (ms)', (r) => r.ping.latency.p50, 2),
      row('PING samples (one every 5 ms)', (r) => r.ping.samples, 0),
    ]
  );
}

export function fixtureTable(report: BenchReport): string {
  const f = report.fixture;
  const rows: string[][] = [
    ['queues', String(f.queues)],
    ['jobs (sum of BullMQ getJobCounts)', f.jobs.toLocaleString('en-US')],
    ...Object.entries(f.totals).map(([state, count]) => [`  ${state}`, count.toLocaleString('en-US')]),
    ['Redis keys / memory after build', `${f.redisKeys.toLocaleString('en-US')} / ${f.redisMemoryHuman}`],
    ['build time (s)', fmt(f.buildMs / 1000)],
    ...Object.entries(f.buildBreakdown).map(([part, ms]) => [`  ${part} (s)`, fmt(ms / 1000)]),
    ['verify with getJobCounts (s)', fmt(f.verifyMs / 1000, 2)],
  ];
  if (f.deleteMs !== undefined) {
    rows.push([
      `delete (SCAN + UNLINK, ${(f.deletedKeys ?? 0).toLocaleString('en-US')} keys) (s)`,
      fmt(f.deleteMs / 1000),
    ]);
  }
  return table(['Fixture', 'value'], rows);
}

export function renderText(report: BenchReport): string {
  const lines = [
    `bench:queues ${report.quick ? '(quick) ' : ''}${report.startedAt}`,
    '',
    fixtureTable(report),
    '',
    overviewTable(report),
    '',
    coldTable(report),
    '',
    retryTable(report),
    '',
    ...goals(report).map((goal) => `${goal.met ? 'MET ' : 'MISSED'}  ${goal.what}: ${goal.value}`),
  ];
  return lines.join('\n');
}

export function renderSection(report: BenchReport): string {
  const m = report.machine;
  const runs = report.runs.length;
  return [
    SECTION_START,
    '## Queue overview and bulk retry (`npm run bench:queues`)',
    '',
    `Measured ${report.startedAt} with \`${report.command}\` (written by the benchmark; a rerun replaces this section).`,
    '',
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM, ${m.os}; Node ${m.node}; Redis ${m.redis}; PostgreSQL ${m.postgres}.`,
    `- Libraries: bullmq ${m.bullmq} (service, bull-board, fixture; bullmq 5 for the v5-written queues), @bull-board/api ${m.bullBoard}.`,
    `- Load average (1/5/15 min) at the start of each run: ${report.runs
      .map((run) => run.loadAverage.map((v) => v.toFixed(2)).join('/'))
      .join('; ')}.`,
    ...(report.note ? [`- Also running on the machine: ${report.note}`] : []),
    `- Figures are the median of ${runs} run${runs === 1 ? '' : 's'}${runs > 1 ? ', with each run in parentheses' : ''}.`,
    '',
    '### Fixture',
    '',
    fixtureTable(report),
    '',
    '### Overview under load',
    '',
    `${report.pollers} closed-loop pollers (each sends its next request as soon as the previous answer arrives) for ${report.durationS} s against each server in turn, same Redis and queues.`,
    '',
    overviewTable(report),
    '',
    coldTable(report),
    '',
    '### Retry of failed jobs, with Redis PING latency measured in parallel',
    '',
    retryTable(report),
    '',
    '### Goals',
    '',
    table(
      ['goal', 'measured', 'met'],
      goals(report).map((goal) => [goal.what, goal.value, goal.met ? 'yes' : '**no**'])
    ),
    SECTION_END,
  ].join('\n');
}

/** Replaces the bench:queues section of a markdown document (appends it when absent). */
export function replaceSection(document: string, section: string): string {
  const start = document.indexOf(SECTION_START);
  const end = document.indexOf(SECTION_END);
  if (start !== -1 && end > start) {
    return `${document.slice(0, start)}${section}${document.slice(end + SECTION_END.length)}`;
  }
  const base = document.trimEnd();
  return `${base}${base ? '\n\n' : ''}${section}\n`;
}
