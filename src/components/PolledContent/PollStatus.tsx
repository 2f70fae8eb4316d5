import React from 'react';
import { dateTimeFormat } from '@grafana/data';
import { Text } from '@grafana/ui';

interface Props {
  /** When the data on screen was produced (ISO time); nothing is said before the first answer. */
  updatedAt?: string;
  /** Polling is paused because the tab is hidden. */
  paused: boolean;
  updatedTestId?: string;
  pausedTestId: string;
}

/** The line beside a polled page's heading: when the numbers are from, and that polling waits for the tab. */
export function PollStatus({ updatedAt, paused, updatedTestId, pausedTestId }: Props) {
  return (
    <>
      {updatedAt && (
        <Text color="secondary" variant="bodySmall">
          Updated{' '}
          <time dateTime={updatedAt} data-testid={updatedTestId}>
            {dateTimeFormat(updatedAt)}
          </time>
        </Text>
      )}
      {paused && (
        <span data-testid={pausedTestId}>
          <Text color="secondary" variant="bodySmall">
            Updates paused while this tab is hidden
          </Text>
        </span>
      )}
    </>
  );
}
