// Uptime from state changes: the share of a window a service was up (operational or degraded) out of the time
// its state was known. Time in `unknown` counts neither way: a monitor that could not see does not claim a loss
// or a success. Pure, so every window is one pass over the transitions.
import type { ServiceState, Uptime } from '@penguinmails/sysmon-contract';

export const UPTIME_WINDOWS_MS = { h24: 24 * 3_600_000, d7: 7 * 24 * 3_600_000, d30: 30 * 24 * 3_600_000 } as const;

export interface StateChange {
  /** Epoch ms. */
  at: number;
  to: ServiceState;
}

/**
 * @param changes the service's state changes, oldest first, including the last one before the window (its state
 *   holds at the window's start)
 */
export function uptimeShare(changes: readonly StateChange[], from: number, to: number): number | null {
  let up = 0;
  let known = 0;
  let state: ServiceState = 'unknown';
  let cursor = from;
  const account = (until: number) => {
    const span = Math.max(0, Math.min(until, to) - cursor);
    if (state !== 'unknown') {
      known += span;
      if (state !== 'down') {
        up += span;
      }
    }
  };
  for (const change of changes) {
    if (change.at <= from) {
      state = change.to;
      continue;
    }
    if (change.at >= to) {
      break;
    }
    account(change.at);
    cursor = change.at;
    state = change.to;
  }
  account(to);
  return known === 0 ? null : up / known;
}

export function uptimeOf(changes: readonly StateChange[], now: number): Uptime {
  return {
    h24: uptimeShare(changes, now - UPTIME_WINDOWS_MS.h24, now),
    d7: uptimeShare(changes, now - UPTIME_WINDOWS_MS.d7, now),
    d30: uptimeShare(changes, now - UPTIME_WINDOWS_MS.d30, now),
  };
}
