import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, FieldType, type FieldSparkline, type GrafanaTheme2, type TimeRange } from '@grafana/data';
import { GraphDrawStyle, VisibilityMode } from '@grafana/schema';
import { Sparkline, useStyles2, useTheme2 } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { formatCount } from '../../utils/format';
import { logLevelColor } from './levelColors';
import type { VolumeSeries } from './logsModel';

interface Props {
  series: VolumeSeries[];
  range: TimeRange;
  width: number;
  height?: number;
}

/**
 * Lines per interval, stacked by level. Drawn with @grafana/ui's Sparkline (bars), which renders standalone in
 * Grafana and in the harness and whose props are stable across Grafana 12.3–13 (the uPlot config builder's are
 * not). Stacking is done here: one layer per level at the running total of itself and the levels below, drawn
 * tallest first, on one shared y range, so each level shows as its own band.
 */
export function LogVolumeChart({ series, range, width, height = 88 }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const layers = useMemo(() => stackedLayers(series, range), [series, range]);
  const total = series.reduce((sum, s) => sum + s.total, 0);
  const plotWidth = Math.max(100, width - AXIS_PX);

  return (
    <figure
      className={styles.figure}
      data-testid={testIds.logs.volume}
      data-total={total}
      data-levels={series.map((s) => s.level).join(',')}
      aria-label={`Log volume: ${formatCount(total)} lines from ${dateTimeFormat(range.from)} to ${dateTimeFormat(range.to)}`}
    >
      <div className={styles.plotRow}>
        <div className={styles.yAxis} style={{ height }}>
          <span>{formatCount(layers.max)}</span>
          <span>0</span>
        </div>
        {total === 0 || !layers.drawable ? (
          <div className={styles.empty} style={{ height, width: plotWidth }}>
            {total === 0 ? 'No lines in this range' : `${formatCount(total)} lines`}
          </div>
        ) : (
          <div className={styles.plot} style={{ height, width: plotWidth }}>
            {layers.sparklines.map(({ level, sparkline }) => (
              <div key={level} className={styles.layer}>
                <Sparkline
                  width={plotWidth}
                  height={height}
                  theme={theme}
                  sparkline={sparkline}
                  config={{
                    color: { mode: 'fixed', fixedColor: logLevelColor(theme, level) },
                    custom: {
                      drawStyle: GraphDrawStyle.Bars,
                      fillOpacity: 100,
                      lineWidth: 1,
                      showPoints: VisibilityMode.Never,
                    },
                  }}
                />
              </div>
            ))}
          </div>
        )}
      </div>
      <figcaption className={styles.xAxis} style={{ marginLeft: AXIS_PX }}>
        <span>{dateTimeFormat(range.from)}</span>
        <span>{dateTimeFormat(range.to)}</span>
      </figcaption>
    </figure>
  );
}

const AXIS_PX = 48;

function stackedLayers(series: VolumeSeries[], range: TimeRange) {
  const times = series[0]?.times ?? [];
  const aligned = series.filter((s) => s.times.length === times.length);
  const running: number[][] = [];
  aligned.forEach((s, index) => {
    running.push(s.counts.map((count, i) => count + (index > 0 ? running[index - 1][i] : 0)));
  });
  const top = running[running.length - 1] ?? [];
  const max = Math.max(1, ...top);
  const sparklines = aligned
    .map((s, index): { level: VolumeSeries['level']; sparkline: FieldSparkline } => ({
      level: s.level,
      sparkline: {
        timeRange: range,
        x: { name: 'time', type: FieldType.time, values: times, config: {} },
        y: {
          name: s.level,
          type: FieldType.number,
          values: running[index],
          config: {},
          // Every layer on the same scale, from 0, or the bands would not stack.
          state: { range: { min: 0, max, delta: max } },
        },
      },
    }))
    .reverse();
  // Sparkline needs two points at least.
  return { sparklines, max, drawable: times.length >= 2 };
}

const getStyles = (theme: GrafanaTheme2) => ({
  figure: css({ margin: 0 }),
  plotRow: css({ display: 'flex' }),
  plot: css({ position: 'relative' }),
  layer: css({ position: 'absolute', inset: 0, lineHeight: 0 }),
  yAxis: css({
    width: AXIS_PX,
    paddingRight: theme.spacing(1),
    display: 'flex',
    flexDirection: 'column',
    justifyContent: 'space-between',
    alignItems: 'flex-end',
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    fontVariantNumeric: 'tabular-nums',
  }),
  xAxis: css({
    display: 'flex',
    justifyContent: 'space-between',
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  empty: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    color: theme.colors.text.secondary,
    border: `1px dashed ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
});
