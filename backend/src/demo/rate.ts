// Turns a rate in jobs per second into whole jobs per timer tick, carrying the fraction over,
// so 0.3 jobs/s polled every 100 ms still produces 3 jobs every 10 s.

export interface RateState {
  credit: number;
}

/** Returns how many jobs are due after `elapsedMs` at `ratePerSecond`, updating the carried credit. */
export function takeDueJobs(state: RateState, ratePerSecond: number, elapsedMs: number, maxPerTick = 1_000): number {
  if (!(ratePerSecond > 0) || !(elapsedMs > 0)) {
    return 0;
  }
  state.credit += (ratePerSecond * elapsedMs) / 1_000;
  const due = Math.min(Math.floor(state.credit), maxPerTick);
  state.credit -= due;
  // After a long stall (event loop blocked, laptop asleep) do not burst the whole backlog at once.
  if (state.credit > maxPerTick) {
    state.credit = 0;
  }
  return due;
}

/** Splits a list into chunks of at most `size` items (addBulk batches). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!(size >= 1)) {
    throw new Error(`chunk size must be at least 1, got ${size}`);
  }
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    chunks.push(items.slice(i, i + size));
  }
  return chunks;
}
