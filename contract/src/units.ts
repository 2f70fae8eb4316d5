// Grafana unit ids of the values the service reports (Grafana formats them: "1.2 mins", "409 jobs/min", "3.5%").
export const UNITS = {
  count: 'short',
  milliseconds: 'ms',
  seconds: 's',
  /**
   * Jobs per minute (throughput, failures): Grafana's custom count unit, scaled like 'cpm' but named for what is
   * counted: "409 jobs/min", "1.50K jobs/min" (Grafana's own 'cpm' says "c/m", which nobody reads as jobs).
   */
  jobsPerMinute: 'count:jobs/min',
  /** A 0..1 fraction shown as a percentage. */
  ratio: 'percentunit',
  bytes: 'bytes',
} as const;

export type Unit = (typeof UNITS)[keyof typeof UNITS];

/** What each unit means in words (the glossary and docs/METRICS.md). */
export const UNIT_NAMES: Readonly<Record<Unit, string>> = {
  short: 'count',
  ms: 'milliseconds',
  s: 'seconds',
  'count:jobs/min': 'jobs per minute',
  percentunit: 'ratio 0–1 (shown as a percentage)',
  bytes: 'bytes',
};
