import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { ClipboardButton, useStyles2 } from '@grafana/ui';

interface Props {
  stack: string;
  'data-testid'?: string;
}

/** A stack trace as written: monospace, its own line breaks, long lines scroll sideways; with a copy button. */
export function StackTrace({ stack, ...rest }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.wrapper}>
      <pre className={styles.pre} data-testid={rest['data-testid']}>
        {stack}
      </pre>
      <div className={styles.copy}>
        <ClipboardButton getText={() => stack} icon="copy" variant="secondary" size="sm" aria-label="Copy stack trace">
          Copy
        </ClipboardButton>
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ position: 'relative' }),
  pre: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'pre',
    overflowX: 'auto',
    maxHeight: 320,
    margin: 0,
    padding: theme.spacing(1, 10, 1, 1),
    background: theme.colors.background.canvas,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
  copy: css({ position: 'absolute', top: theme.spacing(0.5), right: theme.spacing(0.5) }),
});
