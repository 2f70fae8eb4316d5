import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { testIds } from '../../../components/testIds';
import { buildTimeline, type TimelineJob } from '../jobModel';

/** created → delayed until → processing started → finished, with the gaps between them. */
export function JobTimeline({ job }: { job: TimelineJob }) {
  const styles = useStyles2(getStyles);
  return (
    <ol className={styles.list} data-testid={testIds.jobDrawer.timeline}>
      {buildTimeline(job).map((entry) => (
        <li key={entry.key} data-testid={testIds.jobDrawer.timelineEntry(entry.key)} data-at={entry.at}>
          <span className={styles.label}>{entry.label}</span>
          <time dateTime={new Date(entry.at).toISOString()}>{dateTimeFormat(entry.at)}</time>
          {entry.note && <span className={styles.note}>{entry.note}</span>}
        </li>
      ))}
    </ol>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    borderLeft: `2px solid ${theme.colors.border.medium}`,
    li: {
      display: 'flex',
      gap: theme.spacing(1),
      padding: theme.spacing(0.5, 0, 0.5, 1.5),
      alignItems: 'baseline',
    },
  }),
  label: css({ minWidth: 140, fontWeight: theme.typography.fontWeightMedium }),
  note: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
});
