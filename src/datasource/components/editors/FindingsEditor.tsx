import React from 'react';
import type { SelectableValue } from '@grafana/data';
import { InlineField, InlineFieldRow, RadioButtonGroup } from '@grafana/ui';
import { FINDING_SEVERITIES, type FindingSeverity } from '@penguinmails/sysmon-contract';
import { ProbedServiceField } from './ServicesEditor';
import { LABEL_WIDTH, TypeEditorProps } from './types';

type SeverityChoice = FindingSeverity | '';

const WORDS: Record<FindingSeverity, string> = {
  critical: 'Critical',
  warning: 'Warning and worse',
  info: 'Info and worse',
};

// "At least this severe", most inclusive first; every severity is "info and worse", so that one reads "All".
const SEVERITY_OPTIONS: Array<SelectableValue<SeverityChoice>> = [
  { value: '', label: 'All' },
  ...[...FINDING_SEVERITIES]
    .reverse()
    .filter((severity) => severity !== 'info')
    .map((severity) => ({ value: severity, label: WORDS[severity] })),
];

/** `findings`: the active infrastructure problems with their causes, optionally of one service or at least a severity. */
export function FindingsEditor({
  query,
  onChange,
  onRunQuery,
  variableNames,
  loadValues,
}: TypeEditorProps<'findings'>) {
  const run = (next: typeof query) => {
    onChange(next);
    onRunQuery();
  };
  return (
    <InlineFieldRow>
      <ProbedServiceField
        id={`${query.refId}-findings-service`}
        value={query.service}
        variableNames={variableNames}
        loadValues={loadValues}
        tooltip="Only findings of this service (reputation for the sending IPs' listings)"
        onChange={(service) => run({ ...query, service })}
      />
      <InlineField label="Severity" labelWidth={LABEL_WIDTH} tooltip="Only findings at least this severe">
        <RadioButtonGroup<SeverityChoice>
          options={SEVERITY_OPTIONS}
          value={query.severity ?? ''}
          onChange={(severity) => {
            const { severity: _previous, ...rest } = query;
            run(severity ? { ...rest, severity } : rest);
          }}
        />
      </InlineField>
    </InlineFieldRow>
  );
}
