import { useCallback, useEffect, useRef, useState } from 'react';
import { toServiceRequestError } from '../api/errors';
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
 * A new `key` (another queue, state or page) starts from scratch and polls at once.
 */
export function usePolledResource<T>(load: () => Promise<T>, intervalMs: number, key?: unknown): PolledResource<T> {
  const [state, setState] = useState<PolledState<T>>(initialPolledState);
  const keyRef = useRef(key);

  const poll = useCallback(async () => {
    const requestedFor = keyRef.current;
    try {
      const data = await load();
      if (keyRef.current === requestedFor) {
        setState(pollSucceeded(data, Date.now()));
      }
    } catch (err) {
      if (keyRef.current === requestedFor) {
        setState((previous) => pollFailed(previous, toServiceRequestError(err)));
      }
    }
  }, [load]);

  useEffect(() => {
    if (keyRef.current !== key) {
      keyRef.current = key;
      setState(initialPolledState);
    }
  }, [key]);

  const { paused } = usePolling(poll, intervalMs, key);
  return { ...state, paused, refresh: poll };
}
