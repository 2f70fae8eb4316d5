import { initialPolledState, pollFailed, pollSucceeded } from './polledState';

describe('polled state', () => {
  it('keeps the last good data, marked stale, when a poll fails', () => {
    const good = pollSucceeded({ n: 1 }, 1000);
    const failed = pollFailed(good, new Error('down'));
    expect(failed).toEqual({ data: { n: 1 }, receivedAt: 1000, stale: true, error: new Error('down') });
    expect(pollSucceeded({ n: 2 }, 2000)).toEqual({ data: { n: 2 }, stale: false, receivedAt: 2000 });
  });

  it('is an error without stale data when nothing was ever loaded', () => {
    expect(pollFailed(initialPolledState, new Error('down'))).toEqual({ stale: false, error: new Error('down') });
  });
});
