import {
  QUEUES_FRAME,
  type QueueHistoryResponse,
  type QueueMetricField,
  type Unit,
} from '@penguinmails/sysmon-contract';

const q = QUEUES_FRAME.fields;

/** The detail page's charts: depth by state, throughput and failures (each a snapshot field, in its unit). */
export const DETAIL_CHARTS: Array<{ field: QueueMetricField; title: string; unit?: Unit }> = [
  { field: q.waiting.name, title: 'Waiting', unit: q.waiting.unit },
  { field: q.prioritized.name, title: 'Prioritized', unit: q.prioritized.unit },
  { field: q.delayed.name, title: 'Delayed', unit: q.delayed.unit },
  { field: q.active.name, title: 'Active', unit: q.active.unit },
  { field: q.throughputPerMin.name, title: 'Throughput', unit: q.throughputPerMin.unit },
  { field: q.failuresPerMin.name, title: 'Failures', unit: q.failuresPerMin.unit },
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
