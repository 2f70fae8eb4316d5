import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckOutcome, CheckProblem, CheckResult, ServiceState } from '@penguinmails/sysmon-contract';
import { applyCheck, initialStatus, stateCause, type ServiceStatus } from './status.ts';

const RULES = { downAfter: 3, degradeAfter: 2, recoverAfter: 2, unknownAfter: 2 };
const T0 = Date.parse('2026-12-07T10:00:00Z');

const PROBLEMS: Record<Exclude<CheckOutcome, 'ok'>, CheckProblem> = {
  soft: { code: 'slow_banner', severity: 'soft', text: 'banner took 4.2 s, threshold 1 s' },
  hard: { code: 'smtp_reply_4xx', severity: 'hard', text: '421 4.7.0 Too many connections' },
  unknown: { code: 'dns_failure', severity: 'unknown', text: 'smtp.example.invalid does not resolve' },
};

function check(outcome: CheckOutcome, index: number, problems = outcome === 'ok' ? [] : [PROBLEMS[outcome]]) {
  return {
    service: 'smtp',
    kind: 'smtp',
    outcome,
    latencyMs: 10,
    steps: [],
    problems,
    facts: {},
    checkedAt: new Date(T0 + index * 15_000).toISOString(),
  } satisfies CheckResult;
}

/** Runs outcomes through the engine from `start`, returning the state after each check. */
function run(outcomes: readonly CheckOutcome[], start: ServiceStatus = initialStatus('smtp')) {
  const states: ServiceState[] = [];
  let status = start;
  outcomes.forEach((outcome, index) => {
    status = applyCheck(status, check(outcome, index), RULES).status;
    states.push(status.state);
  });
  return { states, status };
}

const operational = () => run(['ok']).status;

describe('status engine (hysteresis)', () => {
  it('is unknown before the first check and operational after one clean check', () => {
    assert.equal(initialStatus('smtp').state, 'unknown');
    assert.deepEqual(run(['ok']).states, ['operational']);
  });

  it('never flips on a single slow or failed check', () => {
    for (const blip of ['soft', 'hard', 'unknown'] as const) {
      assert.deepEqual(run(['ok', 'ok', blip, 'ok', 'ok']).states, Array(5).fill('operational'), blip);
    }
    // Alternating slow and clean checks never makes two bad ones in a row.
    assert.deepEqual(new Set(run(['ok', 'soft', 'ok', 'soft', 'ok', 'soft']).states), new Set(['operational']));
  });

  it('is degraded after degradeAfter soft checks in a row, down only after downAfter hard ones', () => {
    assert.deepEqual(run(['soft', 'soft'], operational()).states, ['operational', 'degraded']);
    assert.deepEqual(run(['hard', 'hard', 'hard'], operational()).states, ['operational', 'degraded', 'down']);
    // Hard failures broken by a soft one are degraded, not down.
    assert.deepEqual(run(['hard', 'hard', 'soft', 'hard', 'hard'], operational()).states.at(-1), 'degraded');
  });

  it('recovers only after recoverAfter clean checks in a row; from down, soft checks mean degraded', () => {
    const down = run(['hard', 'hard', 'hard'], operational()).status;
    assert.equal(down.state, 'down');
    assert.deepEqual(run(['ok', 'hard', 'ok', 'ok'], down).states, ['down', 'down', 'down', 'operational']);
    assert.deepEqual(run(['soft', 'ok'], down).states, ['down', 'degraded']);
    const degraded = run(['soft', 'soft'], operational()).status;
    assert.deepEqual(run(['ok', 'soft', 'ok', 'ok'], degraded).states, [
      'degraded',
      'degraded',
      'degraded',
      'operational',
    ]);
  });

  it('says unknown when the probe cannot run, never up', () => {
    assert.deepEqual(run(['unknown', 'unknown'], operational()).states, ['operational', 'unknown']);
    const down = run(['hard', 'hard', 'hard'], operational()).status;
    assert.deepEqual(run(['unknown', 'unknown'], down).states, ['down', 'unknown']);
    // From unknown, failing checks need their full run like from operational.
    assert.deepEqual(run(['hard', 'hard', 'hard']).states, ['unknown', 'degraded', 'down']);
    assert.deepEqual(run(['unknown', 'unknown', 'unknown']).states, ['unknown', 'unknown', 'unknown']);
  });

  it('reports a transition with its cause, and keeps `since` while the state holds', () => {
    let status = operational();
    const since = status.since;
    status = applyCheck(status, check('soft', 1), RULES).status;
    assert.equal(status.since, since, 'one slow check keeps the state and its start');
    const update = applyCheck(status, check('soft', 2), RULES);
    assert.deepEqual(update.transition, {
      service: 'smtp',
      at: check('soft', 2).checkedAt,
      from: 'operational',
      to: 'degraded',
      cause: 'banner took 4.2 s, threshold 1 s (2 of the last 3 checks)',
    });
    assert.equal(update.status.since, check('soft', 2).checkedAt);
  });

  it('keeps a problem’s first-seen time while it lasts, and says how often it was seen', () => {
    const { status } = run(['ok', 'hard', 'hard', 'hard', 'hard', 'hard']);
    assert.equal(status.state, 'down');
    assert.equal(status.problems.length, 1);
    assert.equal(status.problems[0]!.firstSeen, check('hard', 1).checkedAt);
    assert.equal(status.problems[0]!.lastSeen, check('hard', 5).checkedAt);
    assert.equal(stateCause(status), '421 4.7.0 Too many connections (5 of the last 6 checks)');
    const recovered = run(['ok', 'ok'], status).status;
    assert.equal(recovered.state, 'operational');
    assert.deepEqual(recovered.problems, [], 'problems clear with the recovery');
    assert.equal(stateCause(recovered), '');
  });

  it('names the problem that fits the state', () => {
    const both = [PROBLEMS.soft, { ...PROBLEMS.hard, code: 'connect_failed', text: 'connection refused' }];
    let status = operational();
    for (let index = 1; index <= 3; index += 1) {
      status = applyCheck(status, check('hard', index, both), RULES).status;
    }
    assert.equal(status.state, 'down');
    assert.match(stateCause(status), /^connection refused/);
    const unknown = run(['unknown', 'unknown'], status).status;
    assert.match(stateCause(unknown), /^smtp\.example\.invalid does not resolve/);
  });
});
