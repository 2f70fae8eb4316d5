import { useEffect, useRef, useState } from 'react';
import { createPoller } from './poller';

/**
 * Calls `run` now and every `intervalMs` while the component is mounted and the tab is visible.
 * Returns whether polling is paused because the tab is hidden.
 * `run` may change between renders; the latest one is used. Changing `key` restarts polling.
 */
export function usePolling(run: () => Promise<void>, intervalMs: number, key?: unknown): { paused: boolean } {
  const runRef = useRef(run);
  const [paused, setPaused] = useState(() => document.visibilityState === 'hidden');

  useEffect(() => {
    runRef.current = run;
  }, [run]);

  useEffect(() => {
    const poller = createPoller(() => runRef.current(), intervalMs, {
      setTimeout: (fn, ms) => window.setTimeout(fn, ms),
      clearTimeout: (handle) => window.clearTimeout(handle as number),
      isHidden: () => document.visibilityState === 'hidden',
    });
    const onVisibilityChange = () => {
      poller.onVisibilityChange();
      setPaused(poller.isPaused());
    };
    document.addEventListener('visibilitychange', onVisibilityChange);
    poller.start();
    return () => {
      document.removeEventListener('visibilitychange', onVisibilityChange);
      poller.stop();
    };
  }, [intervalMs, key]);

  return { paused };
}
