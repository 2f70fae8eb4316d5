/**
 * Which of several overlapping requests may still show its answer: only the one started last. An answer that a
 * newer request overtook is dropped, so a slow old answer never replaces a newer one on screen.
 */
export interface LatestRequest {
  /** Starts a request; the returned check stays true until another request starts (or stale() is called). */
  begin(): () => boolean;
  /** Makes every request started so far stale: their answers no longer apply (unmount, another queue or key). */
  stale(): void;
}

export function latestRequest(): LatestRequest {
  let newest = 0;
  return {
    begin() {
      const id = ++newest;
      return () => id === newest;
    },
    stale() {
      newest++;
    },
  };
}
