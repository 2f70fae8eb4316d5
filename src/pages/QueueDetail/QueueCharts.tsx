import React, { useCallback, useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { RadioButtonGroup, Text, useStyles2 } from '@grafana/ui';
import { UNITS } from '@penguinmails/sysmon-contract';
import type { SysmonClient } from '../../api/client';
import { SeriesSparkline } from '../../components/SeriesSparkline/SeriesSparkline';
import { testIds } from '../../components/testIds';
import { usePolledResource } from '../../hooks/usePolledResource';
import { formatCount, formatJobsPerMinute } from '../../utils/format';
import { DETAIL_CHARTS, queueSeries, seriesStats } from './chartModel';
import { CHART_RANGES } from './jobModel';

interface Props {
  client: SysmonClient;
  queue: string;
  refreshMs: number;
}

/**
 * Small multiples of the queue's history (depth by state, throughput, failures) over a chosen range.
 * Sparkline rather than TimeSeries: TimeSeries lives in @grafana/ui's deprecated "graveyard" and expects a panel
 * context; Sparkline renders standalone in Grafana and in the harness, and a caption gives the numbers.
 */
export function QueueCharts({ client, queue, refreshMs }: Props) {
  const styles = useStyles2(getStyles);
  const [rangeMs, setRangeMs] = useState(CHART_RANGES[0].value);

  const load = useCallback(async () => {
    const from = new Date(Date.now() - rangeMs).toISOString();
    const answers = await Promise.all(
      DETAIL_CHARTS.map((chart) =>
        client.queueHistory({ field: chart.field, from, groupBy: 'queue', queue, maxPoints: 300 })
      )
    );
    return answers.map((answer) => queueSeries(answer, queue));
  }, [client, queue, rangeMs]);
  const history = usePolledResource(load, refreshMs, `${queue}|${rangeMs}`);

  return (
    <section className={styles.section}>
      <div className={styles.toolbar}>
        <Text element="h3" variant="h5">
          History
        </Text>
        <span data-testid={testIds.queueDetail.chartRange}>
          <RadioButtonGroup size="sm" options={CHART_RANGES} value={rangeMs} onChange={(value) => setRangeMs(value)} />
        </span>
        {history.error && (
          <Text color="error" variant="bodySmall">
            {history.error.message}
          </Text>
        )}
      </div>
      <div className={styles.grid}>
        {DETAIL_CHARTS.map((chart, index) => {
          const points = history.data?.[index] ?? [];
          const stats = seriesStats(points);
          const format = chart.unit === UNITS.jobsPerMinute ? formatJobsPerMinute : formatCount;
          return (
            <figure key={chart.field} className={styles.chart}>
              <figcaption className={styles.caption}>
                <span>{chart.title}</span>
                {/* "latest", not "now": the last sample may be old (the sampler skips queues it cannot read). */}
                <span className={styles.stats}>
                  {stats ? `latest ${format(stats.last)} · min ${format(stats.min)} · max ${format(stats.max)}` : ''}
                </span>
              </figcaption>
              <SeriesSparkline
                points={points}
                width={280}
                height={64}
                emptyText={history.data ? 'no samples in this range' : 'loading…'}
                data-testid={testIds.queueDetail.chart(chart.field)}
              />
            </figure>
          );
        })}
      </div>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  toolbar: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(2) }),
  grid: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(2) }),
  chart: css({
    margin: 0,
    padding: theme.spacing(1),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    minWidth: 300,
  }),
  caption: css({
    display: 'flex',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
    fontSize: theme.typography.bodySmall.fontSize,
    marginBottom: theme.spacing(0.5),
  }),
  stats: css({ color: theme.colors.text.secondary, fontVariantNumeric: 'tabular-nums' }),
});
