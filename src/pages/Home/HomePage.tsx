import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Stack, Text, useStyles2 } from '@grafana/ui';
import { toServiceRequestError } from '../../api/errors';
import { FindingsList } from '../../components/FindingsList/FindingsList';
import { findingsSummary } from '../../components/FindingsList/findingsModel';
import { infraTestIds } from '../../components/infraTestIds';
import { PollStatus } from '../../components/PolledContent/PollStatus';
import { testIds } from '../../components/testIds';
import {
  HEALTH_POLL_INTERVAL_MS,
  OVERVIEW_LOG_VOLUME_POLL_INTERVAL_MS,
  PLUGIN_BASE_URL,
  ROUTES,
} from '../../constants';
import { useSysmonClient } from '../../hooks/useSysmonClient';
import { infrastructurePageUrl } from '../../utils/infraUrls';
import { ErrorVolume } from './ErrorVolume';
import { HealthError } from './HealthError';
import { OverviewSection } from './OverviewSection';
import { backlogSummary, errorLogsUrl, serviceStateCounts } from './overviewModel';
import { QueueSummary } from './QueueSummary';
import { ServiceHealth } from './ServiceHealth';
import { ServiceStates } from './ServiceStates';
import { useOverviewData } from './useOverviewData';

interface Props {
  datasourceUid: string;
  /** Overridable so tests need not wait seconds. */
  pollIntervalMs?: number;
  logVolumeIntervalMs?: number;
}

/** Shown at most on the overview; the Infrastructure page lists them all. */
const FINDINGS_SHOWN = 5;

/**
 * The operations overview, the primary dashboard for proactive monitoring: the service states, the active findings,
 * the queues per tier with anything backing up, and the error-log volume of the last hour, each linking to its page;
 * the monitoring service's own health below. Four reads, all from the service's cached state.
 */
export function HomePage({
  datasourceUid,
  pollIntervalMs = HEALTH_POLL_INTERVAL_MS,
  logVolumeIntervalMs = OVERVIEW_LOG_VOLUME_POLL_INTERVAL_MS,
}: Props) {
  const styles = useStyles2(getStyles);
  const client = useSysmonClient(datasourceUid);
  const { infrastructure, queues, health, errors } = useOverviewData(
    client,
    { stateMs: pollIntervalMs, logVolumeMs: logVolumeIntervalMs },
    datasourceUid
  );
  const labels = useMemo(
    () => new Map((infrastructure.data?.services ?? []).map((service) => [service.service, service.label])),
    [infrastructure.data]
  );
  // Nothing answers: one clear error about the connection instead of four.
  const unreachable = [infrastructure, queues, health, errors].every(
    (resource) => resource.data === undefined && resource.error !== undefined
  );
  const healthError = health.data === undefined && health.error ? toServiceRequestError(health.error) : undefined;

  return (
    <PluginPage>
      <div className={styles.container} data-testid={testIds.home.container}>
        <Stack direction="column" gap={2}>
          <div className={styles.header}>
            <Text element="h2" variant="h4">
              Operations overview
            </Text>
            <PollStatus
              updatedAt={infrastructure.data?.generatedAt}
              paused={infrastructure.paused}
              pausedTestId={testIds.home.pollingPaused}
            />
          </div>
          {healthError && <HealthError error={healthError} datasourceUid={datasourceUid} />}
          {!unreachable && (
            <div className={styles.grid} data-testid={infraTestIds.overview.container}>
              <OverviewSection
                id="services"
                title="Services"
                link={{ to: infrastructurePageUrl(), text: 'Infrastructure' }}
                resource={infrastructure}
                summary={(data) => serviceStateCounts(data.services)}
              >
                {(data) => (
                  <ServiceStates
                    services={data.services}
                    now={Date.parse(data.generatedAt) || (infrastructure.receivedAt ?? 0)}
                  />
                )}
              </OverviewSection>
              <OverviewSection
                id="findings"
                title="Active findings"
                link={{ to: infrastructurePageUrl(), text: 'All findings' }}
                resource={infrastructure}
                summary={(data) => findingsSummary(data.findings)}
              >
                {(data) => (
                  <FindingsList
                    findings={data.findings}
                    now={Date.parse(data.generatedAt) || (infrastructure.receivedAt ?? 0)}
                    serviceLabels={labels}
                    limit={FINDINGS_SHOWN}
                    emptyText="No active findings."
                  />
                )}
              </OverviewSection>
              <OverviewSection
                id="queues"
                title="Queues"
                link={{ to: `${PLUGIN_BASE_URL}/${ROUTES.Queues}`, text: 'Queues' }}
                resource={queues}
                summary={(data) => backlogSummary(data.queues)}
              >
                {(data) => <QueueSummary queues={data.queues} />}
              </OverviewSection>
              <OverviewSection
                id="logs"
                title="Errors"
                link={{ to: errorLogsUrl(), text: 'Error logs' }}
                resource={errors}
              >
                {(volume) => <ErrorVolume volume={volume} />}
              </OverviewSection>
            </div>
          )}
          {/* Without any answer the error above says it all; an empty box would add nothing. */}
          {!healthError && <ServiceHealth health={health} />}
        </Stack>
      </div>
    </PluginPage>
  );
}

export default HomePage;

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ width: '100%' }),
  header: css({ display: 'flex', alignItems: 'baseline', gap: theme.spacing(2) }),
  grid: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 400px), 1fr))',
    gap: theme.spacing(2),
    alignItems: 'start',
  }),
});
