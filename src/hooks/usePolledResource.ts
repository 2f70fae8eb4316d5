import { useCallback, useEffect, useRef, useState } from 'react';
import { toServiceRequestError } from '../api/errors';
import { latestRequest } from './latestRequest';
import { initialPolledState, pollFailed, pollSucceeded, type PolledState } from './polledState';
import { usePolling } from './usePolling';

export interface PolledResource<T> extends PolledState<T> {
  /** Polling is paused because the tab is hidden. */
  paused: boolean;
  /** Fetch now (after an action), without waiting for the next tick. */
  refresh: () => Promise<void>;
}

/**
 * Polls `load` every `intervalMs` while the tab is visible, keeping the last good answer when a poll fails.
 * A new `key` (another queue, state or page) starts from scratch and polls at once. Only the answer to the latest
 * request is shown: a refresh() after an action, or a new page, overtakes a slower request still in flight.
 */
export function usePolledResource<T>(load: () => Promise<T>, intervalMs: number, key?: unknown): PolledResource<T> {
  const [state, setState] = useState<PolledState<T>>(initialPolledState);
  const keyRef = useRef(key);
  const requests = useRef(latestRequest());

  const poll = useCallback(async () => {
    const isLatest = requests.current.begin();
    try {
      const data = await load();
      if (isLatest()) {
        setState(pollSucceeded(data, Date.now()));
      }
    } catch (err) {
      if (isLatest()) {
        setState((previous) => pollFailed(previous, toServiceRequestError(err)));
      }
    }
  }, [load]);

  // Runs before usePolling's effect below, so the new key's first poll starts after this.
  useEffect(() => {
    if (keyRef.current !== key) {
      keyRef.current = key;
      // Answers still on their way were asked for the previous key.
      requests.current.stale();
      setState(initialPolledState);
    }
  }, [key]);

  const { paused } = usePolling(poll, intervalMs, key);
  return { ...state, paused, refresh: poll };
}
