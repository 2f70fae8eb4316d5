// Score arithmetic of BullMQ's sorted sets (5.x and 6.x).

/** prioritized: score = priority · 2^32 + a per-queue counter, so each priority is a 2^32-wide band. */
export const PRIORITY_BAND = 2 ** 32;

/** delayed: score = due time (ms) · 4096 + a sequence number. */
export const DELAYED_SCORE_FACTOR = 4096;

/** The job priority of a prioritized-set score. */
export function priorityOfScore(score: number): number {
  return Math.floor(score / PRIORITY_BAND);
}

/** When a delayed job is due (ms), from its delayed-set score. */
export function delayedDueMs(score: number): number {
  return Math.floor(score / DELAYED_SCORE_FACTOR);
}

/** The largest delayed-set score of a job due at or before `now`: (now+1)·4096 − 1 (< 2^53, exact). */
export function dueMaxScore(now: number): number {
  return (Math.floor(now) + 1) * DELAYED_SCORE_FACTOR - 1;
}
