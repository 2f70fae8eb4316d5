import React from 'react';
import type { SelectableValue } from '@grafana/data';
import { InlineField, InlineFieldRow, Select } from '@grafana/ui';
import { SERVICE_METRIC_FIELDS, type ServiceMetricField } from '@penguinmails/sysmon-contract';
import { ProbedServiceField } from './ServicesEditor';
import { LABEL_WIDTH, TypeEditorProps } from './types';

const FIELD_OPTIONS: Array<SelectableValue<ServiceMetricField>> = SERVICE_METRIC_FIELDS.map((field) => ({
  value: field.value,
  label: field.label,
  description: `${field.value} (unit ${field.unit})`,
}));

/** `service_metrics`: probe latency or state over the dashboard range, one series per service. */
export function ServiceMetricsEditor({
  query,
  defaults,
  onChange,
  onRunQuery,
  variableNames,
  loadValues,
}: TypeEditorProps<'service_metrics'>) {
  const run = (next: typeof query) => {
    onChange(next);
    onRunQuery();
  };
  return (
    <InlineFieldRow>
      <InlineField label="Metric" labelWidth={LABEL_WIDTH} tooltip="What to chart per service">
        <Select<ServiceMetricField>
          inputId={`${query.refId}-service-metrics-field`}
          width={36}
          options={FIELD_OPTIONS}
          value={query.metric ?? defaults.metric}
          onChange={(selected) => selected.value && run({ ...query, metric: selected.value })}
        />
      </InlineField>
      <ProbedServiceField
        id={`${query.refId}-service-metrics-service`}
        value={query.service}
        variableNames={variableNames}
        loadValues={loadValues}
        tooltip="Only this service; every service (one series each) when empty"
        onChange={(service) => run({ ...query, service })}
      />
    </InlineFieldRow>
  );
}
