import React from 'react';
import { Checkbox, InlineField, InlineFieldRow, Stack } from '@grafana/ui';
import { EVENT_SOURCES, type EventSource } from '@penguinmails/sysmon-contract';
import { ProbedServiceField } from './ServicesEditor';
import { LABEL_WIDTH, TypeEditorProps } from './types';

/**
 * `events`: what happened over the range, for dashboard annotations: the sources the contract offers (service state
 * changes, operator actions from the audit log), at least one; optionally one service.
 */
export function EventsEditor({
  query,
  defaults,
  onChange,
  onRunQuery,
  variableNames,
  loadValues,
}: TypeEditorProps<'events'>) {
  const sources = (query.sources ?? defaults.sources) as EventSource[];
  const toggle = (source: EventSource, on: boolean) => {
    const next = EVENT_SOURCES.map((option) => option.value).filter((value) =>
      value === source ? on : sources.includes(value)
    );
    // The schema wants at least one source: the last one stays on.
    if (next.length === 0) {
      return;
    }
    onChange({ ...query, sources: next });
    onRunQuery();
  };
  return (
    <InlineFieldRow>
      <InlineField label="Events" labelWidth={LABEL_WIDTH} tooltip="What to mark on the dashboard">
        <Stack direction="row" gap={2} alignItems="center">
          {EVENT_SOURCES.map((source) => (
            <Checkbox
              key={source.value}
              label={source.label}
              value={sources.includes(source.value)}
              disabled={sources.length === 1 && sources.includes(source.value)}
              onChange={(event) => toggle(source.value, event.currentTarget.checked)}
            />
          ))}
        </Stack>
      </InlineField>
      <ProbedServiceField
        id={`${query.refId}-events-service`}
        value={query.service}
        variableNames={variableNames}
        loadValues={loadValues}
        tooltip="Only the events of this service"
        onChange={(service) => {
          onChange({ ...query, service });
          onRunQuery();
        }}
      />
    </InlineFieldRow>
  );
}
