import React, { useState } from 'react';
import { render } from '@testing-library/react';
import type { QueryType } from '@penguinmails/sysmon-contract';
import { QUERY_TYPE_REGISTRY } from '../../queryTypeRegistry';
import type { SysmonDataQuery } from '../../types';
import type { TypeEditorProps } from './types';

/**
 * Renders a per-type editor the way Grafana drives it (through QueryEditor): with its type's defaults from the
 * registry, and every onChange fed back as the new query. Returns the recorded calls so tests can assert the
 * stored query and when it ran.
 */
export function renderTypeEditor<T extends QueryType>(
  Editor: React.ComponentType<TypeEditorProps<T>>,
  initial: SysmonDataQuery & { queryType: T },
  variableNames: string[] = [],
  loadValues?: TypeEditorProps<T>['loadValues']
) {
  const changes: SysmonDataQuery[] = [];
  const onRunQuery = jest.fn();
  const defaults = QUERY_TYPE_REGISTRY[initial.queryType].defaults;
  function Host() {
    const [query, setQuery] = useState<SysmonDataQuery>(initial);
    return (
      <Editor
        query={query}
        defaults={defaults}
        onChange={(next) => {
          changes.push(next);
          setQuery(next);
        }}
        onRunQuery={onRunQuery}
        variableNames={variableNames}
        loadValues={loadValues}
      />
    );
  }
  const utils = render(<Host />);
  return { ...utils, changes, onRunQuery, last: () => changes[changes.length - 1] };
}
