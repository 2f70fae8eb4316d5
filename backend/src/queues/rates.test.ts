import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { counterIncrease, drainEtaMs, queueRates, ratePerMinute } from './rates.ts';

describe('counterIncrease', () => {
  it('is the difference of a growing counter', () => {
    assert.equal(counterIncrease(10, 25), 15);
    assert.equal(counterIncrease(7, 7), 0);
  });

  it('treats a drop as a reset and counts from zero', () => {
    assert.equal(counterIncrease(1_000, 4), 4);
  });

  it('counts a key that appeared from zero and an absent key as unknown', () => {
    assert.equal(counterIncrease(null, 3), 3);
    assert.equal(counterIncrease(3, null), null);
    assert.equal(counterIncrease(null, null), null);
  });
});

describe('ratePerMinute', () => {
  it('scales the increase to a minute', () => {
    assert.equal(ratePerMinute({ at: 0, value: 100 }, { at: 30_000, value: 160 }), 120);
    assert.equal(ratePerMinute({ at: 1_000, value: 5 }, { at: 6_000, value: 6 }), 12);
  });

  it('is unknown for a non-positive interval', () => {
    assert.equal(ratePerMinute({ at: 5_000, value: 1 }, { at: 5_000, value: 9 }), null);
    assert.equal(ratePerMinute({ at: 6_000, value: 1 }, { at: 5_000, value: 9 }), null);
  });

  it('is reset-safe', () => {
    assert.equal(ratePerMinute({ at: 0, value: 500 }, { at: 60_000, value: 20 }), 20);
  });
});

describe('queueRates', () => {
  it('computes throughput, failures, arrivals and the failure ratio', () => {
    const rates = queueRates(
      { at: 0, completed: 100, failed: 10, added: 1_000 },
      { at: 10_000, completed: 130, failed: 20, added: 1_050 }
    );
    assert.deepEqual(rates, { throughputPerMin: 180, failuresPerMin: 60, arrivalsPerMin: 300, failureRatio: 0.25 });
  });

  it('has no failure ratio when nothing finished or metrics are off', () => {
    const idle = queueRates(
      { at: 0, completed: 5, failed: 1, added: 9 },
      { at: 5_000, completed: 5, failed: 1, added: 9 }
    );
    assert.equal(idle.failureRatio, null);
    assert.equal(idle.throughputPerMin, 0);
    const off = queueRates(
      { at: 0, completed: null, failed: null, added: 9 },
      { at: 5_000, completed: null, failed: null, added: 12 }
    );
    assert.deepEqual(off, { throughputPerMin: null, failuresPerMin: null, arrivalsPerMin: 36, failureRatio: null });
  });
});

describe('drainEtaMs', () => {
  it('is depth over the net drain rate', () => {
    // 600 jobs, 200/min out, 80/min in: 120/min net → 5 minutes.
    assert.equal(drainEtaMs(600, 200, 80), 300_000);
  });

  it('is zero for an empty queue whatever the rates', () => {
    assert.equal(drainEtaMs(0, null, null), 0);
    assert.equal(drainEtaMs(0, 1, 5), 0);
  });

  it('is null when not draining or a rate is unknown', () => {
    assert.equal(drainEtaMs(10, 50, 50), null);
    assert.equal(drainEtaMs(10, 40, 50), null);
    assert.equal(drainEtaMs(10, null, 0), null);
    assert.equal(drainEtaMs(10, 5, null), null);
  });
});
