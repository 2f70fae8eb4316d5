import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { QueueInput } from './QueueInput';
import type { TypeEditorProps } from './types';

/** `drift`: where Redis and the job ledger disagree, for every queue or one. */
export function DriftEditor({ query, onChange, onRunQuery, variableNames }: TypeEditorProps<'drift'>) {
  return (
    <InlineFieldRow>
      <QueueInput
        id={`${query.refId}-drift-queue`}
        value={query.queue}
        variableNames={variableNames}
        onChange={(queue) => onChange({ ...query, queue })}
        onCommit={onRunQuery}
      />
    </InlineFieldRow>
  );
}
