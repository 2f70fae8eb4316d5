import React from 'react';
import type { SelectableValue } from '@grafana/data';
import { InlineField, InlineFieldRow, RadioButtonGroup } from '@grafana/ui';
import { TIERS } from '@penguinmails/sysmon-contract';
import type { VariableKind } from '../../types';
import { TierSelect } from './TierSelect';
import { LABEL_WIDTH, TypeEditorProps } from './types';

const KIND_OPTIONS: Array<SelectableValue<VariableKind>> = [
  { value: 'queue', label: 'Queue names', description: 'Every discovered queue (optionally of one tier)' },
  { value: 'tier', label: 'Tiers', description: TIERS.join(', ') },
];

/** `variable`: the values of a dashboard variable, queue names (optionally of one tier) or tiers. */
export function VariableEditor({ query, defaults, onChange, onRunQuery, variableNames }: TypeEditorProps<'variable'>) {
  const kind = query.variable ?? defaults.variable;
  return (
    <InlineFieldRow>
      <InlineField label="Values" labelWidth={LABEL_WIDTH} tooltip="What the variable lists">
        <RadioButtonGroup<VariableKind>
          options={KIND_OPTIONS}
          value={kind}
          onChange={(variable) => {
            // A tier filter only applies to queue names.
            const { tier, ...rest } = query;
            onChange(variable === 'queue' ? { ...rest, variable, ...(tier ? { tier } : {}) } : { ...rest, variable });
            onRunQuery();
          }}
        />
      </InlineField>
      {kind === 'queue' && (
        <TierSelect
          id={`${query.refId}-variable-tier`}
          value={query.tier}
          variableNames={variableNames}
          tooltip="Only queues of this tier (for example $tier, to chain a queue variable to a tier variable)"
          onChange={(tier) => {
            onChange({ ...query, tier });
            onRunQuery();
          }}
        />
      )}
    </InlineFieldRow>
  );
}
