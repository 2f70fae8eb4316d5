/** Timer and visibility primitives, injectable so the poller can be tested without a browser. */
export interface PollerEnvironment {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  isHidden: () => boolean;
}

export interface Poller {
  start(): void;
  stop(): void;
  /** Call when the page visibility changes: hidden pauses, visible polls at once and resumes. */
  onVisibilityChange(): void;
  isPaused(): boolean;
}

/**
 * Runs `run` now and then `intervalMs` after each run finishes (runs never overlap),
 * and does not poll while the page is hidden.
 */
export function createPoller(run: () => Promise<void>, intervalMs: number, env: PollerEnvironment): Poller {
  let started = false;
  let running = false;
  let timer: unknown = undefined;

  const clearTimer = () => {
    if (timer !== undefined) {
      env.clearTimeout(timer);
      timer = undefined;
    }
  };

  const schedule = () => {
    clearTimer();
    if (started && !env.isHidden()) {
      timer = env.setTimeout(tick, intervalMs);
    }
  };

  const tick = async () => {
    timer = undefined;
    if (!started || running || env.isHidden()) {
      return;
    }
    running = true;
    try {
      await run();
    } catch {
      // run reports its own errors; a failed poll must not stop polling
    } finally {
      running = false;
      schedule();
    }
  };

  return {
    start() {
      if (started) {
        return;
      }
      started = true;
      void tick();
    },
    stop() {
      started = false;
      clearTimer();
    },
    onVisibilityChange() {
      if (!started) {
        return;
      }
      if (env.isHidden()) {
        clearTimer();
      } else if (!running) {
        clearTimer();
        void tick();
      }
    },
    isPaused() {
      return started && env.isHidden();
    },
  };
}
