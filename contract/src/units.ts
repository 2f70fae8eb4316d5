// Grafana unit ids of the values the service reports (Grafana formats them: "1.2 min", "42 c/m", "3.5%").
export const UNITS = {
  count: 'short',
  milliseconds: 'ms',
  seconds: 's',
  perMinute: 'cpm',
  /** A 0..1 fraction shown as a percentage. */
  ratio: 'percentunit',
  bytes: 'bytes',
} as const;

export type Unit = (typeof UNITS)[keyof typeof UNITS];
