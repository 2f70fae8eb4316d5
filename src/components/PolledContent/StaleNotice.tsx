import React from 'react';
import { dateTimeFormat } from '@grafana/data';
import { Alert } from '@grafana/ui';
import { staleReason } from './staleReason';

interface Props {
  error?: Error;
  /** The last good data is still on screen. */
  stale: boolean;
  receivedAt?: number;
  what: string;
  errorTestId: string;
  staleTestId: string;
}

/** A failing poll: an error when nothing was ever loaded, else a warning that the numbers are from the last good poll. */
export function StaleNotice({ error, stale, receivedAt, what, errorTestId, staleTestId }: Props) {
  if (!error) {
    return null;
  }
  if (stale) {
    return (
      <Alert
        severity="warning"
        title={`Showing ${what} from ${receivedAt ? dateTimeFormat(receivedAt) : 'the last good poll'}: ${staleReason(error)}`}
        data-testid={staleTestId}
      >
        {error.message}
      </Alert>
    );
  }
  return (
    <Alert severity="error" title={`Could not load ${what}`} data-testid={errorTestId}>
      {error.message}
    </Alert>
  );
}
