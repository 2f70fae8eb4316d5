import { createDataFrame, FieldType } from '@grafana/data';

/** A `queues` frame as the data source delivers it (field names and units per the issue-3 contract). */
export function queuesFrame(
  rows: Array<{
    queue: string;
    tier?: string;
    paused?: boolean;
    depth?: number | null;
    active?: number | null;
    oldest_wait_ms?: number | null;
    workers?: number | null;
    throughput_per_min?: number | null;
    failures_per_min?: number | null;
    failure_rate?: number | null;
    drain_eta_s?: number | null;
  }>
) {
  const column = <K extends keyof (typeof rows)[number]>(key: K) => rows.map((row) => row[key] ?? null);
  return createDataFrame({
    name: 'queues',
    refId: 'A',
    fields: [
      { name: 'queue', type: FieldType.string, values: column('queue') },
      { name: 'tier', type: FieldType.string, values: rows.map((row) => row.tier ?? 'normal') },
      { name: 'paused', type: FieldType.boolean, values: rows.map((row) => row.paused ?? false) },
      { name: 'waiting', type: FieldType.number, values: rows.map(() => 0) },
      { name: 'active', type: FieldType.number, values: column('active') },
      { name: 'depth', type: FieldType.number, values: column('depth') },
      { name: 'oldest_wait_ms', type: FieldType.number, values: column('oldest_wait_ms'), config: { unit: 'ms' } },
      { name: 'workers', type: FieldType.number, values: column('workers') },
      {
        name: 'throughput_per_min',
        type: FieldType.number,
        values: column('throughput_per_min'),
        config: { unit: 'cpm' },
      },
      { name: 'failures_per_min', type: FieldType.number, values: column('failures_per_min'), config: { unit: 'cpm' } },
      {
        name: 'failure_rate',
        type: FieldType.number,
        values: column('failure_rate'),
        config: { unit: 'percentunit' },
      },
      { name: 'drain_eta_s', type: FieldType.number, values: column('drain_eta_s'), config: { unit: 's' } },
    ],
  });
}
