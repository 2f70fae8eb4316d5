// Rates from two samples of BullMQ's monotonic counters (pure).
// Counters: `metrics:completed`/`metrics:failed` field `count` (only finishes by workers with metrics enabled;
// failed = final failures, retries are not counted) and the queue's `id` counter (INCR on every add, including
// duplicate/deduplicated adds, so the arrival rate is an upper bound).

/** A counter read at one time; value null when the key did not exist (metrics off, or queue obliterated). */
export interface CounterSample {
  at: number;
  value: number | null;
}

/**
 * Increase of a monotonic counter between two reads. A drop means the key was deleted and recreated
 * (obliterate, manual reset), so the new value is what accumulated since the reset. A key that appeared
 * between the reads counted from zero. A key that is gone gives null (unknown).
 */
export function counterIncrease(previous: number | null, current: number | null): number | null {
  if (current === null) {
    return null;
  }
  if (previous === null || current < previous) {
    return current;
  }
  return current - previous;
}

/** Events per minute between two reads of one counter; null when unknown or the interval is not positive. */
export function ratePerMinute(previous: CounterSample, current: CounterSample): number | null {
  const elapsedMs = current.at - previous.at;
  if (!(elapsedMs > 0)) {
    return null;
  }
  const increase = counterIncrease(previous.value, current.value);
  return increase === null ? null : (increase * 60_000) / elapsedMs;
}

/** The counters of one queue snapshot that rates are computed from. */
export interface RateSample {
  at: number;
  completed: number | null;
  failed: number | null;
  added: number | null;
}

export interface QueueRates {
  throughputPerMin: number | null;
  failuresPerMin: number | null;
  arrivalsPerMin: number | null;
  /** failed / (completed + failed) over the interval; null when nothing finished or unknown. */
  failureRatio: number | null;
}

export function queueRates(previous: RateSample, current: RateSample): QueueRates {
  const rate = (pick: (sample: RateSample) => number | null) =>
    ratePerMinute({ at: previous.at, value: pick(previous) }, { at: current.at, value: pick(current) });
  const throughputPerMin = rate((s) => s.completed);
  const failuresPerMin = rate((s) => s.failed);
  const finished = throughputPerMin === null || failuresPerMin === null ? null : throughputPerMin + failuresPerMin;
  return {
    throughputPerMin,
    failuresPerMin,
    arrivalsPerMin: rate((s) => s.added),
    failureRatio: finished ? failuresPerMin! / finished : null,
  };
}

/**
 * Time until the queue is empty at current rates: depth / (exit rate − arrival rate), where the exit rate is
 * completions plus final failures per minute. 0 for an empty queue; null when a rate is unknown or the queue
 * is not draining (arrivals keep up with or outpace exits).
 */
export function drainEtaMs(depth: number, exitsPerMin: number | null, arrivalsPerMin: number | null): number | null {
  if (depth <= 0) {
    return 0;
  }
  if (exitsPerMin === null || arrivalsPerMin === null) {
    return null;
  }
  const netPerMin = exitsPerMin - arrivalsPerMin;
  if (!(netPerMin > 0)) {
    return null;
  }
  return Math.round((depth / netPerMin) * 60_000);
}
