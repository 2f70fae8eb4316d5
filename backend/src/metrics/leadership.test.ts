import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLeadership } from './leadership.ts';

describe('leadership', () => {
  it('does not lead before any run, leads after one until it is stale', () => {
    let now = 1_000;
    const leadership = createLeadership({ staleAfterMs: 10_000, clock: () => now });
    assert.equal(leadership.leads(), false);
    leadership.mark();
    assert.equal(leadership.leads(), true);
    now += 10_000;
    assert.equal(leadership.leads(), true);
    now += 1;
    assert.equal(leadership.leads(), false);
  });

  it('leads during a run however long it takes, and staleAfterMs after it ended', async () => {
    let now = 0;
    const leadership = createLeadership({ staleAfterMs: 5_000, clock: () => now });
    let finish!: (value: string) => void;
    const run = leadership.lead(() => new Promise<string>((resolve) => (finish = resolve)));
    now += 60_000;
    assert.equal(leadership.leads(), true, 'a slow run still leads');
    finish('done');
    assert.equal(await run, 'done');
    now += 5_000;
    assert.equal(leadership.leads(), true);
    now += 1;
    assert.equal(leadership.leads(), false);
  });

  it('a failed run still counts (the job ran on this replica) and its error reaches the caller', async () => {
    let now = 0;
    const leadership = createLeadership({ staleAfterMs: 1_000, clock: () => now });
    await assert.rejects(
      leadership.lead(async () => {
        now += 100;
        throw new Error('redis down');
      }),
      /redis down/
    );
    now += 1_000;
    assert.equal(leadership.leads(), true);
    now += 1;
    assert.equal(leadership.leads(), false);
  });
});
