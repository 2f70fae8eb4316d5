import React from 'react';
import { Button } from '@grafana/ui';
import type { JobDetail } from '@penguinmails/sysmon-contract';

interface Props<J> {
  job: J;
  /** The state that decides the actions: the job's own, or the state tab it is listed under. */
  state: JobDetail['state'];
  onRetry?: (job: J) => void;
  onRemove?: (job: J) => void;
  retryTestId: string;
  removeTestId: string;
}

/** Retry (failed or completed jobs) and Remove (any job not running) for one job, in the browser and the drawer. */
export function JobActionButtons<J>({ job, state, onRetry, onRemove, retryTestId, removeTestId }: Props<J>) {
  return (
    <>
      {onRetry && (state === 'failed' || state === 'completed') && (
        <Button size="sm" variant="secondary" icon="sync" onClick={() => onRetry(job)} data-testid={retryTestId}>
          Retry
        </Button>
      )}
      {onRemove && state !== 'active' && (
        <Button
          size="sm"
          variant="destructive"
          fill="outline"
          icon="trash-alt"
          onClick={() => onRemove(job)}
          data-testid={removeTestId}
        >
          Remove
        </Button>
      )}
    </>
  );
}
