import React from 'react';
import { LogFilterFields } from './LogFilterFields';
import type { TypeEditorProps } from './types';

/** `log_volume`: lines per interval, one series per level, for the same filters as a `logs` query. */
export function LogVolumeEditor({
  query,
  onChange,
  onRunQuery,
  variableNames,
  loadValues,
}: TypeEditorProps<'log_volume'>) {
  return (
    <LogFilterFields
      query={query}
      onChange={onChange}
      onRunQuery={onRunQuery}
      variableNames={variableNames}
      loadValues={loadValues}
    />
  );
}
