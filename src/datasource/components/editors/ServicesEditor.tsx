import React, { useState } from 'react';
import type { SelectableValue } from '@grafana/data';
import { InlineField, InlineFieldRow, Select } from '@grafana/ui';
import type { VariableKind } from '../../types';
import { LABEL_WIDTH, TypeEditorProps } from './types';

interface ServiceFieldProps {
  id: string;
  value: string | undefined;
  variableNames: string[];
  /** '' means every service. */
  onChange: (service: string) => void;
  loadValues?: (variable: VariableKind) => Promise<string[]>;
  tooltip?: string;
}

/**
 * One probed service by id (as the Infrastructure page's cards and the `infra_service` variable list them), every
 * service, or a dashboard variable such as $service; the ids are asked for the first time the list opens.
 */
export function ProbedServiceField({ id, value, variableNames, onChange, loadValues, tooltip }: ServiceFieldProps) {
  const known = useProbedServices(loadValues);
  const current = value ?? '';
  const options: Array<SelectableValue<string>> = [
    { label: 'All services', value: '' },
    ...[...new Set([...known.values, ...(current && !current.startsWith('$') ? [current] : [])])].map((service) => ({
      label: service,
      value: service,
    })),
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

/** The probed services' ids, loaded once through the `infra_service` variable query. */
function useProbedServices(loadValues: ServiceFieldProps['loadValues']) {
  const [state, setState] = useState<{ values: string[]; loading: boolean; loaded: boolean; error?: string }>({
    values: [],
    loading: false,
    loaded: false,
  });
  const load = () => {
    if (!loadValues || state.loading || state.loaded) {
      return;
    }
    setState((previous) => ({ ...previous, loading: true }));
    loadValues('infra_service').then(
      (values) => setState({ values, loading: false, loaded: true }),
      (error: unknown) =>
        setState({
          values: [],
          loading: false,
          loaded: true,
          error: `Could not list services: ${error instanceof Error ? error.message : String(error)}`,
        })
    );
  };
  return { ...state, load };
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
