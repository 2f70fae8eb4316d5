import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Text, useStyles2 } from '@grafana/ui';
import type { ServiceHistoryResponse, ServiceStatusView } from '@penguinmails/sysmon-contract';
import { infraTestIds } from '../../components/infraTestIds';
import { historyOf, latencyPoints } from './infrastructureModel';
import { ServiceCard } from './ServiceCard';

interface Props {
  services: ServiceStatusView[];
  sparklines?: ServiceHistoryResponse;
  now: number;
  selected?: string;
  onSelect: (service: string) => void;
}

/** A card per probed service, in the configuration's order; says what to configure when there are none. */
export function ServiceCards({ services, sparklines, now, selected, onSelect }: Props) {
  const styles = useStyles2(getStyles);
  if (services.length === 0) {
    return (
      <div className={styles.empty} data-testid={infraTestIds.infrastructure.servicesEmpty}>
        <Text element="p">No services are probed.</Text>
        <Text color="secondary" element="p">
          Add a <code>probes</code> list (SMTP, HTTP, TCP, PostgreSQL, Redis, workers) to the service&apos;s
          configuration file (<code>SYSMON_CONFIG</code>; see <code>sysmon.example.yaml</code>) and restart it.
        </Text>
      </div>
    );
  }
  return (
    <div className={styles.grid}>
      {services.map((service) => (
        <ServiceCard
          key={service.service}
          service={service}
          sparkline={latencyPoints(historyOf(sparklines, service.service))}
          sparklineLoaded={sparklines !== undefined}
          now={now}
          selected={selected === service.service}
          onSelect={onSelect}
        />
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  grid: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))',
    gap: theme.spacing(2),
  }),
  empty: css({
    padding: theme.spacing(2),
    border: `1px dashed ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
    p: { margin: 0 },
  }),
});
