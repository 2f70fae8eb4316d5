import React from 'react';
import type { SelectableValue } from '@grafana/data';
import { InlineField, InlineFieldRow, RadioButtonGroup } from '@grafana/ui';
import { LOG_LEVELS, TIERS, variableQuerySchema } from '@penguinmails/sysmon-contract';
import type { VariableKind } from '../../types';
import { TierSelect } from './TierSelect';
import { LABEL_WIDTH, TypeEditorProps } from './types';

// Typed over every kind, so a kind added to the contract does not compile until it has its label.
const KIND_LABELS: Record<VariableKind, Omit<SelectableValue<VariableKind>, 'value'>> = {
  queue: { label: 'Queue names', description: 'Every discovered queue (optionally of one tier)' },
  tier: { label: 'Tiers', description: TIERS.join(', ') },
  service: { label: 'Log services', description: 'Every service that logged in the time range' },
  level: { label: 'Log levels', description: LOG_LEVELS.join(', ') },
  infra_service: { label: 'Probed services', description: 'The services the Infrastructure page shows (probe ids)' },
};
// The kinds the schema accepts, in its order.
const KIND_OPTIONS: Array<SelectableValue<VariableKind>> = variableQuerySchema.shape.variable
  .unwrap()
  .options.map((value: VariableKind) => ({ value, ...KIND_LABELS[value] }));

/**
 * `variable`: the values of a dashboard variable: queue names (optionally of one tier), tiers, log services, log
 * levels or probed services.
 */
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
