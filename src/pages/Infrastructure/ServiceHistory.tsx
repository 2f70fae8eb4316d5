import React, { useCallback, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, IconButton, RadioButtonGroup, Text, useStyles2 } from '@grafana/ui';
import type { ServiceStatusView } from '@penguinmails/sysmon-contract';
import type { SysmonClient } from '../../api/client';
import { infraTestIds } from '../../components/infraTestIds';
import { ServiceStateBadge } from '../../components/ServiceStateBadge/ServiceStateBadge';
import { useElementWidth } from '../../hooks/useElementWidth';
import { usePolledResource } from '../../hooks/usePolledResource';
import { DEFAULT_HISTORY_RANGE_MS, HISTORY_POINTS, HISTORY_RANGES, historyOf } from './infrastructureModel';
import { LatencyChart } from './LatencyChart';
import { LatestCheck } from './LatestCheck';
import { StateTransitions } from './StateTransitions';

interface Props {
  client: SysmonClient;
  service: ServiceStatusView;
  now: number;
  refreshMs: number;
  onClose: () => void;
}

const T = infraTestIds.infrastructure.history;

/** One service over a chosen range: latency with its states, the latest check's evidence, and its state changes. */
export function ServiceHistory({ client, service, now, refreshMs, onClose }: Props) {
  const styles = useStyles2(getStyles);
  const [rangeMs, setRangeMs] = useState(DEFAULT_HISTORY_RANGE_MS);
  const [chartRef, chartWidth] = useElementWidth<HTMLDivElement>();
  const id = service.service;

  const load = useCallback(
    () =>
      client.serviceHistory({
        from: new Date(Date.now() - rangeMs).toISOString(),
        service: id,
        maxPoints: HISTORY_POINTS,
      }),
    [client, id, rangeMs]
  );
  const history = usePolledResource(load, refreshMs, `${id}|${rangeMs}`);
  const transitions = (history.data?.transitions ?? []).filter((transition) => transition.service === id);

  return (
    <section
      className={styles.section}
      data-testid={T.container}
      data-service={id}
      aria-label={`${service.label} history`}
    >
      <div className={styles.header}>
        <Text element="h3" variant="h5">
          {service.label}
        </Text>
        <ServiceStateBadge state={service.state} size="sm" />
        <span data-testid={T.range}>
          <RadioButtonGroup size="sm" options={HISTORY_RANGES} value={rangeMs} onChange={setRangeMs} />
        </span>
        <IconButton
          name="times"
          tooltip="Close the history"
          className={styles.close}
          onClick={onClose}
          data-testid={T.close}
        />
      </div>
      {history.error && (
        <Alert
          severity={history.data ? 'warning' : 'error'}
          title={history.data ? 'Showing the last history that loaded' : 'Could not load the history'}
          data-testid={T.error}
        >
          {history.error.message}
        </Alert>
      )}
      <div className={styles.body}>
        <div ref={chartRef} className={styles.chart}>
          {history.data ? (
            <LatencyChart points={historyOf(history.data, id)} stepMs={history.data.stepMs} width={chartWidth} />
          ) : (
            !history.error && <Text color="secondary">Loading the history…</Text>
          )}
        </div>
        <div className={styles.check}>
          <LatestCheck check={service.lastCheck} now={now} />
        </div>
      </div>
      <Text element="h4" variant="h6">
        State changes
      </Text>
      {history.data && <StateTransitions transitions={transitions} />}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1.5),
    padding: theme.spacing(2),
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.primary.border}`,
    borderRadius: theme.shape.radius.default,
  }),
  header: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(2), flexWrap: 'wrap' }),
  close: css({ marginLeft: 'auto' }),
  body: css({
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 3fr) minmax(260px, 2fr)',
    gap: theme.spacing(3),
    [theme.breakpoints.down('lg')]: { gridTemplateColumns: 'minmax(0, 1fr)' },
  }),
  chart: css({ minWidth: 0 }),
  check: css({ minWidth: 0 }),
});
