import React from 'react';
import { Link } from 'react-router-dom';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Text, useStyles2 } from '@grafana/ui';
import type { ServiceStatusView } from '@penguinmails/sysmon-contract';
import { infraTestIds } from '../../components/infraTestIds';
import { RelativeTime } from '../../components/RelativeTime/RelativeTime';
import { ServiceStateBadge } from '../../components/ServiceStateBadge/ServiceStateBadge';
import { formatStateAge } from '../../utils/elapsed';
import { formatDuration } from '../../utils/format';
import { infrastructurePageUrl } from '../../utils/infraUrls';
import { serviceStateColors } from '../../utils/serviceState';

interface Props {
  services: ServiceStatusView[];
  now: number;
}

const O = infraTestIds.overview;

/** Each probed service in one line: its state, since when, the latest latency and why; each links to its history. */
export function ServiceStates({ services, now }: Props) {
  const styles = useStyles2(getStyles);
  if (services.length === 0) {
    return (
      <span data-testid={O.servicesEmpty}>
        <Text color="secondary">No services are probed: add probes to the service&apos;s configuration.</Text>
      </span>
    );
  }
  return (
    <ul className={styles.list}>
      {services.map((service) => (
        <li key={service.service} data-testid={O.service(service.service)} data-state={service.state}>
          <Link to={infrastructurePageUrl(service.service)} className={styles.row}>
            <span className={styles.name}>{service.label}</span>
            <ServiceStateBadge state={service.state} size="sm" />
            <RelativeTime at={service.since} className={styles.since}>
              {formatStateAge(service.since, now)}
            </RelativeTime>
            <span className={styles.latency}>{formatDuration(service.lastCheck?.latencyMs)}</span>
            {service.state !== 'operational' && service.cause && (
              <span className={styles.cause(service)} title={service.cause}>
                {service.cause}
              </span>
            )}
          </Link>
        </li>
      ))}
    </ul>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({ listStyle: 'none', margin: 0, padding: 0 }),
  row: css({
    display: 'grid',
    gridTemplateColumns: 'minmax(90px, 1fr) auto minmax(80px, auto) minmax(64px, auto)',
    alignItems: 'center',
    columnGap: theme.spacing(1.5),
    padding: theme.spacing(0.75, 0),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
    color: theme.colors.text.primary,
    '&:hover': { background: theme.colors.action.hover },
  }),
  name: css({ fontWeight: theme.typography.fontWeightMedium, overflow: 'hidden', textOverflow: 'ellipsis' }),
  since: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
  }),
  latency: css({ textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }),
  cause: (service: ServiceStatusView) =>
    css({
      gridColumn: '1 / -1',
      color: serviceStateColors(theme, service.state).text,
      fontSize: theme.typography.bodySmall.fontSize,
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      whiteSpace: 'nowrap',
    }),
});
