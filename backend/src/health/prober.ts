// Runs each configured probe on its own interval. `tick()` starts the checks that are due and returns at once; a
// probe never runs twice at the same time, and a slow one does not hold the others back. What a check found goes
// to `onCheck` (the infrastructure state: status engine, store).
import type { CheckResult } from '@penguinmails/sysmon-contract';
import type { ProbeConfig } from './probeConfig.ts';

export interface ProberOptions {
  probes: readonly ProbeConfig[];
  /** Runs one check; never throws (probes/index.ts runProbe). */
  check: (probe: ProbeConfig) => Promise<CheckResult>;
  onCheck: (check: CheckResult, probe: ProbeConfig) => Promise<void>;
  onError?: (error: unknown, probe: ProbeConfig) => void;
  now?: () => number;
}

export interface Prober {
  /** Starts every probe that is due and not running. */
  tick(): void;
  /** Checks running now. */
  running(): number;
  /** Starts no more checks and waits for the running ones. */
  close(): Promise<void>;
}

export function createProber(options: ProberOptions): Prober {
  const now = options.now ?? Date.now;
  const nextDue = new Map<string, number>();
  const inFlight = new Map<string, Promise<void>>();
  let closed = false;

  const start = (probe: ProbeConfig) => {
    const run = (async () => {
      try {
        const result = await options.check(probe);
        await options.onCheck(result, probe);
      } catch (error) {
        options.onError?.(error, probe);
      }
    })().finally(() => inFlight.delete(probe.name));
    inFlight.set(probe.name, run);
  };

  return {
    tick() {
      const at = now();
      for (const probe of options.probes) {
        if (closed || inFlight.has(probe.name) || at < (nextDue.get(probe.name) ?? 0)) {
          continue;
        }
        nextDue.set(probe.name, at + probe.intervalMs);
        start(probe);
      }
    },
    running: () => inFlight.size,
    async close() {
      closed = true;
      await Promise.allSettled([...inFlight.values()]);
    },
  };
}
