/**
 * What a polled resource shows: the last good value is kept when a poll fails, marked stale,
 * so an outage never blanks the page and never passes old numbers off as live.
 */
export interface PolledState<T> {
  data?: T;
  error?: Error;
  stale: boolean;
  /** When `data` was received (epoch ms). */
  receivedAt?: number;
}

export const initialPolledState: PolledState<never> = { stale: false };

export function pollSucceeded<T>(data: T, now: number): PolledState<T> {
  return { data, stale: false, receivedAt: now };
}

export function pollFailed<T>(previous: PolledState<T>, error: Error): PolledState<T> {
  return { ...previous, error, stale: previous.data !== undefined };
}
