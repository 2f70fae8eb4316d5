// A line's time: the logger's own when it has one the store can keep, else the arrival time. Lines are stored in
// the daily partition of their time, so a time far outside the kept days (a clock at 1970, a year typo) would
// create a partition that retention drops at once or years ahead: such lines are stored at their arrival time and
// keep the original value in attrs.
import { DAY_MS } from '../../db/partitions.ts';

export interface TimeWindow {
  /** Arrival time. */
  now: Date;
  retentionDays: number;
}

/** How far ahead of the arrival time a logger's clock may be (skew, time zones written wrong). */
export const FUTURE_TOLERANCE_MS = DAY_MS;

/** Attribute keys set when the logger's time was not used. */
export const ORIGINAL_TIME_ATTR = 'original_ts';
export const TIME_REPLACED_ATTR = 'ts_replaced';

/** Epoch numbers by magnitude: seconds, milliseconds, microseconds or nanoseconds. */
export function epochToMs(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude < 1e11) {
    return value * 1_000;
  }
  if (magnitude < 1e14) {
    return value;
  }
  if (magnitude < 1e17) {
    return value / 1_000;
  }
  return value / 1_000_000;
}

const NUMERIC = /^-?\d+(?:\.\d+)?$/;

/** A logger time (ISO 8601 / RFC 2822 text, epoch number or numeric text) as epoch ms; undefined if unreadable. */
export function parseLogTime(value: unknown): number | undefined {
  let ms: number;
  if (typeof value === 'number') {
    ms = epochToMs(value);
  } else if (typeof value === 'string' && value.length > 0 && value.length <= 64) {
    ms = NUMERIC.test(value) ? epochToMs(Number(value)) : Date.parse(value);
  } else {
    return undefined;
  }
  return Number.isFinite(ms) ? ms : undefined;
}

/** Nanoseconds since the epoch as text (Loki, OTLP) to ms; undefined unless it is a non-negative integer. */
export function nanosToMs(value: unknown): number | undefined {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,20}$/.test(text)) {
    return undefined;
  }
  return text.length <= 6 ? 0 : Number(text.slice(0, -6));
}

export interface ResolvedTime {
  ts: Date;
  /** Set when the logger's time was not used: why, for attrs. */
  replaced?: 'unparseable' | 'outside_retention' | 'in_future';
}

/**
 * The time to store a line at. `ms` undefined with `present` false: the line said no time (arrival time, nothing
 * noted); present but unreadable or outside [now − retentionDays, now + 1 day]: arrival time, and why.
 */
export function resolveTime(ms: number | undefined, present: boolean, window: TimeWindow): ResolvedTime {
  if (ms === undefined) {
    return present ? { ts: window.now, replaced: 'unparseable' } : { ts: window.now };
  }
  const now = window.now.getTime();
  if (ms < now - window.retentionDays * DAY_MS) {
    return { ts: window.now, replaced: 'outside_retention' };
  }
  if (ms > now + FUTURE_TOLERANCE_MS) {
    return { ts: window.now, replaced: 'in_future' };
  }
  return { ts: new Date(ms) };
}
