import React from 'react';
import type { SelectableValue } from '@grafana/data';
import { InlineField, InlineFieldRow, Input, RadioButtonGroup } from '@grafana/ui';
import { REPUTATION_STATES, type ReputationState } from '@penguinmails/sysmon-contract';
import { LABEL_WIDTH, TypeEditorProps } from './types';

type StateChoice = ReputationState | '';

const STATE_OPTIONS: Array<SelectableValue<StateChoice>> = [
  { value: '', label: 'All' },
  ...REPUTATION_STATES.map((state) => ({
    value: state,
    label: state,
    description: state === 'unknown' ? 'The list could not be asked (never counted as clean)' : undefined,
  })),
];

interface TextFieldProps {
  id: string;
  label: string;
  value: string | undefined;
  placeholder: string;
  tooltip: string;
  onChange: (value: string) => void;
  onCommit: () => void;
}

/** A free-text filter that runs the query on blur or Enter (not on every keystroke). */
function TextField({ id, label, value, placeholder, tooltip, onChange, onCommit }: TextFieldProps) {
  return (
    <InlineField label={label} labelWidth={LABEL_WIDTH} htmlFor={id} tooltip={tooltip}>
      <Input
        id={id}
        width={28}
        value={value ?? ''}
        placeholder={placeholder}
        onChange={(event) => onChange(event.currentTarget.value)}
        onBlur={onCommit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            onCommit();
          }
        }}
      />
    </InlineField>
  );
}

/** `ip_reputation`: sending IPs against DNS blocklists and allowlists, optionally one IP, one list or one state. */
export function IpReputationEditor({ query, onChange, onRunQuery }: TypeEditorProps<'ip_reputation'>) {
  return (
    <>
      <InlineFieldRow>
        <TextField
          id={`${query.refId}-reputation-ip`}
          label="IP"
          value={query.ip}
          placeholder="every sending IP, or $ip"
          tooltip="One sending IP (IPv4 or IPv6) or a dashboard variable"
          onChange={(ip) => onChange({ ...query, ip })}
          onCommit={onRunQuery}
        />
        <TextField
          id={`${query.refId}-reputation-zone`}
          label="List"
          value={query.zone}
          placeholder="every list, e.g. zen.spamhaus.org"
          tooltip="One DNS list by its zone"
          onChange={(zone) => onChange({ ...query, zone })}
          onCommit={onRunQuery}
        />
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField label="State" labelWidth={LABEL_WIDTH} tooltip="Only rows in this state">
          <RadioButtonGroup<StateChoice>
            options={STATE_OPTIONS}
            value={query.listing ?? ''}
            onChange={(listing) => {
              const { listing: _previous, ...rest } = query;
              onChange(listing ? { ...rest, listing } : rest);
              onRunQuery();
            }}
          />
        </InlineField>
      </InlineFieldRow>
    </>
  );
}
