import { createDataFrame, FieldType } from '@grafana/data';
import { QUEUES_FRAME } from '@penguinmails/sysmon-contract';

type QueuesField = keyof typeof QUEUES_FRAME.fields;
type Row = { queue: string } & Partial<Record<QueuesField, string | number | boolean | null>>;

// Unset cells: a tier and paused are always sent, numbers are unknown, and the error is empty when the queue was read.
const UNSET: Partial<Record<QueuesField, string | boolean>> = { tier: 'normal', paused: false, error: '' };

/** A `queues` frame as the data source delivers it: every field of the contract's QUEUES_FRAME, with its unit. */
export function queuesFrame(rows: Row[]) {
  const definitions = Object.entries(QUEUES_FRAME.fields) as Array<
    [QueuesField, (typeof QUEUES_FRAME.fields)[QueuesField]]
  >;
  return createDataFrame({
    name: QUEUES_FRAME.name,
    refId: 'A',
    fields: definitions.map(([key, definition]) => ({
      name: definition.name,
      type: definition.type as FieldType,
      values: rows.map((row) => row[key] ?? UNSET[key] ?? null),
      config: definition.unit ? { unit: definition.unit } : {},
    })),
  });
}
