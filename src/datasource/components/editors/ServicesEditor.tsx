import React from 'react';
import type { SelectableValue } from '@grafana/data';
import { InlineField, InlineFieldRow, Select } from '@grafana/ui';
import { LABEL_WIDTH, TypeEditorProps } from './types';
import { useVariableValues, withHeldValues, type LoadValues } from './useVariableValues';

interface ServiceFieldProps {
  id: string;
  value: string | undefined;
  variableNames: string[];
  /** '' means every service. */
  onChange: (service: string) => void;
  loadValues?: LoadValues;
  tooltip?: string;
}

/**
 * One probed service by id (as the Infrastructure page's cards and the `infra_service` variable list them), every
 * service, or a dashboard variable such as $service; the ids are asked for the first time the list opens.
 */
export function ProbedServiceField({ id, value, variableNames, onChange, loadValues, tooltip }: ServiceFieldProps) {
  // The probed services' ids, through the `infra_service` variable query.
  const known = useVariableValues(loadValues, 'infra_service', 'services');
  const current = value ?? '';
  const options: Array<SelectableValue<string>> = [
    { label: 'All services', value: '' },
    ...withHeldValues(known.values, [current]).map((service) => ({ label: service, value: service })),
    ...variableNames.map((name) => ({ label: name, value: name, description: 'Dashboard variable' })),
  ];
  return (
    <InlineField label="Service" labelWidth={LABEL_WIDTH} htmlFor={id} tooltip={tooltip ?? 'Only this probed service'}>
      <Select<string>
        inputId={id}
        width={28}
        options={options}
        value={current}
        allowCustomValue
        isLoading={known.loading}
        onOpenMenu={known.load}
        noOptionsMessage={known.error}
        formatCreateLabel={(input) => `Use ${input}`}
        onChange={(selected) => onChange(selected?.value ?? '')}
      />
    </InlineField>
  );
}

/** `services`: one row per probed service (state, since, latency, cause, uptime), optionally one service. */
export function ServicesEditor({
  query,
  onChange,
  onRunQuery,
  variableNames,
  loadValues,
}: TypeEditorProps<'services'>) {
  return (
    <InlineFieldRow>
      <ProbedServiceField
        id={`${query.refId}-services-service`}
        value={query.service}
        variableNames={variableNames}
        loadValues={loadValues}
        onChange={(service) => {
          onChange({ ...query, service });
          onRunQuery();
        }}
      />
    </InlineFieldRow>
  );
}
