import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  commandDelta,
  leastSquares,
  median,
  parseCommandStats,
  parseRedisCpuSeconds,
  percentile,
  summarize,
  topCommands,
  totalCalls,
} from './stats.ts';

describe('bench stats', () => {
  it('leastSquares finds a line, and its trend under a swing up and down', () => {
    const line = leastSquares(Array.from({ length: 10 }, (_, x) => [x, 3 + 2 * x] as const));
    assert.ok(Math.abs(line.slope - 2) < 1e-9 && Math.abs(line.intercept - 3) < 1e-9);
    // ±10 alternating on a line rising 0.5 per step: the fit keeps the rise.
    const swinging = leastSquares(
      Array.from({ length: 40 }, (_, x) => [x, 100 + 0.5 * x + (x % 2 ? 10 : -10)] as const)
    );
    assert.ok(Math.abs(swinging.slope - 0.5) < 0.05, `slope ${swinging.slope}`);
    assert.deepEqual(leastSquares([[3, 7]]), { intercept: 7, slope: 0 });
  });

  it('percentile is nearest-rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(sorted, 50), 50);
    assert.equal(percentile(sorted, 99), 99);
    assert.equal(percentile(sorted, 100), 100);
    assert.equal(percentile([7], 99), 7);
    assert.ok(Number.isNaN(percentile([], 50)));
  });

  it('summarize sorts and reports p50/p95/p99/max/mean', () => {
    const summary = summarize([5, 1, 4, 2, 3]);
    assert.deepEqual(summary, { count: 5, p50: 3, p95: 5, p99: 5, max: 5, mean: 3 });
  });

  it('median of odd and even counts, ignoring NaN', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([Number.NaN, 5]), 5);
    assert.ok(Number.isNaN(median([])));
  });

  it('commandstats deltas leave out the measurement commands', () => {
    const before = parseCommandStats(
      '# Commandstats\r\ncmdstat_evalsha:calls=10,usec=5\r\ncmdstat_info:calls=3,usec=1\r\n'
    );
    const after = parseCommandStats(
      'cmdstat_evalsha:calls=70,usec=9\ncmdstat_info:calls=9,usec=1\ncmdstat_client|list:calls=2,usec=1\ncmdstat_ping:calls=50,usec=1\n'
    );
    const delta = commandDelta(before, after);
    assert.deepEqual(
      [...delta.entries()],
      [
        ['evalsha', 60],
        ['client|list', 2],
      ]
    );
    assert.equal(totalCalls(delta), 62);
    assert.deepEqual(topCommands(delta, 1), ['evalsha 60']);
  });

  it('Redis CPU seconds add sys and user', () => {
    assert.equal(
      parseRedisCpuSeconds('# CPU\r\nused_cpu_sys:1.5\r\nused_cpu_user:2.25\r\nused_cpu_sys_children:9\r\n'),
      3.75
    );
  });
});
