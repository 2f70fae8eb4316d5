import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { textParts } from './glossaryModel';

/** A definition's text, its `names` set as code (the way docs/METRICS.md renders them). */
export function GlossaryText({ text }: { text: string }) {
  const styles = useStyles2(getStyles);
  return (
    <>
      {textParts(text).map((part, index) =>
        part.code ? (
          <code key={index} className={styles.code}>
            {part.text}
          </code>
        ) : (
          <React.Fragment key={index}>{part.text}</React.Fragment>
        )
      )}
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  code: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: '0.95em',
    padding: theme.spacing(0, 0.5),
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
  }),
});
