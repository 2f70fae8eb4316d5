import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, useStyles2 } from '@grafana/ui';
import type { DriftReport } from '@penguinmails/sysmon-contract';
import { testIds } from '../../components/testIds';
import { formatCount, formatDuration } from '../../utils/format';
import { recoverableDrift, type RecoverableDrift } from './driftRecovery';
import { findingsText, summariseDrift } from './queuesModel';

interface Props {
  report?: DriftReport;
  /** Absent for Viewers: no Recover button. */
  onRecover?: (drift: RecoverableDrift) => void;
}

/**
 * Warns when Redis and the job ledger disagree, with a count per kind, and offers operators to re-enqueue ledger
 * rows whose job is gone; renders nothing without drift.
 */
export function DriftBanner({ report, onRecover }: Props) {
  const styles = useStyles2(getStyles);
  const summary = summariseDrift(report);
  if (!summary) {
    return null;
  }
  const recoverable = recoverableDrift(report);
  return (
    <Alert
      severity="warning"
      title={`Redis and the job ledger disagree: ${findingsText(summary.total)}`}
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
      {onRecover && recoverable && (
        <div className={styles.actions}>
          <Button
            size="sm"
            variant="secondary"
            icon="history"
            onClick={() => onRecover(recoverable)}
            data-testid={testIds.queues.driftRecover}
          >
            Recover…
          </Button>
        </div>
      )}
    </Alert>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  actions: css({ marginTop: theme.spacing(1) }),
});
