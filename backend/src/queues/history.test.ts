import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bucketCount, bucketSizeMs } from './history.ts';

describe('bucketSizeMs', () => {
  it('is ceil(range / maxPoints) in whole seconds, at least 1 s and at least the wanted interval', () => {
    assert.equal(bucketSizeMs(0, 3_599_999, 300), 12_000);
    assert.equal(bucketSizeMs(0, 3_599_999, 7), 515_000); // 514285.6 → 515 s
    // [0, 3600000] touches 301 aligned 12 s buckets (to is inclusive), so the size comes from 299 points.
    assert.equal(bucketSizeMs(0, 3_600_000, 300), 13_000);
    assert.equal(bucketSizeMs(0, 10_000, 300), 1_000);
    assert.equal(bucketSizeMs(0, 3_600_000, 300, 60_000), 60_000);
  });

  it('never yields more aligned buckets than maxPoints', () => {
    for (const [from, to, maxPoints] of [
      [7_000, 593_000, 7],
      [1_234_567, 1_234_567 + 86_400_000, 300],
      [999, 3_601_001, 2],
      [5, 5, 10],
    ] as const) {
      const size = bucketSizeMs(from, to, maxPoints);
      assert.ok(bucketCount(from, to, size) <= maxPoints, `${from}..${to} / ${maxPoints}: size ${size}`);
    }
  });
});
