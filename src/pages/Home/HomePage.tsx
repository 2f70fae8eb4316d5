import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';
import { PollStatus } from '../../components/PolledContent/PollStatus';
import { testIds } from '../../components/testIds';
import { HEALTH_POLL_INTERVAL_MS } from '../../constants';
import { DependencyTable } from './DependencyTable';
import { formatAge } from './health';
import { HealthBadge } from './HealthBadge';
import { HealthError } from './HealthError';
import { useHealth } from './useHealth';

interface Props {
  datasourceUid: string;
  pollIntervalMs?: number;
}

/** Live connection and dependency health of the monitoring service. */
export function HomePage({ datasourceUid, pollIntervalMs = HEALTH_POLL_INTERVAL_MS }: Props) {
  const styles = useStyles2(getStyles);
  const { health, error, lastPolledAt, paused } = useHealth(datasourceUid, pollIntervalMs);

  return (
    <PluginPage>
      <div className={styles.container} data-testid={testIds.home.container}>
        <Stack direction="column" gap={2}>
          <div className={styles.header}>
            <Text element="h2" variant="h4">
              Service health
            </Text>
            <PollStatus paused={paused} pausedTestId={testIds.home.pollingPaused} />
          </div>

          {!health && !error && <LoadingPlaceholder text="Checking the service…" data-testid={testIds.home.loading} />}

          {error && <HealthError error={error} datasourceUid={datasourceUid} />}

          {health && (
            <>
              <div className={styles.facts}>
                <HealthBadge health={health} />
                <Text color="secondary">
                  Version <span data-testid={testIds.home.version}>{health.version}</span>
                </Text>
                <Text color="secondary">
                  Last checked{' '}
                  <time dateTime={health.checkedAt} title={health.checkedAt} data-testid={testIds.home.lastChecked}>
                    {dateTimeFormat(health.checkedAt)} ({formatAge(health.checkedAt, lastPolledAt ?? new Date())})
                  </time>
                </Text>
              </div>
              <DependencyTable dependencies={health.dependencies} />
            </>
          )}
        </Stack>
      </div>
    </PluginPage>
  );
}

export default HomePage;

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({
    maxWidth: theme.breakpoints.values.lg,
  }),
  header: css({
    display: 'flex',
    alignItems: 'baseline',
    gap: theme.spacing(2),
  }),
  facts: css({
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(3),
    padding: theme.spacing(2),
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
  }),
});
