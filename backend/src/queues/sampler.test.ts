import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { QueueSnapshot } from '@penguinmails/sysmon-contract';
import { sampleRows } from './sampler.ts';

const snapshot = (overrides: Partial<QueueSnapshot> = {}): QueueSnapshot => ({
  name: 'email-sending',
  prefix: 'bull',
  tier: 'high',
  paused: true,
  counts: { waiting: 1, prioritized: 2, active: 3, delayed: 4, waitingChildren: 5, failed: 6, completed: 7 },
  depth: 8,
  oldestWaitingAgeMs: 1234.6,
  priorities: [],
  workers: 2,
  throughputPerMin: 12.5,
  failuresPerMin: 0.5,
  failureRate: 0.04,
  arrivalsPerMin: 10,
  drainEtaSeconds: 30,
  sampledAt: '2026-01-31T12:00:05.000Z',
  ...overrides,
});

describe('sampleRows', () => {
  it('maps a snapshot onto the queue_samples columns', () => {
    assert.deepEqual(sampleRows([snapshot()]), [
      {
        sampled_at: new Date('2026-01-31T12:00:05.000Z'),
        prefix: 'bull',
        queue: 'email-sending',
        tier: 'high',
        paused: true,
        waiting: 1,
        prioritized: 2,
        active: 3,
        delayed: 4,
        waiting_children: 5,
        failed: 6,
        completed: 7,
        depth: 8,
        oldest_wait_ms: 1235,
        workers: 2,
        throughput_per_min: 12.5,
        failures_per_min: 0.5,
      },
    ]);
  });

  it('skips queues that could not be read and keeps unknowns as null', () => {
    const rows = sampleRows([
      snapshot({ name: 'broken', error: 'WRONGTYPE' }),
      snapshot({
        name: 'idle',
        oldestWaitingAgeMs: null,
        workers: null,
        throughputPerMin: null,
        failuresPerMin: Infinity,
      }),
      snapshot({ name: 'bad-time', sampledAt: 'not a time' }),
    ]);
    assert.deepEqual(
      rows.map((row) => [row.queue, row.oldest_wait_ms, row.workers, row.throughput_per_min, row.failures_per_min]),
      [['idle', null, null, null, null]]
    );
  });
});
