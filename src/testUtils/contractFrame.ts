import { createDataFrame, FieldType } from '@grafana/data';
import type { FrameDefinition } from '@penguinmails/sysmon-contract';

type Cell = string | number | boolean | null;
/** A row by the contract's field keys; a missing cell is the frame's unset value, else null. */
export type ContractRow<D extends FrameDefinition> = Partial<Record<keyof D['fields'], Cell>>;

/** A frame as the data source delivers it (refId A): every field of the contract's `definition`, with its unit. */
export function contractFrame<D extends FrameDefinition>(
  definition: D,
  rows: Array<ContractRow<D>>,
  unset: ContractRow<D> = {}
) {
  const cells = (key: keyof D['fields']) => rows.map((row) => row[key] ?? unset[key] ?? null);
  return createDataFrame({
    name: definition.name,
    refId: 'A',
    fields: Object.entries(definition.fields).map(([key, field]) => ({
      name: field.name,
      type: field.type as FieldType,
      values: cells(key),
      config: field.unit ? { unit: field.unit } : {},
    })),
  });
}
