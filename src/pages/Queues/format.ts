// Number, age, rate and ETA formatting shared by the Queues and Queue detail pages.
// Null means "unknown" in every snapshot field, shown as an em dash.
export const UNKNOWN = '—';

/** 1234 → "1,234"; null → "—". */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return UNKNOWN;
  }
  return Math.round(value).toLocaleString('en-US');
}

/** A duration in ms as the two largest units: "850 ms", "12 s", "4 min 5 s", "2 h 10 min", "3 d 4 h". */
export function formatDurationMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) {
    return UNKNOWN;
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  const totalSeconds = Math.floor(ms / 1000);
  if (totalSeconds < 60) {
    return `${totalSeconds} s`;
  }
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) {
    const seconds = totalSeconds % 60;
    return seconds ? `${totalMinutes} min ${seconds} s` : `${totalMinutes} min`;
  }
  const totalHours = Math.floor(totalMinutes / 60);
  if (totalHours < 24) {
    const minutes = totalMinutes % 60;
    return minutes ? `${totalHours} h ${minutes} min` : `${totalHours} h`;
  }
  const days = Math.floor(totalHours / 24);
  const hours = totalHours % 24;
  return hours ? `${days} d ${hours} h` : `${days} d`;
}

/**
 * Drain ETA of a queue: "empty" when nothing waits, "not draining" when the service has no ETA
 * (arrivals keep up with or outpace processing, or no rate is known), else "≈ 4 min".
 */
export function formatDrainEta(etaSeconds: number | null, depth: number): string {
  if (depth <= 0) {
    return 'empty';
  }
  if (etaSeconds === null || !Number.isFinite(etaSeconds) || etaSeconds < 0) {
    return 'not draining';
  }
  return `≈ ${formatDurationMs(etaSeconds * 1000)}`;
}

/** Jobs per minute: "0/min", "4.5/min", "120/min", "12.3k/min"; null → "—". */
export function formatRatePerMin(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return UNKNOWN;
  }
  if (value === 0) {
    return '0/min';
  }
  if (value < 10) {
    return `${Number(value.toFixed(1))}/min`;
  }
  if (value < 10000) {
    return `${Math.round(value)}/min`;
  }
  return `${Number((value / 1000).toFixed(1))}k/min`;
}

/** 0..1 → "2.5%"; null → "—". */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) {
    return UNKNOWN;
  }
  const percent = ratio * 100;
  return `${percent < 10 ? Number(percent.toFixed(1)) : Math.round(percent)}%`;
}

/** A byte count: "512 B", "1.5 KB", "2.3 MB" (1 KB = 1024 B). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) {
    return UNKNOWN;
  }
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  if (bytes < 1024 * 1024) {
    return `${Number((bytes / 1024).toFixed(1))} KB`;
  }
  return `${Number((bytes / 1024 / 1024).toFixed(1))} MB`;
}
