import { QUEUES_FRAME } from '@penguinmails/sysmon-contract';
import { contractFrame } from '../../testUtils/contractFrame';
import { queryFailure } from './queryFailure';

const queuesFrame = (rows: Array<{ queue: string; depth?: number }>) => contractFrame(QUEUES_FRAME, rows);

const REDIS_DOWN = 'Redis is unreachable (connect ECONNREFUSED 127.0.0.1:1); queue data is unknown';

describe('queryFailure', () => {
  it('is undefined when the query answered', () => {
    expect(queryFailure({}, queuesFrame([{ queue: 'a' }]))).toBeUndefined();
    expect(queryFailure({ errors: [] })).toBeUndefined();
  });

  it('is the per-refId error of a failed queues query (no frame came)', () => {
    expect(queryFailure({ errors: [{ refId: 'A', message: REDIS_DOWN, status: 503 }] })).toBe(REDIS_DOWN);
    expect(queryFailure({ errors: [{ refId: 'A' }] })).toBe('the query failed');
  });

  it('says each distinct reason once', () => {
    const errors = [
      { refId: 'A', message: REDIS_DOWN },
      { refId: 'B', message: REDIS_DOWN },
      { refId: 'C', data: { message: 'timeout' } },
    ];
    expect(queryFailure({ errors })).toBe(`${REDIS_DOWN}; timeout`);
  });

  it('counts a failed request even when older series are still there (they would be stale numbers)', () => {
    const stale = queuesFrame([{ queue: 'a', depth: 3 }]);
    expect(queryFailure({ errors: [{ refId: 'A', message: REDIS_DOWN }] }, stale)).toBe(REDIS_DOWN);
    expect(queryFailure({ errors: [{ message: 'HTTP 502 Bad Gateway' }] }, stale)).toBe('HTTP 502 Bad Gateway');
  });

  it('leaves a queues frame that arrived alone when only another query of the panel failed', () => {
    const frame = queuesFrame([{ queue: 'a', depth: 3 }]);
    expect(frame.refId).toBe('A');
    expect(queryFailure({ errors: [{ refId: 'B', message: 'invalid drift query' }] }, frame)).toBeUndefined();
  });
});
