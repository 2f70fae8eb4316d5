import React, { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Stack, Text, useStyles2 } from '@grafana/ui';
import { FindingsList } from '../../components/FindingsList/FindingsList';
import { findingsSummary } from '../../components/FindingsList/findingsModel';
import { infraTestIds } from '../../components/infraTestIds';
import { PolledContent } from '../../components/PolledContent/PolledContent';
import { PollStatus } from '../../components/PolledContent/PollStatus';
import {
  INFRASTRUCTURE_POLL_INTERVAL_MS,
  SERVICE_HISTORY_POLL_INTERVAL_MS,
  SERVICE_SPARKLINE_POLL_INTERVAL_MS,
} from '../../constants';
import { useSysmonClient } from '../../hooks/useSysmonClient';
import { SERVICE_PARAM } from '../../utils/infraUrls';
import { ReputationSection } from './ReputationSection';
import { ServiceCards } from './ServiceCards';
import { ServiceHistory } from './ServiceHistory';
import { useInfrastructureData } from './useInfrastructureData';

interface Props {
  datasourceUid: string;
  /** Overridable so tests need not wait seconds. */
  pollIntervalMs?: number;
  sparklineIntervalMs?: number;
  historyIntervalMs?: number;
}

const T = infraTestIds.infrastructure;

/**
 * The platform's infrastructure, live: a card per probed service (state, latency, since, 24 h sparkline, uptime,
 * cause), the active findings with links to their logs, and the sending IPs' reputation. Clicking a card opens its
 * history; the URL holds the selected service.
 */
export function InfrastructurePage({
  datasourceUid,
  pollIntervalMs = INFRASTRUCTURE_POLL_INTERVAL_MS,
  sparklineIntervalMs = SERVICE_SPARKLINE_POLL_INTERVAL_MS,
  historyIntervalMs = SERVICE_HISTORY_POLL_INTERVAL_MS,
}: Props) {
  const styles = useStyles2(getStyles);
  const client = useSysmonClient(datasourceUid);
  const [searchParams, setSearchParams] = useSearchParams();
  const selected = searchParams.get(SERVICE_PARAM) ?? undefined;
  const { state, sparklines } = useInfrastructureData(
    client,
    { stateMs: pollIntervalMs, sparklineMs: sparklineIntervalMs },
    datasourceUid
  );

  const select = useCallback(
    (service: string | undefined) =>
      setSearchParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          if (service) {
            next.set(SERVICE_PARAM, service);
          } else {
            next.delete(SERVICE_PARAM);
          }
          return next;
        },
        { replace: false }
      ),
    [setSearchParams]
  );

  const labels = useMemo(
    () => new Map((state.data?.services ?? []).map((service) => [service.service, service.label])),
    [state.data]
  );

  return (
    <PluginPage>
      <div className={styles.container} data-testid={T.container}>
        <Stack direction="column" gap={3}>
          <div className={styles.header}>
            <PollStatus
              updatedAt={state.data?.generatedAt}
              paused={state.paused}
              updatedTestId={T.lastUpdated}
              pausedTestId={T.pollingPaused}
            />
          </div>
          <PolledContent
            resource={state}
            what="the infrastructure state"
            loadingText="Loading the infrastructure state…"
            testIds={{ loading: T.loading, error: T.error, stale: T.stale }}
          >
            {(data) => {
              // Times are counted to when the service produced the data, so stale data does not age on screen.
              const now = Date.parse(data.generatedAt) || (state.receivedAt ?? 0);
              const service = data.services.find((candidate) => candidate.service === selected);
              return (
                <Stack direction="column" gap={3}>
                  <section aria-label="Services">
                    <ServiceCards
                      services={data.services}
                      sparklines={sparklines.data}
                      now={now}
                      selected={selected}
                      onSelect={(id) => select(id === selected ? undefined : id)}
                    />
                  </section>
                  {service && (
                    <ServiceHistory
                      client={client}
                      service={service}
                      now={now}
                      refreshMs={historyIntervalMs}
                      onClose={() => select(undefined)}
                    />
                  )}
                  <section className={styles.section} aria-label="Findings">
                    <div className={styles.sectionHeader}>
                      <Text element="h2" variant="h4">
                        Findings
                      </Text>
                      <Text color="secondary" variant="bodySmall">
                        {findingsSummary(data.findings) || 'none active'}
                      </Text>
                    </div>
                    <FindingsList
                      findings={data.findings}
                      now={now}
                      serviceLabels={labels}
                      emptyText="No active findings: every probe and list check is clean."
                    />
                  </section>
                  <ReputationSection
                    client={client}
                    summary={data.reputation}
                    now={now}
                    className={styles.section}
                    headerClassName={styles.sectionHeader}
                  />
                </Stack>
              );
            }}
          </PolledContent>
        </Stack>
      </div>
    </PluginPage>
  );
}

export default InfrastructurePage;

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ width: '100%' }),
  header: css({ display: 'flex', alignItems: 'baseline', gap: theme.spacing(2), minHeight: theme.spacing(2) }),
  section: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    padding: theme.spacing(2),
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
  sectionHeader: css({ display: 'flex', alignItems: 'baseline', gap: theme.spacing(2), flexWrap: 'wrap' }),
});
