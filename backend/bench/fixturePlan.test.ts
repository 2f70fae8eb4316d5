import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FULL_SPEC, planFixture, planTotal, QUICK_SPEC, splitByWeights } from './fixturePlan.ts';

describe('bench fixture plan', () => {
  it('splitByWeights is exact and proportional', () => {
    assert.deepEqual(splitByWeights(10, [1, 1, 1]), [4, 3, 3]);
    assert.deepEqual(splitByWeights(100, [1, 3]), [25, 75]);
    assert.equal(
      splitByWeights(1_000_003, [5, 7, 11]).reduce((a, b) => a + b, 0),
      1_000_003
    );
  });

  for (const [label, spec] of [
    ['full', FULL_SPEC],
    ['quick', QUICK_SPEC],
  ] as const) {
    it(`${label}: ${spec.queues} queues holding exactly ${spec.totalJobs} jobs in every state`, () => {
      const plans = planFixture(spec);
      assert.equal(plans.length, spec.queues);
      assert.equal(
        plans.reduce((sum, plan) => sum + planTotal(plan), 0),
        spec.totalJobs
      );
      assert.equal(new Set(plans.map((plan) => plan.name)).size, spec.queues, 'names are unique');
      for (const plan of plans) {
        assert.doesNotMatch(plan.name, /:/);
        assert.ok(plan.waiting >= plan.workers, `${plan.name}: a hanging worker finds enough waiting jobs`);
        assert.ok(!(plan.paused && plan.workers > 0), `${plan.name}: no worker on a paused queue`);
      }
      const retry = plans.filter((plan) => plan.role !== 'regular');
      assert.deepEqual(
        retry.map((plan) => [plan.role, plan.failed, planTotal(plan)]),
        [
          ['retry-service', spec.retryFailed, spec.retryFailed],
          ['retry-bullmq', spec.retryFailed, spec.retryFailed],
        ]
      );
      const regular = plans.filter((plan) => plan.role === 'regular');
      assert.ok(regular.every((plan) => plan.waiting && plan.delayed && plan.failed && plan.completed));
      assert.ok(regular.every((plan) => plan.prioritized.filter((band) => band.count > 0).length >= 3));
      assert.ok(
        regular.some((plan) => plan.version === 5 && plan.paused),
        'a paused BullMQ 5 queue'
      );
      assert.ok(
        regular.some((plan) => plan.version === 6 && plan.paused),
        'a paused BullMQ 6 queue'
      );
      assert.ok(regular.filter((plan) => plan.workers > 0).length >= 5);
      assert.ok(regular.some((plan) => plan.metrics) && regular.some((plan) => !plan.metrics));
    });
  }

  it('refuses a fixture too small for its queues', () => {
    assert.throws(() => planFixture({ ...QUICK_SPEC, totalJobs: 2_000 }), /too few jobs/);
  });
});
