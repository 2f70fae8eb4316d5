// A value loaded at most once per TTL, with single-flight: concurrent callers share one in-flight load.
// Failures are shared by the callers waiting on that load but never cached, so the next call retries.
// With `refreshInBackground`, an expired value is still answered while one load refreshes it, so callers never
// wait for a slow load (queue discovery SCANs every key) once a first value exists.

export interface CachedLoader<T> {
  /** The cached value if younger than the TTL, else the result of one (shared) fresh load. */
  get(): Promise<T>;
  /** Forgets the cached value (e.g. after an action changed it); an in-flight load is not stored. */
  invalidate(): void;
  /**
   * Starts one fresh load (unless one is in flight) without forgetting the cached value: callers keep getting it
   * until the load stores its result. Never throws; a failed load keeps the old value.
   */
  refresh(): void;
}

export interface CachedLoaderOptions<T> {
  clock?: () => number;
  refreshInBackground?: boolean;
  /** A shorter TTL for some values (e.g. an empty queue list, so new queues show up quickly). */
  ttlFor?: (value: T) => number;
}

export function cachedLoader<T>(
  load: () => Promise<T>,
  ttlMs: number,
  options: CachedLoaderOptions<T> = {}
): CachedLoader<T> {
  const clock = options.clock ?? Date.now;
  let cached: { value: T; loadedAt: number } | undefined;
  let inFlight: Promise<T> | undefined;
  let generation = 0;

  return {
    get() {
      // Age counts from the start of the load that produced the value, so no caller sees data older than ttlMs.
      if (cached && clock() - cached.loadedAt < (options.ttlFor?.(cached.value) ?? ttlMs)) {
        return Promise.resolve(cached.value);
      }
      if (cached && options.refreshInBackground) {
        // A failed refresh keeps the old value; the next call after it tries again.
        (inFlight ?? startLoad()).catch(() => undefined);
        return Promise.resolve(cached.value);
      }
      return inFlight ?? startLoad();
    },
    invalidate() {
      generation += 1;
      cached = undefined;
      inFlight = undefined;
    },
    refresh() {
      (inFlight ?? startLoad()).catch(() => undefined);
    },
  };

  function startLoad(): Promise<T> {
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
  }
}
