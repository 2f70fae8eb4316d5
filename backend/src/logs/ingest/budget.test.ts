import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OverloadedError } from '../../errors.ts';
import { createIngestBudget } from './budget.ts';

describe('ingest budget', () => {
  it('refuses requests past the count and bytes past the budget, and frees both on release', () => {
    const budget = createIngestBudget({ maxRequests: 2, maxBytes: 100, retryAfterSeconds: 2 });
    const first = budget.admit();
    const second = budget.admit();
    assert.throws(
      () => budget.admit(),
      (error: unknown) => error instanceof OverloadedError && error.retryAfterSeconds === 2
    );
    first.reserve(60);
    assert.throws(() => second.reserve(50), /hold 60 bytes; 50 more would pass the limit of 100/);
    second.reserve(40);
    assert.deepEqual(budget.inFlight(), { requests: 2, bytes: 100 });
    first.release();
    first.release(); // twice is harmless
    assert.deepEqual(budget.inFlight(), { requests: 1, bytes: 40 });
    second.release();
    assert.deepEqual(budget.inFlight(), { requests: 0, bytes: 0 });
    budget.admit().reserve(100);
  });
});
