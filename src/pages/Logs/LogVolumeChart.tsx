import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2, type TimeRange } from '@grafana/data';
import { AxisPlacement, GraphDrawStyle, ScaleDirection, ScaleOrientation, VisibilityMode } from '@grafana/schema';
import { UPlotChart, UPlotConfigBuilder, useStyles2, useTheme2 } from '@grafana/ui';
import type { AlignedData } from 'uplot';
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
 * Lines per interval, stacked by level, drawn with @grafana/ui's uPlot chart (what Sparkline renders with, so it
 * works in Grafana and in the harness alike). Stacking is done here: each level's bar is drawn at the running
 * total of itself and the levels below, tallest first, so each shows as its own band.
 */
export function LogVolumeChart({ series, range, width, height = 96 }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const { data, config } = useMemo(() => buildChart(series, range, theme), [series, range, theme]);
  const total = series.reduce((sum, s) => sum + s.total, 0);

  return (
    <figure
      className={styles.figure}
      data-testid={testIds.logs.volume}
      data-total={total}
      aria-label={`Log volume: ${formatCount(total)} lines from ${dateTimeFormat(range.from)} to ${dateTimeFormat(range.to)}`}
    >
      {total === 0 ? (
        <div className={styles.empty} style={{ height }}>
          No lines in this range
        </div>
      ) : (
        <UPlotChart data={data} config={config} width={width} height={height} />
      )}
    </figure>
  );
}

function buildChart(series: VolumeSeries[], range: TimeRange, theme: GrafanaTheme2) {
  const times = series[0]?.times ?? [];
  const aligned = series.filter((s) => s.times.length === times.length);
  // Running totals from the least severe level up; drawn tallest (all levels) first.
  const running: number[][] = [];
  aligned.forEach((s, index) => {
    running.push(s.counts.map((count, i) => count + (index > 0 ? running[index - 1][i] : 0)));
  });
  const builder = new UPlotConfigBuilder();
  builder.setCursor({ show: false, x: false, y: false });
  builder.addScale({
    scaleKey: 'x',
    orientation: ScaleOrientation.Horizontal,
    direction: ScaleDirection.Right,
    isTime: true,
    range: () => [range.from.valueOf(), range.to.valueOf()],
  });
  builder.addAxis({ scaleKey: 'x', theme, placement: AxisPlacement.Bottom, isTime: true, timeZone: 'browser' });
  builder.addScale({
    scaleKey: 'count',
    orientation: ScaleOrientation.Vertical,
    direction: ScaleDirection.Up,
    range: (_u, _min, max) => [0, Math.max(1, max ?? 1)],
  });
  builder.addAxis({
    scaleKey: 'count',
    theme,
    placement: AxisPlacement.Left,
    formatValue: (v) => formatCount(Number(v)),
  });
  const order = aligned.map((_, index) => index).reverse();
  for (const index of order) {
    const color = logLevelColor(theme, aligned[index].level);
    builder.addSeries({
      scaleKey: 'count',
      theme,
      drawStyle: GraphDrawStyle.Bars,
      lineColor: color,
      fillColor: color,
      fillOpacity: 100,
      lineWidth: 0,
      showPoints: VisibilityMode.Never,
      pxAlign: true,
    });
  }
  const data: AlignedData = [times, ...order.map((index) => running[index])];
  return { data, config: builder };
}

const getStyles = (theme: GrafanaTheme2) => ({
  figure: css({ margin: 0, minHeight: 0 }),
  empty: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    color: theme.colors.text.secondary,
    border: `1px dashed ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
});
