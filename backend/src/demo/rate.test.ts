import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chunk, takeDueJobs } from './rate.ts';

describe('takeDueJobs', () => {
  it('carries fractions over so slow rates still produce jobs', () => {
    const state = { credit: 0 };
    let total = 0;
    for (let i = 0; i < 100; i++) {
      total += takeDueJobs(state, 0.3, 100);
    } // 10 s at 0.3/s
    assert.equal(total, 3);
  });

  it('produces rate x seconds for fast rates', () => {
    const state = { credit: 0 };
    let total = 0;
    for (let i = 0; i < 10; i++) {
      total += takeDueJobs(state, 25, 100);
    }
    assert.equal(total, 25);
  });

  it('produces nothing for a zero or negative rate or no elapsed time', () => {
    assert.equal(takeDueJobs({ credit: 0 }, 0, 1_000), 0);
    assert.equal(takeDueJobs({ credit: 0 }, -5, 1_000), 0);
    assert.equal(takeDueJobs({ credit: 0 }, 5, 0), 0);
  });

  it('caps a tick after a long stall instead of bursting the backlog', () => {
    const state = { credit: 0 };
    assert.equal(takeDueJobs(state, 100, 3_600_000, 50), 50);
    assert.equal(state.credit, 0);
  });
});

describe('chunk', () => {
  it('splits into batches of at most size items', () => {
    assert.deepEqual(chunk([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
    assert.deepEqual(chunk([], 3), []);
  });

  it('rejects a size below 1', () => {
    assert.throws(() => chunk([1], 0), /at least 1/);
  });
});
