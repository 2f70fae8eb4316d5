import React, { useState } from 'react';
import { render } from '@testing-library/react';
import type { SysmonDataQuery } from '../../types';
import type { TypeEditorProps } from './types';

/**
 * Renders a per-type editor the way Grafana drives it: every onChange is fed back as the new query.
 * Returns the recorded calls so tests can assert the stored query and when it ran.
 */
export function renderTypeEditor(
  Editor: React.ComponentType<TypeEditorProps>,
  initial: SysmonDataQuery,
  variableNames: string[] = []
) {
  const changes: SysmonDataQuery[] = [];
  const onRunQuery = jest.fn();
  function Host() {
    const [query, setQuery] = useState(initial);
    return (
      <Editor
        query={query}
        onChange={(next) => {
          changes.push(next);
          setQuery(next);
        }}
        onRunQuery={onRunQuery}
        variableNames={variableNames}
      />
    );
  }
  const utils = render(<Host />);
  return { ...utils, changes, onRunQuery, last: () => changes[changes.length - 1] };
}
