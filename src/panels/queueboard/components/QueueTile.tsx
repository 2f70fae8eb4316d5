import React from 'react';
import { css } from '@emotion/css';
import { colorManipulator, GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { BORDER_WIDTH, tileFrameStyle, tileLine, tileWrapped } from '../../../components/Board/tileFrame';
import { FieldTooltip } from '../../../components/FieldTooltip/FieldTooltip';
import { testIds } from '../../../components/testIds';
import type { Level } from '../thresholds';
import { TILE_FIELDS, type TileContent } from '../tileContent';
import type { TileLayout } from '../tileLayout';

interface Props {
  content: TileContent;
  /** Fonts and spacing shared by every tile of the board (tileLayout.ts). */
  layout: TileLayout;
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

/**
 * One queue's tile: name, tier and paused badges, four big numbers, optional details line; for a queue the service
 * could not read, "no data" and why in place of the numbers.
 */
export function QueueTile({ content, layout }: Props) {
  const styles = useStyles2(getStyles, content.level, layout);

  return (
    <section
      className={styles.tile}
      aria-label={`${content.queue}: ${LEVEL_TEXT[content.level]}`}
      data-testid={testIds.queueBoard.tile(content.queue)}
      data-level={content.level}
    >
      <header className={styles.header}>
        <span className={styles.name} title={content.queue} data-testid={testIds.queueBoard.name(content.queue)}>
          {content.queue}
        </span>
        {content.badges.map((badge) =>
          badge.kind === 'paused' ? (
            <span
              key={badge.kind}
              className={styles.pausedBadge}
              data-testid={testIds.queueBoard.paused(content.queue)}
            >
              {badge.text}
            </span>
          ) : (
            <span key={badge.kind} className={styles.badge}>
              {badge.text}
            </span>
          )
        )}
      </header>
      {content.noData ? (
        <div className={styles.noData} data-testid={testIds.queueBoard.noData(content.queue)}>
          <div className={styles.noDataText}>{content.noData.text}</div>
          <div className={styles.noDataReason} title={content.noData.reason}>
            {content.noData.reason}
          </div>
        </div>
      ) : (
        <div className={styles.metrics}>
          {content.metrics.map((metric) => (
            <div className={styles.metric} key={metric.key}>
              <div
                className={styles.metricValue(metric.level)}
                data-testid={testIds.queueBoard.metric(content.queue, metric.key)}
                data-level={metric.level}
              >
                {metric.value.prefix}
                {metric.value.text}
                {metric.value.suffix && <span className={styles.unit}>{metric.value.suffix}</span>}
              </div>
              <div className={styles.metricLabel} data-testid={testIds.queueBoard.label(content.queue, metric.key)}>
                <FieldTooltip field={TILE_FIELDS[metric.key]} underline={false}>
                  {metric.label}
                </FieldTooltip>
              </div>
            </div>
          ))}
        </div>
      )}
      {layout.showDetails && !content.noData && (
        <footer className={styles.details} data-testid={testIds.queueBoard.details(content.queue)}>
          {content.details}
        </footer>
      )}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2, level: Level, layout: TileLayout) => {
  const { fonts } = layout;
  const accent = levelColor(theme, level);
  const alarming = level === 'warn' || level === 'crit';
  // Every size comes from the layout, which measured the text with these fonts and spacings.
  const badge = {
    ...tileLine(fonts.badge),
    flex: '0 0 auto',
    padding: `0 ${layout.badgePaddingX}px`,
    borderRadius: theme.shape.radius.pill,
    textTransform: 'uppercase' as const,
  };
  return {
    tile: css({
      ...tileFrameStyle(theme, layout, accent),
      // Warn/crit tiles are tinted so the state is visible from across the room, not just the accent bar.
      background: alarming
        ? colorManipulator.alpha(accent, level === 'crit' ? 0.28 : 0.18)
        : theme.colors.background.secondary,
    }),
    header: css({
      flex: '0 0 auto',
      display: 'flex',
      alignItems: 'center',
      gap: layout.gap,
      minWidth: 0,
      height: layout.headerHeight,
      marginBottom: layout.rowGap,
    }),
    name: css({
      ...tileLine(fonts.title),
      flex: '1 1 auto',
      minWidth: 0,
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      fontWeight: theme.typography.fontWeightMedium,
      color: theme.colors.text.primary,
    }),
    badge: css({
      ...badge,
      border: `${BORDER_WIDTH}px solid ${theme.colors.border.medium}`,
      color: theme.colors.text.secondary,
      fontWeight: theme.typography.fontWeightBold,
    }),
    pausedBadge: css({
      ...badge,
      border: `${BORDER_WIDTH}px solid ${theme.colors.info.main}`,
      background: theme.colors.info.main,
      color: theme.colors.info.contrastText,
      fontWeight: theme.typography.fontWeightBold,
    }),
    metrics: css({
      flex: '1 1 auto',
      display: 'grid',
      gridTemplateColumns: '1fr 1fr',
      gridTemplateRows: '1fr 1fr',
      alignItems: 'center',
      columnGap: layout.gap,
      rowGap: layout.rowGap,
      minHeight: 0,
    }),
    metric: css({ minWidth: 0, overflow: 'hidden' }),
    noData: css({
      flex: '1 1 auto',
      display: 'flex',
      flexDirection: 'column',
      justifyContent: 'center',
      gap: layout.rowGap,
      minHeight: 0,
      overflow: 'hidden',
    }),
    // At the numbers' size (measured with them, so it fits): readable across the room like a number would be.
    noDataText: css({
      ...tileLine(fonts.value),
      fontWeight: theme.typography.fontWeightBold,
      color: theme.colors.warning.text,
    }),
    // The reason wraps at the labels' size, three lines at most: the layout leaves room for them (the tooltip
    // has the whole reason).
    noDataReason: css({
      ...tileWrapped(fonts.label, 3),
      color: theme.colors.text.secondary,
    }),
    metricValue: (metricLevel: Level) =>
      css({
        ...tileLine(fonts.value),
        fontWeight: theme.typography.fontWeightBold,
        color:
          metricLevel === 'warn' || metricLevel === 'crit'
            ? theme.colors[metricLevel === 'crit' ? 'error' : 'warning'].text
            : theme.colors.text.primary,
      }),
    unit: css({ fontSize: fonts.unit }),
    metricLabel: css({
      ...tileLine(fonts.label),
      color: theme.colors.text.secondary,
    }),
    details: css({
      ...tileLine(fonts.details),
      flex: '0 0 auto',
      color: theme.colors.text.secondary,
    }),
  };
};
