import React from 'react';
import { css } from '@emotion/css';
import { colorManipulator, GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { testIds } from '../../../components/testIds';
import type { GridLayout } from '../layout';
import type { QueueFormats, QueueRow } from '../queueFrame';
import type { Level, TileLevels } from '../thresholds';

interface Props {
  row: QueueRow;
  /** The frame's field display for each number (see queueFormats). */
  format: QueueFormats;
  levels: TileLevels;
  fonts: GridLayout['fonts'];
  tileHeight: number;
  showDetails: boolean;
}

/** Theme colour of a level; `none` and `ok` differ only in the accent (unknown numbers are not green). */
export function levelColor(theme: GrafanaTheme2, level: Level): string {
  switch (level) {
    case 'crit':
      return theme.colors.error.main;
    case 'warn':
      return theme.colors.warning.main;
    case 'ok':
      return theme.colors.success.main;
    default:
      return theme.colors.border.strong;
  }
}

const LEVEL_TEXT: Record<Level, string> = { none: 'no data', ok: 'OK', warn: 'warning', crit: 'critical' };

interface MetricProps {
  queue: string;
  metric: string;
  label: string;
  value: string;
  level?: Level;
}

/** One queue's tile: name, tier and paused badges, four big numbers, optional details line. */
export function QueueTile({ row, format, levels, fonts, tileHeight, showDetails }: Props) {
  const styles = useStyles2(getStyles, levels.tile, fonts);
  // Details only when the tile has room under the big numbers (about five value-heights).
  const detailsFit = showDetails && tileHeight >= fonts.value * 5.2;

  const metric = ({ queue, metric: name, label, value, level = 'none' }: MetricProps) => (
    <div className={styles.metric} key={name}>
      <div
        className={styles.metricValue(level)}
        data-testid={testIds.queueBoard.metric(queue, name)}
        data-level={level}
      >
        {value}
      </div>
      <div className={styles.metricLabel}>{label}</div>
    </div>
  );

  return (
    <section
      className={styles.tile}
      aria-label={`${row.queue}: ${LEVEL_TEXT[levels.tile]}`}
      data-testid={testIds.queueBoard.tile(row.queue)}
      data-level={levels.tile}
    >
      <header className={styles.header}>
        <span className={styles.name} title={row.queue}>
          {row.queue}
        </span>
        {row.tier && <span className={styles.badge}>{row.tier}</span>}
        {row.paused && (
          <span className={styles.pausedBadge} data-testid={testIds.queueBoard.paused(row.queue)}>
            paused
          </span>
        )}
      </header>
      <div className={styles.metrics}>
        {metric({
          queue: row.queue,
          metric: 'depth',
          label: 'depth',
          value: format.depth(row.depth),
          level: levels.depth,
        })}
        {metric({
          queue: row.queue,
          metric: 'oldest_wait',
          label: 'oldest wait',
          value: format.oldestWaitMs(row.oldestWaitMs),
          level: levels.oldestWait,
        })}
        {metric({
          queue: row.queue,
          metric: 'failure_rate',
          label: 'failures',
          value: format.failureRate(row.failureRate),
          level: levels.failureRate,
        })}
        {metric({
          queue: row.queue,
          metric: 'throughput',
          label: 'throughput',
          value: format.throughputPerMin(row.throughputPerMin),
        })}
      </div>
      {detailsFit && (
        <footer className={styles.details}>
          {`active ${format.active(row.active)} · workers ${format.workers(row.workers)} · ${drainText(row, format)}`}
        </footer>
      )}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2, level: Level, fonts: GridLayout['fonts']) => {
  const accent = levelColor(theme, level);
  const alarming = level === 'warn' || level === 'crit';
  return {
    tile: css({
      display: 'flex',
      flexDirection: 'column',
      minWidth: 0,
      minHeight: 0,
      overflow: 'hidden',
      padding: `${Math.round(fonts.label * 0.6)}px ${Math.round(fonts.label * 0.9)}px`,
      borderRadius: theme.shape.radius.default,
      border: `1px solid ${theme.colors.border.weak}`,
      borderLeft: `${Math.max(4, Math.round(fonts.label * 0.5))}px solid ${accent}`,
      // Warn/crit tiles are tinted so the state is visible from across the room, not just the accent bar.
      background: alarming
        ? colorManipulator.alpha(accent, level === 'crit' ? 0.28 : 0.18)
        : theme.colors.background.secondary,
    }),
    header: css({
      display: 'flex',
      alignItems: 'center',
      gap: theme.spacing(1),
      minWidth: 0,
      fontSize: fonts.title,
      lineHeight: 1.2,
    }),
    name: css({
      flex: '1 1 auto',
      minWidth: 0,
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      whiteSpace: 'nowrap',
      fontWeight: theme.typography.fontWeightMedium,
      color: theme.colors.text.primary,
    }),
    badge: css({
      flex: '0 0 auto',
      fontSize: fonts.label,
      padding: `0 ${Math.round(fonts.label * 0.4)}px`,
      borderRadius: theme.shape.radius.pill,
      border: `1px solid ${theme.colors.border.medium}`,
      color: theme.colors.text.secondary,
      textTransform: 'uppercase',
    }),
    pausedBadge: css({
      flex: '0 0 auto',
      fontSize: fonts.label,
      padding: `0 ${Math.round(fonts.label * 0.4)}px`,
      borderRadius: theme.shape.radius.pill,
      background: theme.colors.info.main,
      color: theme.colors.info.contrastText,
      fontWeight: theme.typography.fontWeightBold,
      textTransform: 'uppercase',
    }),
    metrics: css({
      flex: '1 1 auto',
      display: 'grid',
      gridTemplateColumns: '1fr 1fr',
      gridTemplateRows: '1fr 1fr',
      alignItems: 'center',
      columnGap: theme.spacing(1),
      minHeight: 0,
    }),
    metric: css({ minWidth: 0, overflow: 'hidden' }),
    metricValue: (metricLevel: Level) =>
      css({
        fontSize: fonts.value,
        lineHeight: 1.05,
        fontWeight: theme.typography.fontWeightBold,
        fontVariantNumeric: 'tabular-nums',
        whiteSpace: 'nowrap',
        color:
          metricLevel === 'warn' || metricLevel === 'crit'
            ? theme.colors[metricLevel === 'crit' ? 'error' : 'warning'].text
            : theme.colors.text.primary,
      }),
    metricLabel: css({
      fontSize: fonts.label,
      lineHeight: 1.2,
      color: theme.colors.text.secondary,
      whiteSpace: 'nowrap',
    }),
    details: css({
      fontSize: fonts.label,
      color: theme.colors.text.secondary,
      whiteSpace: 'nowrap',
      overflow: 'hidden',
      textOverflow: 'ellipsis',
    }),
  };
};

/** Same wording as the Queues page: an empty queue is "empty", one without an ETA is "not draining". */
function drainText(row: QueueRow, format: QueueFormats): string {
  if (row.depth === 0) {
    return 'empty';
  }
  return row.drainEtaSeconds === null ? 'not draining' : `drains in ${format.drainEtaSeconds(row.drainEtaSeconds)}`;
}
