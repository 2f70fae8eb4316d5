import React from 'react';
import { InlineField, Input } from '@grafana/ui';
import { LABEL_WIDTH } from './types';

interface Props {
  id: string;
  value: string | undefined;
  variableNames: string[];
  onChange: (queue: string) => void;
  /** Runs the query (on blur, so typing a name does not query every keystroke). */
  onCommit: () => void;
  placeholder?: string;
  tooltip?: string;
}

/** One queue by exact name, or a dashboard variable such as $queue (suggested from the dashboard's variables). */
export function QueueInput({ id, value, variableNames, onChange, onCommit, placeholder, tooltip }: Props) {
  const listId = `${id}-variables`;
  return (
    <InlineField
      label="Queue"
      labelWidth={LABEL_WIDTH}
      htmlFor={id}
      tooltip={tooltip ?? 'Exact queue name, or a dashboard variable such as $queue; empty for every queue'}
    >
      <>
        <Input
          id={id}
          width={32}
          value={value ?? ''}
          placeholder={placeholder ?? 'all queues, or $queue'}
          list={variableNames.length > 0 ? listId : undefined}
          onChange={(event) => onChange(event.currentTarget.value)}
          onBlur={onCommit}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              onCommit();
            }
          }}
        />
        {variableNames.length > 0 && (
          <datalist id={listId}>
            {variableNames.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        )}
      </>
    </InlineField>
  );
}
