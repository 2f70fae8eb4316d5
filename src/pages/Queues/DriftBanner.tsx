import React from 'react';
import { Alert } from '@grafana/ui';
import type { DriftReport } from '@penguinmails/sysmon-contract';
import { testIds } from '../../components/testIds';
import { formatCount, formatDuration } from '../../utils/format';
import { summariseDrift } from './queuesModel';

/** Warns when Redis and the job ledger disagree, with a count per kind; renders nothing without drift. */
export function DriftBanner({ report }: { report?: DriftReport }) {
  const summary = summariseDrift(report);
  if (!summary) {
    return null;
  }
  return (
    <Alert
      severity="warning"
      title={`Redis and the job ledger disagree: ${formatCount(summary.total)} findings`}
      data-testid={testIds.queues.driftBanner}
      data-total={summary.total}
    >
      <ul>
        {summary.kinds.map((kind) => (
          <li key={kind.kind} data-testid={testIds.queues.driftKind(kind.kind)} data-value={kind.count}>
            {formatCount(kind.count)} {kind.label}
            {kind.oldestAgeMs !== null ? ` (oldest ${formatDuration(kind.oldestAgeMs)})` : ''}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
