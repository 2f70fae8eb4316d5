import { demoQueues, queueSnapshot } from '../../testUtils/queueFixtures';
import { formatCount } from '../../utils/format';
import {
  findingsText,
  groupByTier,
  seriesByName,
  summariseDrift,
  tierPauseConfirmation,
  tierSummary,
} from './queuesModel';

const REDIS_ERROR = 'Redis is unreachable (connect ECONNREFUSED); queue data is unknown';
/** A queue the service could not read: its numbers are zeros on the wire, and mean nothing. */
const unreadable = (name: string, tier: 'high' | 'normal' | 'low' = 'high') =>
  queueSnapshot({ name, tier, depth: 0, error: REDIS_ERROR });

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

  it('leaves unreadable queues out of the depth, and has no depth when no queue could be read', () => {
    const [partial] = groupByTier([queueSnapshot({ depth: 40 }), unreadable('broken')]);
    expect(partial).toMatchObject({ depth: 40, unreadableCount: 1 });
    const [none] = groupByTier([unreadable('a'), unreadable('b')]);
    expect(none).toMatchObject({ depth: null, unreadableCount: 2 });
  });

  it('leaves out empty tiers', () => {
    expect(groupByTier([queueSnapshot({ tier: 'low' })]).map((g) => g.tier)).toEqual(['low']);
    expect(groupByTier([])).toEqual([]);
  });
});

describe('tierSummary', () => {
  it('counts queues, sums depth and counts paused queues', () => {
    const [group] = groupByTier([
      queueSnapshot({ depth: 1200 }),
      queueSnapshot({ name: 'b', depth: 34, paused: true }),
    ]);
    expect(tierSummary(group)).toBe('2 queues · depth 1,234 · 1 paused');
    expect(tierSummary(groupByTier([queueSnapshot({ depth: 0 })])[0])).toBe('1 queue · depth 0');
  });

  it('never shows zero for queues without data: a lower bound, or unknown', () => {
    const [partial] = groupByTier([queueSnapshot({ depth: 160 }), unreadable('broken')]);
    expect(tierSummary(partial)).toBe('2 queues · depth ≥ 160 (1 queue: no data)');
    const [none] = groupByTier([unreadable('a'), unreadable('b')]);
    expect(tierSummary(none)).toBe('2 queues · depth unknown (no data)');
    expect(tierSummary(none)).not.toMatch(/\b0\b/);
  });
});

describe('tierPauseConfirmation', () => {
  it('names every queue of a tier', () => {
    const [group] = groupByTier([queueSnapshot({ name: 'x', tier: 'low' }), queueSnapshot({ name: 'y', tier: 'low' })]);
    const pause = tierPauseConfirmation(group, 'pause');
    expect(pause.title).toBe('Pause the low tier?');
    expect(pause.body).toContain('all 2 queues of the low tier (x, y)');
    expect(pause.confirmText).toBe('Pause 2 queues');
    expect(pause.body).toContain('the 320 jobs waiting');
    expect(tierPauseConfirmation(group, 'resume').body).toContain('workers start on the 320 jobs waiting');
  });

  it('does not count the jobs of queues that could not be read as zero', () => {
    const [partial] = groupByTier([queueSnapshot({ depth: 160 }), unreadable('broken')]);
    expect(tierPauseConfirmation(partial, 'pause').body).toContain(
      'the jobs waiting (at least 160; 1 queue could not be read)'
    );
    const [none] = groupByTier([unreadable('a')]);
    const resume = tierPauseConfirmation(none, 'resume');
    expect(resume.body).toContain('how many is unknown: no queue of the tier could be read');
    expect(resume.body).not.toMatch(/\b0 jobs/);
  });
});

describe('summariseDrift', () => {
  it('counts findings in words that fit the number', () => {
    expect(findingsText(1)).toBe('1 finding');
    expect(findingsText(1200)).toBe(`${formatCount(1200)} findings`);
  });

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
        { kind: 'started_without_job', count: 1, oldestAgeMs: 30_000, examples: [], lowerBound: false },
        { kind: 'job_without_ledger', count: 0, oldestAgeMs: null, examples: [], lowerBound: false },
        { kind: 'active_past_lock', count: 2, oldestAgeMs: null, examples: [], lowerBound: false },
      ],
    });
    expect(summary).toEqual({
      total: 6,
      kinds: [
        {
          kind: 'ledger_without_job',
          label: 'ledger rows that never started, without a live job',
          count: 3,
          oldestAgeMs: 60_000,
        },
        {
          kind: 'started_without_job',
          label: 'ledger row last seen active, without a live job (it may have run)',
          count: 1,
          oldestAgeMs: 30_000,
        },
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
