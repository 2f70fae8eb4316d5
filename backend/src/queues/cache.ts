// A value loaded at most once per TTL, with single-flight: concurrent callers share one in-flight load.
// Failures are shared by the callers waiting on that load but never cached, so the next call retries.

export interface CachedLoader<T> {
  /** The cached value if younger than the TTL, else the result of one (shared) fresh load. */
  get(): Promise<T>;
  /** Forgets the cached value (e.g. after an action changed it); an in-flight load is not stored. */
  invalidate(): void;
}

export function cachedLoader<T>(
  load: () => Promise<T>,
  ttlMs: number,
  clock: () => number = Date.now
): CachedLoader<T> {
  let cached: { value: T; loadedAt: number } | undefined;
  let inFlight: Promise<T> | undefined;
  let generation = 0;

  return {
    get() {
      // Age counts from the start of the load that produced the value, so no caller sees data older than ttlMs.
      if (cached && clock() - cached.loadedAt < ttlMs) {
        return Promise.resolve(cached.value);
      }
      if (inFlight) {
        return inFlight;
      }
      const startedAt = clock();
      const startedGeneration = generation;
      const promise: Promise<T> = Promise.resolve()
        .then(load)
        .then((value) => {
          if (startedGeneration === generation) {
            cached = { value, loadedAt: startedAt };
          }
          return value;
        })
        .finally(() => {
          if (inFlight === promise) {
            inFlight = undefined;
          }
        });
      inFlight = promise;
      return promise;
    },
    invalidate() {
      generation += 1;
      cached = undefined;
      inFlight = undefined;
    },
  };
}
