// The reputation job's schedule: a full pass every intervalMs, but a pass the resolver left questions unanswered
// (or that could not be stored) is repeated REPUTATION_RETRY_MS later, so rows made unknown by a DNS outage are
// known again within seconds of it ending (found by the fault suite: they stayed unknown until the next 15-minute
// pass).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReputationEntry } from '@penguinmails/sysmon-contract';
import { REPUTATION_RETRY_MS, reputationJob } from './job.ts';

describe('reputation job schedule', () => {
  const entry = (state: ReputationEntry['state']) => ({ ip: '192.0.2.10', state }) as ReputationEntry;

  it('runs a pass every intervalMs, and again REPUTATION_RETRY_MS after one the resolver did not answer', async () => {
    let clock = 1_000_000;
    let unanswered = 0;
    let passes = 0;
    let storeDown = false;
    const served: string[] = [];
    const job = reputationJob({
      checker: {
        checkAll: async () => {
          passes += 1;
          return [entry(unanswered > 0 ? 'unknown' : 'clean')];
        },
        unanswered: () => unanswered,
      },
      store: {
        record: async (entries) => {
          if (storeDown) {
            throw new Error('connect ECONNREFUSED');
          }
          return [...entries];
        },
      },
      intervalMs: 900_000,
      schema: 's',
      onPass: (entries) => served.push(entries[0]!.state),
      now: () => clock,
    });
    assert.equal(job.intervalMs, REPUTATION_RETRY_MS, 'the lock holder ticks at the retry interval');

    await job.run();
    assert.equal(passes, 1);
    clock += REPUTATION_RETRY_MS;
    await job.run();
    assert.equal(passes, 1, 'an answered pass is not repeated before intervalMs');
    clock += 900_000;
    unanswered = 2;
    await job.run();
    assert.equal(passes, 2);
    assert.deepEqual(served, ['clean', 'unknown']);
    clock += REPUTATION_RETRY_MS / 2;
    await job.run();
    assert.equal(passes, 2);
    // The next tick, a little early (ticks drift by their lock check): due.
    clock += REPUTATION_RETRY_MS / 2 - 50;
    unanswered = 0;
    await job.run();
    assert.equal(passes, 3, 'retried REPUTATION_RETRY_MS after the unanswered pass');
    assert.deepEqual(served, ['clean', 'unknown', 'clean']);

    clock += 900_000;
    storeDown = true;
    await assert.rejects(job.run(), /ECONNREFUSED/);
    storeDown = false;
    clock += REPUTATION_RETRY_MS;
    await job.run();
    assert.equal(passes, 5, 'a pass that could not be stored is retried soon too');
    clock += REPUTATION_RETRY_MS;
    await job.run();
    assert.equal(passes, 5);
  });
});
