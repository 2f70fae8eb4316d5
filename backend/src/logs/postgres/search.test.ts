import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { continuationPath, probeWindow } from './search.ts';

const MINUTE = 60_000;

describe('plan choice after a probe with too few hits', () => {
  it('no hits at all: the trigram path', () => {
    assert.equal(
      continuationPath({ limit: 100, hits: 0, window: 20_200, windowSpanMs: 20 * MINUTE, restSpanMs: 1e9 }),
      'indexed'
    );
  });

  it('hits just under the threshold over days of lines: the ordered scan goes on', () => {
    // 50 in 20,200 (0.25 %) over 7 days ≈ 10 M lines: 25,000 trigram fetches against ~20,000 more lines scanned.
    assert.equal(
      continuationPath({
        limit: 100,
        hits: 50,
        window: 20_200,
        windowSpanMs: 20 * MINUTE,
        restSpanMs: 7 * 1_440 * MINUTE,
      }),
      'probe+ordered'
    );
  });

  it('the same selectivity over an hour: the trigram path (a few hundred fetches)', () => {
    assert.equal(
      continuationPath({ limit: 100, hits: 50, window: 20_200, windowSpanMs: 20 * MINUTE, restSpanMs: 60 * MINUTE }),
      'indexed'
    );
  });

  it('the probe window grows with the limit, bounded', () => {
    assert.deepEqual([probeWindow(1), probeWindow(100), probeWindow(5_000)], [10_000, 20_200, 100_000]);
  });
});
