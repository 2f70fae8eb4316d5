// Number formatting shared by the app pages and the Queue board panel. Every helper delegates to Grafana's unit
// formatters (the same ones a field with that unit gets in any Grafana panel); this module only adds the plugin's two
// rules: null (or NaN, ±Infinity) means "unknown" and shows as an em dash, and the drain-ETA wording. Units are the
// contract's, the ones the service puts on its frames.
import { formattedValueToString, getValueFormat } from '@grafana/data';
import { UNITS } from '@penguinmails/sysmon-contract';

export const UNKNOWN = '—';

/** What replaces the numbers of a queue the service could not read (Redis unreachable, a broken key). */
export const NO_DATA = 'no data';

/** "no data — Redis is unreachable (…)": unknown numbers are never shown as zeros. */
export const formatNoData = (reason: string) => (reason ? `${NO_DATA} — ${reason}` : NO_DATA);

const isKnown = (value: number | null | undefined): value is number =>
  value !== null && value !== undefined && Number.isFinite(value);

/** `value` in a Grafana unit ('short', 'ms', 'percentunit', …); `decimals` as Grafana's (undefined: automatic). */
export function formatWithUnit(unit: string, value: number | null | undefined, decimals?: number): string {
  return isKnown(value) ? formattedValueToString(getValueFormat(unit)(value, decimals)) : UNKNOWN;
}

/** An exact count with the locale's separators: "1,234,567" (unit 'locale'). */
export const formatCount = (value: number | null | undefined) => formatWithUnit('locale', value, 0);

/** A glanceable count: "999", "12.3 K", "2.50 Mil" (unit 'short'). */
export const formatShortCount = (value: number | null | undefined) => formatWithUnit(UNITS.count, value);

/** Milliseconds: "850 ms", "42 s", "3.33 mins", "2.08 hours" (unit 'ms'); negative durations are unknown. */
export const formatDuration = (ms: number | null | undefined, decimals?: number) =>
  isKnown(ms) && ms >= 0 ? formatWithUnit(UNITS.milliseconds, ms, decimals) : UNKNOWN;

/** A 0..1 ratio: "0%", "2.50%", "12%" (unit 'percentunit'). */
export const formatPercent = (ratio: number | null | undefined) => formatWithUnit(UNITS.ratio, ratio);

/** Jobs per minute (throughput, failures): "0 jobs/min", "409 jobs/min", "12.3K jobs/min" (the contract's unit). */
export const formatJobsPerMinute = (value: number | null | undefined) => formatWithUnit(UNITS.jobsPerMinute, value);

/** A byte count: "512 B", "1.50 KiB", "2.30 MiB" (unit 'bytes', 1 KiB = 1024 B); negative sizes are unknown. */
export const formatBytes = (bytes: number | null | undefined) =>
  isKnown(bytes) && bytes >= 0 ? formatWithUnit(UNITS.bytes, bytes) : UNKNOWN;

/**
 * Drain ETA of a queue: "empty" when nothing waits, "not draining" when the service has no ETA
 * (arrivals keep up with or outpace processing, or no rate is known), else a rounded duration: "≈ 4 mins".
 */
export function formatDrainEta(etaSeconds: number | null, depth: number): string {
  if (depth <= 0) {
    return 'empty';
  }
  if (!isKnown(etaSeconds) || etaSeconds < 0) {
    return 'not draining';
  }
  return `≈ ${formatWithUnit(UNITS.seconds, etaSeconds, 0)}`;
}
