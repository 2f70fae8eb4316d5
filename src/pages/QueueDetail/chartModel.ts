import type { QueueMetricField, QueueHistoryResponse } from '@penguinmails/sysmon-contract';

/** The detail page's charts: depth by state, throughput and failures. */
export const DETAIL_CHARTS: Array<{ field: QueueMetricField; title: string; unit: 'jobs' | 'per_min' }> = [
  { field: 'waiting', title: 'Waiting', unit: 'jobs' },
  { field: 'prioritized', title: 'Prioritized', unit: 'jobs' },
  { field: 'delayed', title: 'Delayed', unit: 'jobs' },
  { field: 'active', title: 'Active', unit: 'jobs' },
  { field: 'throughput_per_min', title: 'Throughput', unit: 'per_min' },
  { field: 'failures_per_min', title: 'Failures', unit: 'per_min' },
];

export type ChartPoints = Array<[number, number | null]>;

/** The series of one queue in a history answer (grouped by queue, filtered to the queue: usually the only one). */
export function queueSeries(response: QueueHistoryResponse | undefined, queue: string): ChartPoints {
  const series = response?.series ?? [];
  return (series.find((s) => s.name === queue) ?? series[0])?.points ?? [];
}

/** min / max / last of a series for the chart caption; nulls (gaps) are skipped. */
export function seriesStats(points: ChartPoints): { min: number; max: number; last: number } | null {
  const values = points.map((p) => p[1]).filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0) {
    return null;
  }
  return { min: Math.min(...values), max: Math.max(...values), last: values[values.length - 1] };
}
