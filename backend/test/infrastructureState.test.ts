// The infrastructure state against the real PostgreSQL store: what the probing replica folds in and stores, another
// replica serves after a refresh; uptime and history from stored checks; stale statuses and an unreachable store.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CheckOutcome, CheckResult } from '@penguinmails/sysmon-contract';
import { createPool, type Pool } from '../src/db/pool.ts';
import { createInfrastructureState } from '../src/health/infrastructureState.ts';
import { probeSchema, type ProbeConfig } from '../src/health/probeConfig.ts';
import { createHealthStore } from '../src/health/store.ts';
import { migrate } from '../src/server.ts';
import { infrastructureUnit } from '../src/units/infrastructure/index.ts';
import { dropSchema, randomSchema, TEST_DATABASE_URL } from './helpers.ts';

const RULES = { downAfter: 3, degradeAfter: 2, recoverAfter: 2, unknownAfter: 2 };
const SMTP: ProbeConfig = probeSchema.parse({
  name: 'smtp',
  label: 'SMTP',
  kind: 'smtp',
  host: '127.0.0.1',
  port: 2525,
  intervalMs: 10_000,
  timeoutMs: 2_000,
  logService: 'smtp-sink',
});
const REFUSED = { code: 'smtp_reply_4xx', severity: 'hard' as const, text: '421 4.7.0 Too many connections' };

function check(outcome: CheckOutcome, at: number, latencyMs = 12): CheckResult {
  return {
    service: 'smtp',
    kind: 'smtp',
    outcome,
    latencyMs,
    steps: [{ name: 'banner', ms: latencyMs, ok: outcome === 'ok' }],
    problems: outcome === 'ok' ? [] : [REFUSED],
    facts: {},
    checkedAt: new Date(at).toISOString(),
  };
}

describe('infrastructure state on the real store', () => {
  const schema = randomSchema();
  let pool: Pool;

  before(async () => {
    pool = createPool(TEST_DATABASE_URL);
    await migrate(pool, { schema, ledgerTable: `${schema}.job_ledger` }, [infrastructureUnit()]);
  });
  after(async () => {
    await pool.end();
    await dropSchema(schema);
  });

  it('what the probing replica applies, another replica serves after a refresh (state, cause, findings, uptime)', async () => {
    let now = Date.now() - 60_000;
    const clock = () => now;
    const store = createHealthStore(pool, schema);
    const prober = createInfrastructureState({ probes: [SMTP], rules: RULES, store, now: clock });
    const reader = createInfrastructureState({ probes: [SMTP], rules: RULES, store, now: clock });
    assert.equal(reader.view().services[0]!.state, 'unknown', 'nothing checked yet');

    for (const outcome of ['ok', 'hard', 'hard', 'hard'] as const) {
      await prober.apply(check(outcome, now));
      now += 10_000;
    }
    await reader.refresh();
    const served = reader.view();
    assert.deepEqual(served, prober.view(), 'both replicas serve the same answer');
    const [smtp] = served.services;
    assert.equal(smtp!.state, 'down');
    assert.equal(smtp!.since, new Date(now - 10_000).toISOString());
    assert.equal(smtp!.cause, '421 4.7.0 Too many connections (3 of the last 4 checks)');
    assert.equal(served.findings[0]!.severity, 'critical');
    assert.equal(served.findings[0]!.logs?.service, 'smtp-sink');
    // Up 30 s (operational, then degraded), down 10 s, of 40 s known.
    assert.ok(smtp!.uptime.h24 !== null && Math.abs(smtp!.uptime.h24 - 0.75) < 0.01, String(smtp!.uptime.h24));

    const transitions = await store.transitions({ from: new Date(0), to: new Date(now + 1) });
    assert.deepEqual(
      transitions.map((t) => [t.from, t.to]),
      [
        ['unknown', 'operational'],
        ['operational', 'degraded'],
        ['degraded', 'down'],
      ]
    );
  });

  it('history buckets latency and the worst state per bucket', async () => {
    const store = createHealthStore(pool, schema);
    const series = await store.history({ from: new Date(0), to: new Date(), stepMs: 3_600_000, service: 'smtp' });
    assert.equal(series.length, 1);
    const points = series[0]!.points;
    assert.ok(points.length >= 1 && points.length <= 2, 'four checks within a minute fill one or two hourly buckets');
    assert.equal(Math.max(...points.map((point) => point[2] ?? -1)), 2, 'down is the worst state seen');
    assert.equal(points[0]![1], 12);
  });

  it('a status nobody has checked for three intervals is served as unknown, never as its old state', async () => {
    let now = Date.now();
    const state = createInfrastructureState({
      probes: [SMTP],
      rules: RULES,
      store: createHealthStore(pool, schema),
      now: () => now,
    });
    await state.apply(check('ok', now));
    assert.equal(state.view().services[0]!.state, 'operational');
    now += 3 * SMTP.intervalMs + SMTP.timeoutMs + 1;
    const view = state.view();
    assert.equal(view.services[0]!.state, 'unknown');
    assert.match(view.services[0]!.cause, /^no check since .*: no replica is probing/);
    assert.deepEqual(
      view.findings.map((finding) => [finding.code, finding.title]),
      [['no_recent_check', 'SMTP cannot be checked']]
    );
  });

  it('an unreachable store is noticed (the replica then probes on its own) and what it applies is still served', async () => {
    const unreachable = createPool('postgres://postgres@127.0.0.1:1/none');
    try {
      const state = createInfrastructureState({
        probes: [SMTP],
        rules: RULES,
        store: createHealthStore(unreachable, schema),
      });
      assert.equal(state.storeReachable(), true);
      await state.refresh();
      assert.equal(state.storeReachable(), false);
      await state.apply(check('ok', Date.now()));
      assert.equal(state.view().services[0]!.state, 'operational');
    } finally {
      await unreachable.end();
    }
  });
});
