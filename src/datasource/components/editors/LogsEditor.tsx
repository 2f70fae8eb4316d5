import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { logsQuerySchema } from '@penguinmails/sysmon-contract';
import { LimitField } from './LimitField';
import { LogFilterFields } from './LogFilterFields';
import type { TypeEditorProps } from './types';

/** `logs`: log lines matching a search, newest first. */
export function LogsEditor({
  query,
  defaults,
  onChange,
  onRunQuery,
  variableNames,
  loadValues,
}: TypeEditorProps<'logs'>) {
  return (
    <>
      <LogFilterFields
        query={query}
        onChange={onChange}
        onRunQuery={onRunQuery}
        variableNames={variableNames}
        loadValues={loadValues}
      />
      <InlineFieldRow>
        <LimitField
          id={`${query.refId}-logs-limit`}
          schema={logsQuerySchema.shape.limit}
          value={query.limit}
          fallback={defaults.limit}
          tooltip="Most lines returned, newest first"
          onChange={(limit) => onChange({ ...query, limit })}
          onCommit={onRunQuery}
        />
      </InlineFieldRow>
    </>
  );
}
