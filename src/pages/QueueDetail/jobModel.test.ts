import { jobSummary, queueSnapshot } from '../../testUtils/queueFixtures';
import {
  buildTimeline,
  clampPage,
  cleanConfirmation,
  countInState,
  LARGE_PAYLOAD_BYTES,
  pageCount,
  pageStart,
  parseBulkCount,
  parseJobState,
  payloadView,
  promoteDelayedConfirmation,
  retryFailedConfirmation,
} from './jobModel';

describe('pagination math', () => {
  it('counts pages (at least one) and the start of each', () => {
    expect(pageCount(0, 25)).toBe(1);
    expect(pageCount(25, 25)).toBe(1);
    expect(pageCount(26, 25)).toBe(2);
    expect(pageCount(1_000_000, 25)).toBe(40_000);
    expect(pageStart(1, 25)).toBe(0);
    expect(pageStart(3, 25)).toBe(50);
    expect(pageStart(0, 25)).toBe(0);
  });

  it('clamps a page into range when a state shrinks', () => {
    expect(clampPage(5, 30, 25)).toBe(2);
    expect(clampPage(-1, 30, 25)).toBe(1);
    expect(clampPage(NaN, 30, 25)).toBe(1);
  });
});

describe('job states', () => {
  it('parses the state from the URL with a fallback', () => {
    expect(parseJobState('delayed')).toBe('delayed');
    expect(parseJobState('waiting-children')).toBe('waiting-children');
    expect(parseJobState('bogus')).toBe('failed');
    expect(parseJobState(null, 'waiting')).toBe('waiting');
  });

  it('maps a state to its snapshot count', () => {
    const counts = queueSnapshot().counts;
    expect(countInState(counts, 'waiting-children')).toBe(0);
    expect(countInState(counts, 'failed')).toBe(7);
    expect(countInState(undefined, 'failed')).toBeUndefined();
  });
});

describe('payloadView', () => {
  it('shows small payloads as a JSON tree', () => {
    expect(payloadView({ a: 1 })).toEqual({ kind: 'json', value: { a: 1 }, bytes: 7 });
  });

  it('shows payloads over the limit as a truncated preview', () => {
    const big = { text: 'x'.repeat(LARGE_PAYLOAD_BYTES + 10) };
    const view = payloadView(big);
    expect(view.kind).toBe('large');
    if (view.kind === 'large') {
      expect(view.bytes).toBeGreaterThan(LARGE_PAYLOAD_BYTES);
      expect(view.preview).toHaveLength(4096);
      expect(view.truncatedByService).toBe(false);
    }
  });

  it('uses the service preview when the service truncated the payload', () => {
    expect(payloadView(null, { truncated: true, preview: '{"a":', bytes: 300_000 })).toEqual({
      kind: 'large',
      preview: '{"a":',
      bytes: 300_000,
      truncatedByService: true,
    });
  });
});

describe('buildTimeline', () => {
  it('orders created, delayed until, processed, finished with the gaps', () => {
    const t0 = Date.parse('2026-01-02T03:00:00Z');
    const timeline = buildTimeline(
      jobSummary({ timestamp: t0, delayUntil: t0 + 60_000, processedOn: t0 + 63_000, finishedOn: t0 + 65_500 })
    );
    expect(timeline.map((e) => [e.key, e.label, e.note])).toEqual([
      ['created', 'Created', undefined],
      ['delayed', 'Delayed until', 'delay 1 min'],
      ['processed', 'Processing started', 'waited 3 s'],
      ['finished', 'Failed', 'ran 2.50 s'],
    ]);
  });

  it('skips what has not happened yet', () => {
    const timeline = buildTimeline(jobSummary({ state: 'waiting', processedOn: null, finishedOn: null }));
    expect(timeline.map((e) => e.key)).toEqual(['created']);
  });
});

describe('bulk confirmations', () => {
  const queue = queueSnapshot({ counts: { ...queueSnapshot().counts, failed: 2345, delayed: 10, completed: 50 } });

  it('never promises more jobs than the queue holds', () => {
    expect(retryFailedConfirmation(queue, 100)).toMatchObject({ affected: 100, confirmText: 'Retry 100 jobs' });
    expect(retryFailedConfirmation(queue, 100000).affected).toBe(2345);
    expect(retryFailedConfirmation(queue, 100).body).toContain('100 of the 2,345 failed jobs');
    expect(promoteDelayedConfirmation(queue, 100)).toMatchObject({ affected: 10, confirmText: 'Promote 10 jobs' });
    const clean = cleanConfirmation(queue, 'completed', 86_400_000, 1000);
    expect(clean.affected).toBe(50);
    expect(clean.body).toContain('up to 50 of the 50 completed jobs that finished more than 1 day ago');
  });

  it('parses counts 1..100000 only', () => {
    expect(parseBulkCount('250')).toBe(250);
    expect(parseBulkCount(' 7 ')).toBe(7);
    expect(parseBulkCount('0')).toBeNull();
    expect(parseBulkCount('100001')).toBeNull();
    expect(parseBulkCount('1e3')).toBeNull();
    expect(parseBulkCount('')).toBeNull();
  });
});
