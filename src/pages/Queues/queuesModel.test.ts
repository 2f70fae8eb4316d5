import { demoQueues, queueSnapshot } from '../../testUtils/queueFixtures';
import { groupByTier, seriesByName, summariseDrift, tierPauseConfirmation } from './queuesModel';

describe('groupByTier', () => {
  it('groups in tier order, sorts by name, sums depth and counts paused queues', () => {
    const groups = groupByTier([
      queueSnapshot({ name: 'b-low', tier: 'low', depth: 5, paused: true }),
      ...demoQueues(),
      queueSnapshot({ name: 'a-high', tier: 'high', depth: 40 }),
    ]);
    expect(groups.map((g) => g.tier)).toEqual(['high', 'normal', 'low']);
    expect(groups[0].queues.map((q) => q.name)).toEqual(['a-high', 'email-sending']);
    expect(groups[0].depth).toBe(200);
    expect(groups[0].allPaused).toBe(false);
    expect(groups[2]).toMatchObject({ pausedCount: 2, allPaused: true, depth: 5 });
  });

  it('leaves out empty tiers', () => {
    expect(groupByTier([queueSnapshot({ tier: 'low' })]).map((g) => g.tier)).toEqual(['low']);
    expect(groupByTier([])).toEqual([]);
  });
});

describe('tierPauseConfirmation', () => {
  it('names every queue of a tier', () => {
    const [group] = groupByTier([queueSnapshot({ name: 'x', tier: 'low' }), queueSnapshot({ name: 'y', tier: 'low' })]);
    const pause = tierPauseConfirmation(group, 'pause');
    expect(pause.title).toBe('Pause the low tier?');
    expect(pause.body).toContain('all 2 queues of the low tier (x, y)');
    expect(pause.confirmText).toBe('Pause 2 queues');
  });
});

describe('summariseDrift', () => {
  it('is null without findings', () => {
    expect(summariseDrift(undefined)).toBeNull();
    expect(
      summariseDrift({
        checkedAt: 'x',
        kinds: [{ kind: 'ledger_without_job', count: 0, oldestAgeMs: null, examples: [], lowerBound: false }],
      })
    ).toBeNull();
  });

  it('lists the kinds with findings and their total', () => {
    const summary = summariseDrift({
      checkedAt: 'x',
      kinds: [
        { kind: 'ledger_without_job', count: 3, oldestAgeMs: 60_000, examples: [], lowerBound: false },
        { kind: 'job_without_ledger', count: 0, oldestAgeMs: null, examples: [], lowerBound: false },
        { kind: 'active_past_lock', count: 2, oldestAgeMs: null, examples: [], lowerBound: false },
      ],
    });
    expect(summary).toEqual({
      total: 5,
      kinds: [
        { kind: 'ledger_without_job', label: 'ledger rows without a live job', count: 3, oldestAgeMs: 60_000 },
        { kind: 'active_past_lock', label: 'active jobs past their lock', count: 2, oldestAgeMs: null },
      ],
    });
  });
});

it('seriesByName indexes history series by queue', () => {
  const map = seriesByName({ field: 'depth', series: [{ name: 'q', points: [[1, 2]] }] });
  expect(map.get('q')).toEqual([[1, 2]]);
  expect(seriesByName(undefined).size).toBe(0);
});
