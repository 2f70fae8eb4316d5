import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { Text, useStyles2 } from '@grafana/ui';
import type { HealthResponse } from '@penguinmails/sysmon-contract';
import { infraTestIds } from '../../components/infraTestIds';
import { staleReason } from '../../components/PolledContent/staleReason';
import { testIds } from '../../components/testIds';
import type { PolledState } from '../../hooks/polledState';
import { DependencyTable } from './DependencyTable';
import { formatAge } from './health';
import { HealthBadge } from './HealthBadge';

interface Props {
  health: PolledState<HealthResponse>;
}

/** The monitoring service's own dependencies (PostgreSQL, Redis): secondary to the platform it watches. */
export function ServiceHealth({ health }: Props) {
  const styles = useStyles2(getStyles);
  const { data, error, stale, receivedAt } = health;
  return (
    <section
      className={styles.section}
      aria-label="Monitoring service"
      data-testid={infraTestIds.overview.dependencies}
    >
      <div className={styles.header}>
        <Text element="h2" variant="h6" color="secondary">
          Monitoring service
        </Text>
        {data && <HealthBadge health={data} />}
        {data && (
          <Text color="secondary" variant="bodySmall">
            Version <span data-testid={testIds.home.version}>{data.version}</span> · checked{' '}
            <time dateTime={data.checkedAt} title={data.checkedAt} data-testid={testIds.home.lastChecked}>
              {dateTimeFormat(data.checkedAt)} (
              {formatAge(data.checkedAt, new Date(receivedAt ?? Date.parse(data.checkedAt)))})
            </time>
          </Text>
        )}
        {stale && error && (
          <Text color="warning" variant="bodySmall">
            As of {receivedAt ? dateTimeFormat(receivedAt) : 'the last good poll'}: {staleReason(error)}
          </Text>
        )}
      </div>
      {!data && !error && (
        <span data-testid={testIds.home.loading}>
          <Text color="secondary">Checking the service…</Text>
        </span>
      )}
      {data && (
        <div className={stale ? styles.dimmed : undefined}>
          <DependencyTable dependencies={data.dependencies} />
        </div>
      )}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    padding: theme.spacing(1.5, 2),
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
    maxWidth: theme.breakpoints.values.lg,
  }),
  header: css({ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: theme.spacing(2) }),
  dimmed: css({ opacity: 0.6 }),
});
