import React, { ReactNode } from 'react';
import { css } from '@emotion/css';
import { LoadingPlaceholder, useStyles2 } from '@grafana/ui';
import type { PolledState } from '../../hooks/polledState';
import { StaleNotice } from './StaleNotice';

interface Props<T> {
  resource: PolledState<T>;
  /** What is loaded, for the notices: "queues", "queue email-sending". */
  what: string;
  loadingText: string;
  testIds: { loading: string; error: string; stale: string };
  /** The content, once there is data. */
  children: (data: T) => ReactNode;
}

/**
 * What a page shows of a polled resource: a loading placeholder until the first answer, an error when nothing
 * could be loaded, else the content; while polls fail the last good content stays, dimmed, under a warning.
 */
export function PolledContent<T>({ resource, what, loadingText, testIds, children }: Props<T>) {
  const styles = useStyles2(getStyles);
  const { data, error, stale, receivedAt } = resource;
  return (
    <>
      <StaleNotice
        error={error}
        stale={stale}
        receivedAt={receivedAt}
        what={what}
        errorTestId={testIds.error}
        staleTestId={testIds.stale}
      />
      {data === undefined && !error && <LoadingPlaceholder text={loadingText} data-testid={testIds.loading} />}
      {data !== undefined && <div className={stale ? styles.stale : undefined}>{children(data)}</div>}
    </>
  );
}

const getStyles = () => ({
  // Old numbers stay readable but visibly not live.
  stale: css({ opacity: 0.6 }),
});
