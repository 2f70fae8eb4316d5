import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { QueueInput } from './QueueInput';
import { TierSelect } from './TierSelect';
import type { TypeEditorProps } from './types';

/** `queues`: one row per queue, optionally only one tier or one queue. */
export function QueuesEditor({ query, onChange, onRunQuery, variableNames }: TypeEditorProps<'queues'>) {
  return (
    <InlineFieldRow>
      <TierSelect
        id={`${query.refId}-queues-tier`}
        value={query.tier}
        variableNames={variableNames}
        onChange={(tier) => {
          onChange({ ...query, tier });
          onRunQuery();
        }}
      />
      <QueueInput
        id={`${query.refId}-queues-queue`}
        value={query.queue}
        variableNames={variableNames}
        onChange={(queue) => onChange({ ...query, queue })}
        onCommit={onRunQuery}
      />
    </InlineFieldRow>
  );
}
