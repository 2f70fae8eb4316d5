// Pure statistics for the benchmark: latency percentiles, medians across runs, and INFO commandstats deltas.

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile (p in 0..100) of an ascending array; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(values: readonly number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length > 0 ? sorted[sorted.length - 1]! : Number.NaN,
    mean: sorted.length > 0 ? sum / sorted.length : Number.NaN,
  };
}

/** Median of the finite values (the mean of the middle two for an even count); NaN when none. */
export function median(values: readonly number[]): number {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Calls per command from `INFO commandstats` (e.g. `cmdstat_evalsha:calls=12,usec=…`). */
export function parseCommandStats(info: string): Map<string, number> {
  const calls = new Map<string, number>();
  for (const line of info.split(/\r?\n/)) {
    const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line);
    if (match) {
      calls.set(match[1]!, Number(match[2]));
    }
  }
  return calls;
}

/** Commands the benchmark itself sends while measuring; left out of the per-overview figures. */
export const MEASUREMENT_COMMANDS: ReadonlySet<string> = new Set(['info', 'monitor', 'ping']);

/** Calls per command between two INFO commandstats readings, without the measurement's own commands. */
export function commandDelta(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const delta = new Map<string, number>();
  for (const [command, calls] of after) {
    const diff = calls - (before.get(command) ?? 0);
    if (diff > 0 && !MEASUREMENT_COMMANDS.has(command)) {
      delta.set(command, diff);
    }
  }
  return delta;
}

export function totalCalls(delta: Map<string, number>): number {
  let total = 0;
  for (const calls of delta.values()) {
    total += calls;
  }
  return total;
}

/** The n commands with most calls, as "cmd 123" strings, for the report. */
export function topCommands(delta: Map<string, number>, n = 5): string[] {
  return [...delta.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([command, calls]) => `${command} ${calls}`);
}

/** Redis CPU seconds (used_cpu_sys + used_cpu_user) from `INFO cpu`. */
export function parseRedisCpuSeconds(info: string): number {
  const value = (field: string) => Number(new RegExp(`^${field}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return value('used_cpu_sys') + value('used_cpu_user');
}

/** The least-squares line through (x, y) points. */
export function leastSquares(points: ReadonlyArray<readonly [number, number]>): { intercept: number; slope: number } {
  const n = points.length;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  const sxy = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const sxx = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { intercept: meanY - slope * meanX, slope };
}
