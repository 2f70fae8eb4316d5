import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, JSONFormatter, useStyles2 } from '@grafana/ui';
import { testIds } from '../../../components/testIds';
import { formatBytes } from '../../../utils/format';
import { payloadView } from '../jobModel';

interface Props {
  value: unknown;
  truncated?: boolean;
  preview?: string;
  bytes?: number;
  testId: string;
}

/** A payload as a collapsible JSON tree, or a truncated text preview when it is too large to expand safely. */
export function PayloadView({ value, truncated, preview, bytes, testId }: Props) {
  const styles = useStyles2(getStyles);
  const view = useMemo(() => payloadView(value, { truncated, preview, bytes }), [value, truncated, preview, bytes]);
  if (view.kind === 'large') {
    return (
      <div data-testid={testId} data-kind="large">
        <Alert
          severity="info"
          title={`Large payload (${formatBytes(view.bytes)})`}
          data-testid={testIds.jobDrawer.largePayload}
        >
          {view.truncatedByService
            ? 'The service sent only the beginning of this payload.'
            : 'Shown as text and cut short so the page stays responsive.'}
        </Alert>
        <pre className={styles.pre}>{view.preview}…</pre>
      </div>
    );
  }
  if (view.value === null || typeof view.value !== 'object') {
    return (
      <pre className={styles.pre} data-testid={testId} data-kind="scalar">
        {JSON.stringify(view.value)}
      </pre>
    );
  }
  return (
    <div className={styles.tree} data-testid={testId} data-kind="json">
      <JSONFormatter json={view.value as object} open={2} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  pre: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    maxHeight: 400,
    overflow: 'auto',
    margin: 0,
  }),
  tree: css({ fontSize: theme.typography.bodySmall.fontSize, overflowX: 'auto' }),
});
