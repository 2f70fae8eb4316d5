import React from 'react';
import type { SelectableValue } from '@grafana/data';
import { InlineField, InlineFieldRow, RadioButtonGroup, Select } from '@grafana/ui';
import { QUEUE_METRIC_FIELDS, QueueMetricField } from '@penguinmails/sysmon-contract';
import type { QueueMetricsGroupBy } from '../../types';
import { QueueInput } from './QueueInput';
import { TierSelect } from './TierSelect';
import { LABEL_WIDTH, TypeEditorProps } from './types';

const FIELD_OPTIONS: Array<SelectableValue<QueueMetricField>> = QUEUE_METRIC_FIELDS.map((field) => ({
  value: field.value,
  label: field.label,
  description: `${field.value} (unit ${field.unit})`,
}));

const GROUP_BY_OPTIONS: Array<SelectableValue<QueueMetricsGroupBy>> = [
  { value: 'queue', label: 'Per queue', description: 'One series per queue' },
  { value: 'tier', label: 'Per tier', description: 'One series per tier (sum of its queues)' },
];

/** `queue_metrics`: one snapshot field over the dashboard range, one series per queue or per tier. */
export function QueueMetricsEditor({
  query,
  defaults,
  onChange,
  onRunQuery,
  variableNames,
}: TypeEditorProps<'queue_metrics'>) {
  const run = (next: typeof query) => {
    onChange(next);
    onRunQuery();
  };
  return (
    <>
      <InlineFieldRow>
        <InlineField label="Field" labelWidth={LABEL_WIDTH} tooltip="The queue snapshot field to chart">
          <Select<QueueMetricField>
            inputId={`${query.refId}-metrics-field`}
            width={32}
            options={FIELD_OPTIONS}
            value={query.field ?? defaults.field}
            onChange={(selected) => selected.value && run({ ...query, field: selected.value })}
          />
        </InlineField>
        <InlineField label="Group by" labelWidth={LABEL_WIDTH}>
          <RadioButtonGroup<QueueMetricsGroupBy>
            options={GROUP_BY_OPTIONS}
            value={query.groupBy ?? defaults.groupBy}
            onChange={(groupBy) => run({ ...query, groupBy })}
          />
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>
        <TierSelect
          id={`${query.refId}-metrics-tier`}
          value={query.tier}
          variableNames={variableNames}
          onChange={(tier) => run({ ...query, tier })}
        />
        <QueueInput
          id={`${query.refId}-metrics-queue`}
          value={query.queue}
          variableNames={variableNames}
          onChange={(queue) => onChange({ ...query, queue })}
          onCommit={onRunQuery}
        />
      </InlineFieldRow>
    </>
  );
}
