// Short wording of elapsed time and uptime for service states: "for 3 min", "99.95%". Shared by the Infrastructure
// page, the home overview and the status board.
import { UNKNOWN } from './format';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "12 s", "3 min", "2 h 5 min", "3 d 4 h": two units at most, rounded down (a state is never said to be older). */
export function formatElapsed(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) {
    return UNKNOWN;
  }
  const value = Math.max(0, ms);
  if (value < MINUTE) {
    return `${Math.floor(value / SECOND)} s`;
  }
  if (value < HOUR) {
    return `${Math.floor(value / MINUTE)} min`;
  }
  const pair = (big: number, bigUnit: string, small: number, smallUnit: string) =>
    small > 0 ? `${big} ${bigUnit} ${small} ${smallUnit}` : `${big} ${bigUnit}`;
  if (value < DAY) {
    return pair(Math.floor(value / HOUR), 'h', Math.floor((value % HOUR) / MINUTE), 'min');
  }
  return pair(Math.floor(value / DAY), 'd', Math.floor((value % DAY) / HOUR), 'h');
}

/** Epoch ms of an ISO time, epoch ms or null; NaN when it is not a time. */
export function timeOf(value: string | number | null | undefined): number {
  if (value === null || value === undefined || value === '') {
    return NaN;
  }
  return typeof value === 'number' ? value : Date.parse(value);
}

/** "for 3 min" since `since` (ISO or epoch ms), as of `now`; "" when it is not known since when. */
export function formatStateAge(since: string | number | null | undefined, now: number): string {
  const at = timeOf(since);
  return Number.isFinite(at) ? `for ${formatElapsed(now - at)}` : '';
}

/** "3 min ago", "just now" (under 2 s); "" for no time. */
export function formatAgo(at: string | number | null | undefined, now: number): string {
  const time = timeOf(at);
  if (!Number.isFinite(time)) {
    return '';
  }
  return now - time < 2 * SECOND ? 'just now' : `${formatElapsed(now - time)} ago`;
}

/**
 * An uptime ratio (0..1) as a percentage with up to two decimals, rounded down so that a service that was ever
 * down never reads "100%"; unknown (null: never known in the window) is an em dash, never 100%.
 */
export function formatUptime(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) {
    return UNKNOWN;
  }
  const hundredths = Math.floor(Math.min(1, Math.max(0, ratio)) * 10_000);
  const text = (hundredths / 100).toFixed(2).replace(/\.?0+$/, '');
  return `${text}%`;
}
