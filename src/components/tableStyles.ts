import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';

/**
 * The plugin's plain HTML data tables (queues, dependencies, jobs, search results): full width, a hairline under
 * each row, muted headers, cells vertically centred. Cell padding in theme spacing units, per table density.
 * Use with `useStyles2(getTableStyles, vertical, horizontal)`.
 */
export const getTableStyles = (theme: GrafanaTheme2, vertical = 0.5, horizontal = 1) => ({
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': {
      padding: theme.spacing(vertical, horizontal),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
      verticalAlign: 'middle',
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium, whiteSpace: 'nowrap' },
  }),
  /** Right-aligned figures that line up. */
  number: css({ textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }),
  nowrap: css({ whiteSpace: 'nowrap' }),
  /** Ids such as request ids. */
  mono: css({ fontFamily: theme.typography.fontFamilyMonospace, fontSize: theme.typography.bodySmall.fontSize }),
  /** A long free-text cell (failure reason) cut to one line. */
  truncated: css({
    maxWidth: 420,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    color: theme.colors.text.secondary,
  }),
});
