// The workers probe, with plain snapshot functions standing in for the queue read path's cache (the probe reads
// nothing else): enough, too few, none, unknown counts, an unreadable snapshot, per-queue minimums.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codes, NO_DEPENDENCIES } from '../../../test/probeSupport.ts';
import { probeSchema, type WorkersProbeConfig } from '../probeConfig.ts';
import { runProbe, type RunProbeContext } from './index.ts';

type Snapshot = { name: string; workers: number | null; error?: string };

const probe = (fields: Record<string, unknown> = {}) =>
  probeSchema.parse({ name: 'workers', kind: 'workers', ...fields }) as WorkersProbeConfig;

const seeing = (snapshots: Snapshot[]): RunProbeContext => ({
  ...NO_DEPENDENCIES,
  queueSnapshots: async () => snapshots,
});

describe('workers probe', () => {
  it('every queue with its minimum is ok; workers per queue are facts', async () => {
    const result = await runProbe(
      probe(),
      seeing([
        { name: 'email-sending', workers: 3 },
        { name: 'warmup-processing', workers: 1 },
      ])
    );
    assert.equal(result.outcome, 'ok');
    assert.deepEqual(result.facts, { queues: 2, 'workers.email-sending': 3, 'workers.warmup-processing': 1 });
    assert.equal(result.latencyMs, null);
  });

  it('no workers on a queue that needs some is hard; fewer than needed is soft', async () => {
    const result = await runProbe(
      probe({ minimum: 1, queues: { 'email-sending': 2 } }),
      seeing([
        { name: 'email-sending', workers: 1 },
        { name: 'warmup-processing', workers: 0 },
      ])
    );
    assert.equal(result.outcome, 'hard');
    assert.deepEqual(result.problems, [
      { code: 'few_workers', severity: 'soft', text: 'email-sending has 1 worker (needs 2)', subject: 'email-sending' },
      {
        code: 'no_workers',
        severity: 'hard',
        text: 'warmup-processing has 0 workers (needs 1)',
        subject: 'warmup-processing',
      },
    ]);
  });

  it('a queue needing 0 is not judged', async () => {
    const result = await runProbe(
      probe({ queues: { 'analytics-aggregation': 0 } }),
      seeing([{ name: 'analytics-aggregation', workers: 0 }])
    );
    assert.equal(result.outcome, 'ok');
    assert.equal(result.facts['workers.analytics-aggregation'], 0);
  });

  it('a snapshot without a worker count, or with an error, makes that queue unknown (never "0 workers")', async () => {
    const result = await runProbe(
      probe(),
      seeing([
        { name: 'email-sending', workers: null },
        { name: 'warmup-processing', workers: 0, error: 'ERR unknown command CLIENT' },
      ])
    );
    assert.equal(result.outcome, 'unknown');
    assert.deepEqual(result.problems, [
      {
        code: 'workers_unknown',
        severity: 'unknown',
        text: 'email-sending: workers unknown (no worker count in its snapshot)',
        subject: 'email-sending',
      },
      {
        code: 'workers_unknown',
        severity: 'unknown',
        text: 'warmup-processing: workers unknown (ERR unknown command CLIENT)',
        subject: 'warmup-processing',
      },
    ]);
    assert.equal(result.facts['workers.warmup-processing'], null);
  });

  it('a queue seen failing beats one not seen: hard and unknown together are hard', async () => {
    const result = await runProbe(
      probe(),
      seeing([
        { name: 'a', workers: 0 },
        { name: 'b', workers: null },
      ])
    );
    assert.equal(result.outcome, 'hard');
    assert.deepEqual(codes(result), ['no_workers', 'workers_unknown']);
  });

  it('snapshots that cannot be read (Redis down) are unknown, with the reason', async () => {
    const result = await runProbe(probe(), {
      ...NO_DEPENDENCIES,
      queueSnapshots: async () => {
        throw new Error('Redis is unavailable: connect ECONNREFUSED 127.0.0.1:6379');
      },
    });
    assert.equal(result.outcome, 'unknown');
    assert.deepEqual(result.problems, [
      {
        code: 'snapshot_unavailable',
        severity: 'unknown',
        text: 'queue snapshots not readable: Redis is unavailable: connect ECONNREFUSED 127.0.0.1:6379',
      },
    ]);
  });

  it('without the queues unit it is unknown; a configured queue not found in Redis is unknown', async () => {
    const unit = await runProbe(probe(), NO_DEPENDENCIES);
    assert.equal(unit.outcome, 'unknown');
    assert.deepEqual(codes(unit), ['not_configured']);

    const missing = await runProbe(probe({ queues: { 'email-sending': 2 } }), seeing([]));
    assert.equal(missing.outcome, 'unknown');
    assert.deepEqual(missing.problems, [
      {
        code: 'queue_missing',
        severity: 'unknown',
        text: 'email-sending needs 2 workers but was not found in Redis',
        subject: 'email-sending',
      },
    ]);
  });

  it('a snapshot read slower than the budget is unknown, within the budget', async () => {
    const started = Date.now();
    const result = await runProbe(probe({ timeoutMs: 300 }), {
      ...NO_DEPENDENCIES,
      queueSnapshots: () => new Promise(() => undefined),
    });
    assert.ok(Date.now() - started < 800);
    assert.deepEqual(result.problems, [
      {
        code: 'snapshot_unavailable',
        severity: 'unknown',
        text: 'queue snapshots not readable: no answer within 300 ms',
      },
    ]);
  });
});
