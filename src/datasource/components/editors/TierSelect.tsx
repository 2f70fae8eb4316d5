import React from 'react';
import type { SelectableValue } from '@grafana/data';
import { InlineField, Select } from '@grafana/ui';
import { TIERS } from '@penguinmails/sysmon-contract';
import { LABEL_WIDTH } from './types';

interface Props {
  /** Used for the input id (label association) when several editors are on one page. */
  id: string;
  value: string | undefined;
  variableNames: string[];
  /** '' means every tier. */
  onChange: (tier: string) => void;
  tooltip?: string;
}

/** Tier filter: every tier, one tier, or a dashboard variable such as $tier (typed or picked). */
export function TierSelect({ id, value, variableNames, onChange, tooltip }: Props) {
  const options: Array<SelectableValue<string>> = [
    { label: 'All tiers', value: '' },
    ...TIERS.map((tier) => ({ label: tier, value: tier })),
    ...variableNames.map((name) => ({ label: name, value: name, description: 'Dashboard variable' })),
  ];
  return (
    <InlineField label="Tier" labelWidth={LABEL_WIDTH} htmlFor={id} tooltip={tooltip ?? 'Only queues of this tier'}>
      <Select<string>
        inputId={id}
        width={20}
        options={options}
        value={value ?? ''}
        allowCustomValue
        formatCreateLabel={(input) => `Use ${input}`}
        onChange={(selected) => onChange(selected?.value ?? '')}
      />
    </InlineField>
  );
}
