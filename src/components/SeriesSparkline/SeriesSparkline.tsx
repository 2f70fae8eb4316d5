import React from 'react';
import { css } from '@emotion/css';
import { FieldType, GrafanaTheme2, type FieldSparkline } from '@grafana/data';
import { Sparkline, useStyles2, useTheme2 } from '@grafana/ui';
import { sparklineRange } from './sparklineModel';

interface Props {
  /** [epoch ms, value] pairs in time order; nulls are gaps. */
  points: Array<[number, number | null]>;
  width: number;
  height: number;
  color?: string;
  /** Shown when there are fewer than two points (Sparkline needs two). */
  emptyText?: string;
  'data-testid'?: string;
}

/**
 * @grafana/ui Sparkline over a [time, value] series. Sparkline renders standalone (no panel context), so it
 * works the same in Grafana and in the browser harness. It reads the y range from field state, which Grafana's
 * panels fill in; here we compute it.
 */
export function SeriesSparkline({ points, width, height, color, emptyText = 'no data yet', ...rest }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const range = sparklineRange(points);
  const testId = rest['data-testid'];

  if (points.length < 2 || !range) {
    return (
      <span className={styles.empty} style={{ width, height }} data-testid={testId} data-points={points.length}>
        {emptyText}
      </span>
    );
  }

  const sparkline: FieldSparkline = {
    x: { name: 'time', type: FieldType.time, values: points.map((p) => p[0]), config: {} },
    y: {
      name: 'value',
      type: FieldType.number,
      values: points.map((p) => p[1]),
      config: color ? { color: { mode: 'fixed', fixedColor: color } } : {},
      state: { range },
    },
  };
  return (
    <span className={styles.chart} data-testid={testId} data-points={points.length} data-last={range.last ?? ''}>
      <Sparkline width={width} height={height} theme={theme} sparkline={sparkline} />
    </span>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  chart: css({ display: 'inline-block', lineHeight: 0 }),
  empty: css({
    display: 'inline-flex',
    alignItems: 'center',
    color: theme.colors.text.disabled,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
});
