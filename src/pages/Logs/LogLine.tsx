import React from 'react';
import { css, cx } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { Icon, useStyles2, useTheme2 } from '@grafana/ui';
import { LOG_LABELS } from '@penguinmails/sysmon-contract';
import { testIds } from '../../components/testIds';
import { highlightParts } from './highlight';
import { logLevelColor } from './levelColors';
import { labelText, type LogRow } from './logsModel';

interface Props {
  row: LogRow;
  searchWords: string[];
  expanded: boolean;
  onToggle: () => void;
  /** Highlighted as the line a context view is about. */
  selected?: boolean;
}

/** One line, collapsed: time, level, service, message (one line; the details show it whole). */
export function LogLine({ row, searchWords, expanded, onToggle, selected }: Props) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const color = logLevelColor(theme, row.level);
  const service = labelText(row.labels[LOG_LABELS.service]);
  const hasStack = Boolean(row.labels[LOG_LABELS.stack]);
  return (
    <button
      type="button"
      className={cx(styles.line, selected && styles.selected)}
      style={{ borderLeftColor: color }}
      onClick={onToggle}
      aria-expanded={expanded}
      data-testid={testIds.logs.rowToggle(row.id)}
    >
      <Icon name={expanded ? 'angle-down' : 'angle-right'} className={styles.chevron} />
      <time className={styles.time} dateTime={new Date(row.timestamp).toISOString()}>
        {dateTimeFormat(row.timestamp, { format: 'YYYY-MM-DD HH:mm:ss.SSS' })}
      </time>
      <span className={styles.level} style={{ color }}>
        {row.level}
      </span>
      <span className={styles.service}>{service}</span>
      <span className={cx(styles.body, expanded && styles.bodyExpanded)}>
        {highlightParts(row.body, searchWords).map((part, index) =>
          part.match ? (
            <mark key={index} className={styles.mark}>
              {part.text}
            </mark>
          ) : (
            <React.Fragment key={index}>{part.text}</React.Fragment>
          )
        )}
        {hasStack && !expanded && <Icon name="bug" size="sm" className={styles.stackHint} title="Has a stack trace" />}
      </span>
    </button>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  line: css({
    display: 'grid',
    gridTemplateColumns: 'auto 180px 48px 140px minmax(0, 1fr)',
    alignItems: 'baseline',
    gap: theme.spacing(1),
    width: '100%',
    padding: theme.spacing(0.25, 1, 0.25, 0.5),
    border: 'none',
    borderLeft: '3px solid transparent',
    background: 'transparent',
    color: theme.colors.text.primary,
    textAlign: 'left',
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    lineHeight: '20px',
    cursor: 'pointer',
    '&:hover': { background: theme.colors.action.hover },
  }),
  selected: css({ background: theme.colors.action.selected, outline: `1px solid ${theme.colors.primary.border}` }),
  chevron: css({ alignSelf: 'center', color: theme.colors.text.secondary }),
  time: css({ color: theme.colors.text.secondary, whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }),
  level: css({ fontWeight: theme.typography.fontWeightMedium, textTransform: 'lowercase' }),
  service: css({
    color: theme.colors.text.secondary,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  }),
  body: css({ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }),
  bodyExpanded: css({ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }),
  mark: css({ background: theme.colors.warning.transparent, color: 'inherit', padding: 0 }),
  stackHint: css({ marginLeft: theme.spacing(1), color: theme.colors.error.text }),
});
