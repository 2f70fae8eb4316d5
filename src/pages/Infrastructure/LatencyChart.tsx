import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, FieldType, type FieldSparkline, type GrafanaTheme2 } from '@grafana/data';
import { Sparkline, useStyles2, useTheme2 } from '@grafana/ui';
import { infraTestIds } from '../../components/infraTestIds';
import { sparklineRange } from '../../components/SeriesSparkline/sparklineModel';
import { formatDuration } from '../../utils/format';
import { serviceStateColors, serviceStateLabel } from '../../utils/serviceState';
import { latencyPoints, stateSegments, type HistoryPoint } from './infrastructureModel';

interface Props {
  points: readonly HistoryPoint[];
  stepMs: number;
  width: number;
  height?: number;
}

const T = infraTestIds.infrastructure.history;
const AXIS_PX = 64;

/**
 * A service's latency over the range (mean per bucket) with the worst state of each bucket as a coloured strip
 * under it. Drawn with @grafana/ui's Sparkline, which renders standalone in Grafana and in the harness.
 */
export function LatencyChart({ points, stepMs, width, height = 120 }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const plotWidth = Math.max(120, width - AXIS_PX);
  const latency = useMemo(() => latencyPoints(points), [points]);
  const range = sparklineRange(latency);
  const measured = latency.filter(([, value]) => value !== null).length;
  const segments = useMemo(() => stateSegments(points, stepMs), [points, stepMs]);
  const start = points[0]?.[0] ?? 0;
  const end = points.length > 0 ? points[points.length - 1][0] : 0;
  const span = Math.max(1, end - start);

  const sparkline: FieldSparkline | undefined = range
    ? {
        x: { name: 'time', type: FieldType.time, values: latency.map((p) => p[0]), config: {} },
        y: {
          name: 'latency',
          type: FieldType.number,
          values: latency.map((p) => p[1]),
          config: { color: { mode: 'fixed', fixedColor: theme.colors.text.primary } },
          // From 0, so a small wobble does not look like a spike.
          state: { range: { min: 0, max: range.max, delta: range.max } },
        },
      }
    : undefined;

  return (
    <figure className={styles.figure} data-testid={T.chart} data-points={points.length}>
      <figcaption className={styles.caption}>
        Latency{' '}
        {range && (
          <span className={styles.stats}>
            latest {formatDuration(range.last)} · min {formatDuration(range.min)} · max {formatDuration(range.max)}
          </span>
        )}
      </figcaption>
      <div className={styles.row}>
        <div className={styles.yAxis} style={{ height }}>
          <span>{range ? formatDuration(range.max) : ''}</span>
          <span>0</span>
        </div>
        {sparkline && measured >= 2 ? (
          <div style={{ width: plotWidth, height }}>
            <Sparkline width={plotWidth} height={height} theme={theme} sparkline={sparkline} />
          </div>
        ) : (
          <div className={styles.empty} style={{ width: plotWidth, height }}>
            {measured === 1 && range
              ? `One measurement in this range so far (${formatDuration(range.last)}): the line needs two`
              : 'No latency measured in this range'}
          </div>
        )}
      </div>
      <div
        className={styles.strip}
        style={{ width: plotWidth, marginLeft: AXIS_PX }}
        data-testid={T.states}
        data-states={segments.map((s) => s.state ?? 'none').join(',')}
        aria-label="State over the range"
      >
        {segments.map((segment) => {
          const left = ((Math.max(segment.from, start) - start) / span) * plotWidth;
          const right = ((Math.min(segment.to, end) - start) / span) * plotWidth;
          const label = segment.state ? serviceStateLabel(segment.state) : 'no checks';
          return (
            <span
              key={segment.from}
              className={styles.segment}
              title={`${label}: ${dateTimeFormat(segment.from)} – ${dateTimeFormat(segment.to)}`}
              style={{
                left,
                width: Math.max(1, right - left),
                background: segment.state ? serviceStateColors(theme, segment.state).main : 'transparent',
              }}
            />
          );
        })}
      </div>
      <div className={styles.xAxis} style={{ marginLeft: AXIS_PX, width: plotWidth }}>
        <span>{points.length > 0 ? dateTimeFormat(start) : ''}</span>
        <span>{points.length > 0 ? dateTimeFormat(end) : ''}</span>
      </div>
    </figure>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  figure: css({ margin: 0 }),
  caption: css({ fontSize: theme.typography.bodySmall.fontSize, marginBottom: theme.spacing(0.5) }),
  stats: css({ color: theme.colors.text.secondary, fontVariantNumeric: 'tabular-nums', marginLeft: theme.spacing(1) }),
  row: css({ display: 'flex' }),
  yAxis: css({
    width: AXIS_PX,
    flex: `0 0 ${AXIS_PX}px`,
    display: 'flex',
    flexDirection: 'column',
    justifyContent: 'space-between',
    alignItems: 'flex-end',
    paddingRight: theme.spacing(1),
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    fontVariantNumeric: 'tabular-nums',
  }),
  empty: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    color: theme.colors.text.disabled,
    border: `1px dashed ${theme.colors.border.weak}`,
  }),
  strip: css({
    position: 'relative',
    height: 10,
    marginTop: 4,
    background: theme.colors.background.secondary,
    borderRadius: 2,
    overflow: 'hidden',
  }),
  segment: css({ position: 'absolute', top: 0, bottom: 0 }),
  xAxis: css({
    display: 'flex',
    justifyContent: 'space-between',
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    marginTop: 2,
  }),
});
