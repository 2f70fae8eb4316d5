// DNSBL checks of 50 sending IPs × the 6 default zones against a real rbldnsd serving them under their catalog
// names (every fifth IP listed on each, with a TXT reason): the wall time and the DNS questions of a cold pass, and
// of a second pass right after it, which the answer cache must answer without a single query. Measured at the
// default per-zone rate limit (20 queries/s: what a pass costs in production) and unthrottled (1000/s: the
// checker's own cost). Prints a markdown table.
//   node --import tsx bench/reputation.ts        (from backend/; needs rbldnsd: apt-get install -y rbldnsd)
// measureReputation() is exported for `npm run bench:infra`.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createReputationChecker } from '../src/reputation/checker.ts';
import { DEFAULT_ZONES, reputationSchema } from '../src/reputation/config.ts';
import { startRbldnsd, type RbldnsdDataset } from '../test/support/rbldnsd.ts';

/** The config's default zones, each served by the local rbldnsd. */
export const BENCH_ZONES = DEFAULT_ZONES;

export interface ReputationBenchOptions {
  ips?: number;
  /** Per-zone rate limit of the checker (default: the config's default, 20/s). */
  queriesPerSecond?: number;
}

export interface ReputationBenchResult {
  ips: number;
  zones: number;
  rows: number;
  listed: number;
  queriesPerSecond: number;
  cold: { ms: number; queries: number };
  warm: { ms: number; queries: number };
  /** Questions rbldnsd logged over both passes (must equal cold.queries + warm.queries). */
  serverQueries: number;
}

export function benchIps(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `198.51.${100 + Math.floor(index / 250)}.${(index % 250) + 1}`);
}

export function benchDatasets(ips: readonly string[]): RbldnsdDataset[] {
  const listed = ips.filter((_, index) => index % 5 === 0);
  return BENCH_ZONES.map((zone) => ({
    zone,
    type: 'ip4set' as const,
    lines: [
      zone === 'list.dnswl.org'
        ? ':127.0.3.2:Allowlisted, see https://www.dnswl.org/s/?ip=$'
        : `:2:Listed on ${zone}: $`,
      '127.0.0.2',
      ...listed,
    ],
  }));
}

/** Runs the two passes against a fresh rbldnsd and returns the figures. */
export async function measureReputation(options: ReputationBenchOptions = {}): Promise<ReputationBenchResult> {
  const ips = benchIps(options.ips ?? 50);
  const rbldnsd = await startRbldnsd(benchDatasets(ips), { ttl: 3_600 });
  try {
    const config = reputationSchema.parse({
      sendingIps: ips,
      zones: [...BENCH_ZONES],
      resolver: { servers: [rbldnsd.address], timeoutMs: 2_000, tries: 2 },
      ...(options.queriesPerSecond ? { queriesPerSecond: options.queriesPerSecond } : {}),
    });
    const checker = createReputationChecker({ config });
    const pass = async () => {
      const before = checker.queriesSent();
      const started = performance.now();
      const entries = await checker.checkAll();
      return { entries, ms: performance.now() - started, queries: checker.queriesSent() - before };
    };
    const cold = await pass();
    const warm = await pass();
    const unknown = cold.entries.filter((entry) => entry.state === 'unknown');
    if (unknown.length > 0) {
      throw new Error(`the bench zones answered unknown: ${unknown[0]!.zone} ${unknown[0]!.error}`);
    }
    return {
      ips: ips.length,
      zones: BENCH_ZONES.length,
      rows: cold.entries.length,
      listed: cold.entries.filter((entry) => entry.state === 'listed').length,
      queriesPerSecond: config.queriesPerSecond,
      cold: { ms: cold.ms, queries: cold.queries },
      warm: { ms: warm.ms, queries: warm.queries },
      serverQueries: await rbldnsd.queries(),
    };
  } finally {
    await rbldnsd.stop();
  }
}

/** The figures as a markdown table, one row per measurement. */
export function reputationTable(results: readonly ReputationBenchResult[]): string {
  const lines = [
    '| IPs × zones | rate limit per zone | cold pass | queries (cold) | second pass | queries (second) | rbldnsd saw |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const result of results) {
    lines.push(
      `| ${result.ips} × ${result.zones} (${result.rows} rows, ${result.listed} listed) | ${result.queriesPerSecond}/s | ` +
        `${result.cold.ms.toFixed(0)} ms | ${result.cold.queries} | ${result.warm.ms.toFixed(1)} ms | ` +
        `${result.warm.queries} | ${result.serverQueries} |`
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const results = [await measureReputation(), await measureReputation({ queriesPerSecond: 1_000 })];
  console.log(reputationTable(results));
  const failed = results.find((result) => result.warm.queries !== 0);
  if (failed) {
    throw new Error(`the second pass sent ${failed.warm.queries} queries; the cache must answer it`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
