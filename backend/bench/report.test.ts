import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  fmt,
  goals,
  renderSection,
  renderText,
  replaceSection,
  SECTION_END,
  SECTION_START,
  type BenchReport,
  type OverviewSide,
  type RetryResult,
  type RunResult,
} from './report.ts';
import { summarize } from './stats.ts';

function side(p50: number, p99: number, commands: number): OverviewSide {
  return {
    load: {
      latency: { ...summarize([p50]), p50, p95: p99, p99, max: p99 },
      ok: 1000,
      errors: 0,
      elapsedMs: 20_000,
      requestsPerSecond: 50,
      meanBytes: 30_000,
    },
    commandsPerOverview: commands,
    roundTripsPerOverview: commands / 10,
    topCommands: [],
    serverCpuMsPerOverview: 0.2,
    redisCpuMsPerOverview: 0.01,
    single: { ms: 10, roundTrips: 1, commands: 100, monitor: { client: 60, lua: 1000, byCommand: {} } },
  };
}

function retry(worstPing: number): RetryResult {
  return {
    ms: 900,
    retried: 100_000,
    failedAfter: 0,
    waitingAfter: 100_000,
    ping: { samples: 180, latency: { ...summarize([0.2]), max: worstPing } },
  };
}

function run(oursP50: number, oursP99: number, boardP50: number, worstPing: number): RunResult {
  return {
    ours: side(oursP50, oursP99, 0.2),
    bullBoard: side(boardP50, boardP50 * 2, 961),
    cold: summarize([8, 9, 30]),
    discoveryMs: 800,
    retryService: retry(worstPing),
    retryBullmq: retry(60),
    loadAverage: [1, 2, 3],
  };
}

function report(runs: RunResult[]): BenchReport {
  return {
    startedAt: '2026-01-01T00:00:00.000Z',
    command: 'npm run bench:queues',
    quick: false,
    pollers: 50,
    durationS: 30,
    coldCalls: 100,
    retryCount: 100_000,
    machine: {
      cpu: 'Test CPU',
      cores: 2,
      memoryGb: 24,
      node: 'v20.0.0',
      redis: '7.0.15',
      postgres: '15',
      os: 'Linux',
      bullmq: '6.7.0',
      bullBoard: '9.10.2',
    },
    note: 'two test suites',
    fixture: {
      prefix: 'sysmon-bench-test',
      queues: 60,
      jobs: 1_000_000,
      totals: { waiting: 1 },
      buildMs: 60_000,
      buildBreakdown: { addBulk: 30_000 },
      verifyMs: 100,
      deleteMs: 5_000,
      deletedKeys: 1_000_100,
      redisKeys: 1_000_100,
      redisMemoryHuman: '1G',
    },
    runs,
  };
}

describe('bench report', () => {
  it('fmt: separators, decimals, small values with two significant digits', () => {
    assert.equal(fmt(1234567.891, 1), '1,234,567.9');
    assert.equal(fmt(0.000123456, 2), '0.00012');
    assert.equal(fmt(0, 2), '0');
    assert.equal(fmt(Number.NaN), 'n/a');
  });

  it('goals use the median of runs for latency and the worst PING of all runs', () => {
    const result = goals(report([run(5, 40, 500, 7), run(6, 60, 600, 12), run(7, 45, 700, 150)]));
    assert.deepEqual(
      result.map((goal) => goal.met),
      [true, true, false]
    );
    assert.match(result[0]!.value, /^45 ms/);
    assert.match(result[1]!.value, /^100×/);
    assert.match(result[2]!.value, /^150 ms/);
  });

  it('a missed p99 goal is reported as missed', () => {
    assert.equal(goals(report([run(20, 80, 50, 5)]))[0]!.met, false);
    assert.equal(goals(report([run(20, 80, 50, 5)]))[1]!.met, false);
  });

  it('the section carries command, machine facts, note, per-run figures and goals', () => {
    const section = renderSection(report([run(5, 40, 500, 7), run(6, 41, 600, 8), run(7, 42, 700, 9)]));
    assert.ok(section.startsWith(SECTION_START) && section.endsWith(SECTION_END));
    assert.match(section, /`npm run bench:queues`/);
    assert.match(section, /Test CPU, 2 cores/);
    assert.match(section, /Also running on the machine: two test suites/);
    assert.match(section, /\| p50 latency \(ms\) \| 6 \(5 \/ 6 \/ 7\) \| 600 \(500 \/ 600 \/ 700\) \| 100× \|/);
    assert.match(renderText(report([run(5, 40, 500, 7)])), /MET {3}our overview p99/);
  });

  it('replaceSection appends once, then replaces in place', () => {
    const first = replaceSection('# Benchmarks\n\nIntro.\n', `${SECTION_START}\nA\n${SECTION_END}`);
    assert.equal(first, `# Benchmarks\n\nIntro.\n\n${SECTION_START}\nA\n${SECTION_END}\n`);
    const second = replaceSection(`${first}\n## Other\n`, `${SECTION_START}\nB\n${SECTION_END}`);
    assert.equal(second, `# Benchmarks\n\nIntro.\n\n${SECTION_START}\nB\n${SECTION_END}\n\n## Other\n`);
  });
});
