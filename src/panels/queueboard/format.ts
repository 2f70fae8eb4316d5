// Short, glanceable numbers for tiles read from across a room. Unknown values show as an em dash.
export const UNKNOWN = '—';

const trim = (value: number, digits: number) => String(Number(value.toFixed(digits)));

/** 999 → "999", 12_345 → "12.3k", 2_500_000 → "2.5M". */
export function formatCount(value: number | null): string {
  if (value === null || !Number.isFinite(value)) {
    return UNKNOWN;
  }
  const abs = Math.abs(value);
  if (abs < 1000) {
    return trim(value, abs < 10 && !Number.isInteger(value) ? 1 : 0);
  }
  if (abs < 1_000_000) {
    return `${trim(value / 1000, abs < 100_000 ? 1 : 0)}k`;
  }
  if (abs < 1_000_000_000) {
    return `${trim(value / 1_000_000, abs < 100_000_000 ? 1 : 0)}M`;
  }
  return `${trim(value / 1_000_000_000, 1)}B`;
}

/** Milliseconds as the two largest units: "850ms", "42s", "3m 20s", "2h 05m", "3d 4h". */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) {
    return UNKNOWN;
  }
  if (ms < 1000) {
    return `${Math.round(ms)}ms`;
  }
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) {
    return `${seconds}s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  }
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** A 0..1 ratio as a percentage: "0%", "0.4%", "12%". */
export function formatPercent(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) {
    return UNKNOWN;
  }
  const percent = ratio * 100;
  if (percent === 0) {
    return '0%';
  }
  return `${trim(percent, percent < 10 ? 1 : 0)}%`;
}

/** Jobs per minute: "120/min", "1.2k/min". */
export function formatPerMinute(value: number | null): string {
  const count = formatCount(value);
  return count === UNKNOWN ? UNKNOWN : `${count}/min`;
}
