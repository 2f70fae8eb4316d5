import React from 'react';
import type { SelectableValue } from '@grafana/data';
import { InlineField, InlineFieldRow, Input, RadioButtonGroup } from '@grafana/ui';
import { logContextQuerySchema, type QueryOf } from '@penguinmails/sysmon-contract';
import { isVariableReference } from '../../queryRequest';
import { LimitField } from './LimitField';
import { LABEL_WIDTH, TypeEditorProps } from './types';

type Direction = QueryOf<'log_context'>['direction'];

const DIRECTION_LABELS: Record<Direction, SelectableValue<Direction>> = {
  backward: { value: 'backward', label: 'Before', description: 'The lines of the same service just before it' },
  forward: { value: 'forward', label: 'After', description: 'The lines of the same service just after it' },
};
// The schema's directions, in its order.
const DIRECTION_OPTIONS = logContextQuerySchema.shape.direction
  .unwrap()
  .options.map((direction: Direction) => DIRECTION_LABELS[direction]);

const ID_SCHEMA = logContextQuerySchema.shape.id.unwrap();

/** `log_context`: the lines around one stored line (by id). */
export function LogContextEditor({ query, defaults, onChange, onRunQuery }: TypeEditorProps<'log_context'>) {
  const id = query.id ?? '';
  const idInvalid = id !== '' && !isVariableReference(id) && !ID_SCHEMA.safeParse(id).success;
  return (
    <InlineFieldRow>
      <InlineField
        label="Line id"
        labelWidth={LABEL_WIDTH}
        htmlFor={`${query.refId}-context-id`}
        invalid={idInvalid}
        error="A log line id: digits only"
        tooltip="The id of the line to show context around (a logs frame's id field, or $variable)"
      >
        <Input
          id={`${query.refId}-context-id`}
          width={24}
          value={id}
          placeholder="e.g. 184467 or $line"
          onChange={(event) => onChange({ ...query, id: event.currentTarget.value.trim() })}
          onBlur={onRunQuery}
        />
      </InlineField>
      <InlineField label="Direction" labelWidth={LABEL_WIDTH} tooltip="Which side of the line">
        <RadioButtonGroup<Direction>
          options={DIRECTION_OPTIONS}
          value={query.direction ?? defaults.direction}
          onChange={(direction) => {
            onChange({ ...query, direction });
            onRunQuery();
          }}
        />
      </InlineField>
      <LimitField
        id={`${query.refId}-context-limit`}
        schema={logContextQuerySchema.shape.limit}
        value={query.limit}
        fallback={defaults.limit}
        tooltip="Most lines on that side"
        onChange={(limit) => onChange({ ...query, limit })}
        onCommit={onRunQuery}
      />
    </InlineFieldRow>
  );
}
