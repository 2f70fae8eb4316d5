import React from 'react';
import { Alert } from '@grafana/ui';
import { testIds } from '../testIds';
import type { ActionOutcome } from './useConfirmedAction';

/** The result of the last confirmed action: green on success, red with the service's message on failure. */
export function ActionOutcomeAlert({ outcome, onRemove }: { outcome?: ActionOutcome; onRemove: () => void }) {
  if (!outcome) {
    return null;
  }
  return (
    <Alert
      severity={outcome.ok ? 'success' : 'error'}
      title={outcome.message}
      onRemove={onRemove}
      data-testid={testIds.actions.outcome}
      data-ok={String(outcome.ok)}
    />
  );
}
