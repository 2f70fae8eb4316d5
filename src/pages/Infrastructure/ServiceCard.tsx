import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Icon, useStyles2, useTheme2 } from '@grafana/ui';
import { SERVICES_FRAME, type ServiceStatusView } from '@penguinmails/sysmon-contract';
import { FieldTooltip } from '../../components/FieldTooltip/FieldTooltip';
import { infraTestIds } from '../../components/infraTestIds';
import { RelativeTime } from '../../components/RelativeTime/RelativeTime';
import { SeriesSparkline } from '../../components/SeriesSparkline/SeriesSparkline';
import { ServiceStateBadge } from '../../components/ServiceStateBadge/ServiceStateBadge';
import { formatStateAge, formatUptime } from '../../utils/elapsed';
import { formatDuration } from '../../utils/format';
import { serviceStateColors } from '../../utils/serviceState';
import { cardCause, headlineLatency, latencyLabel, uptimeWindows, type Points } from './infrastructureModel';

interface Props {
  service: ServiceStatusView;
  /** The last 24 h of latency (empty until the history arrives). */
  sparkline: Points;
  sparklineLoaded: boolean;
  /** The time of the data ("for 4 min" is counted to it). */
  now: number;
  selected: boolean;
  onSelect: (service: string) => void;
}

const T = infraTestIds.infrastructure;
const SPARKLINE_WIDTH = 220;
const F = SERVICES_FRAME.fields;
/** The `services` field of each uptime window: its tooltip is the field's meaning. */
const UPTIME_FIELDS = { '24h': F.uptime24h, '7d': F.uptime7d, '30d': F.uptime30d } as const;

/**
 * One service: its state in colour and words, the latest check's latency, since when, the last 24 h of latency,
 * uptime over 24 h / 7 d / 30 d, and why when it is not operational. Clicking it opens its history.
 */
export function ServiceCard({ service, sparkline, sparklineLoaded, now, selected, onSelect }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles, service, selected);
  const latency = headlineLatency(service);
  const cause = cardCause(service);
  const drawable = sparkline.filter(([, value]) => value !== null).length >= 2;
  return (
    <button
      type="button"
      className={styles.card}
      onClick={() => onSelect(service.service)}
      aria-pressed={selected}
      aria-label={`${service.label}: ${service.state}. Show its history`}
      data-testid={T.card(service.service)}
      data-state={service.state}
    >
      <span className={styles.header}>
        <span className={styles.name}>{service.label}</span>
        <ServiceStateBadge state={service.state} data-testid={T.cardState(service.service)} />
      </span>
      <span className={styles.figures}>
        <span className={styles.latency} data-testid={T.cardLatency(service.service)} data-value={latency ?? ''}>
          {latency === null ? (
            <span className={styles.unitLabel}>no latency measured</span>
          ) : (
            // Inside the card's button: a hover tooltip, not a second focus stop.
            <FieldTooltip field={F.latencyMs} focusable={false} underline={false}>
              {formatDuration(latency)}
              <span className={styles.unitLabel}> {latencyLabel(service.kind)}</span>
            </FieldTooltip>
          )}
        </span>
        <RelativeTime at={service.since} className={styles.since} data-testid={T.cardSince(service.service)}>
          {formatStateAge(service.since, now) || 'not checked yet'}
        </RelativeTime>
      </span>
      <span className={styles.sparkline}>
        <SeriesSparkline
          points={sparkline}
          width={SPARKLINE_WIDTH}
          height={32}
          color={serviceStateColors(theme, service.state).main}
          emptyText={sparklineLoaded ? sparklineEmptyText(sparkline) : '24 h latency: loading…'}
          data-testid={T.cardSparkline(service.service)}
        />
        {drawable && <span className={styles.caption}>24 h latency</span>}
      </span>
      <span className={styles.uptime}>
        Uptime
        {uptimeWindows(service.uptime).map((window) => (
          <span
            key={window.key}
            data-testid={T.cardUptime(service.service, window.key)}
            data-value={window.value ?? ''}
          >
            <FieldTooltip field={UPTIME_FIELDS[window.key]} focusable={false} underline={false}>
              {window.label} <strong>{formatUptime(window.value)}</strong>
            </FieldTooltip>
          </span>
        ))}
      </span>
      {cause && (
        <span className={styles.cause} data-testid={T.cardCause(service.service)}>
          <Icon name="exclamation-triangle" size="sm" /> {cause}
        </span>
      )}
    </button>
  );
}

/** Why there is no line: nothing measured in the last 24 h, or only one 15-minute bucket so far (building up). */
function sparklineEmptyText(points: Points): string {
  return points.some(([, value]) => value !== null) ? '24 h latency: building up' : '24 h latency: none measured';
}

const getStyles = (theme: GrafanaTheme2, service: ServiceStatusView, selected: boolean) => {
  const colors = serviceStateColors(theme, service.state);
  return {
    card: css({
      display: 'flex',
      flexDirection: 'column',
      gap: theme.spacing(1),
      width: '100%',
      minWidth: 0,
      padding: theme.spacing(1.5, 2),
      textAlign: 'left',
      font: 'inherit',
      color: theme.colors.text.primary,
      cursor: 'pointer',
      background: colors.tint === 'transparent' ? theme.colors.background.primary : colors.tint,
      border: `1px solid ${selected ? theme.colors.primary.border : theme.colors.border.weak}`,
      borderLeft: `6px solid ${colors.main}`,
      borderRadius: theme.shape.radius.default,
      boxShadow: selected ? `0 0 0 1px ${theme.colors.primary.border}` : 'none',
      '&:hover': { borderColor: theme.colors.border.strong, borderLeftColor: colors.main },
      '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: 2 },
    }),
    header: css({ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: theme.spacing(1) }),
    name: css({
      fontSize: theme.typography.h5.fontSize,
      fontWeight: theme.typography.fontWeightMedium,
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      whiteSpace: 'nowrap',
    }),
    figures: css({ display: 'flex', alignItems: 'baseline', justifyContent: 'space-between', gap: theme.spacing(1) }),
    latency: css({
      fontSize: theme.typography.h3.fontSize,
      fontWeight: theme.typography.fontWeightMedium,
      fontVariantNumeric: 'tabular-nums',
      whiteSpace: 'nowrap',
    }),
    unitLabel: css({
      fontSize: theme.typography.bodySmall.fontSize,
      fontWeight: theme.typography.fontWeightRegular,
      color: theme.colors.text.secondary,
    }),
    since: css({ color: colors.text, whiteSpace: 'nowrap', fontSize: theme.typography.bodySmall.fontSize }),
    sparkline: css({ display: 'flex', flexDirection: 'column', gap: 2 }),
    caption: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
    uptime: css({
      display: 'flex',
      flexWrap: 'wrap',
      columnGap: theme.spacing(1.5),
      color: theme.colors.text.secondary,
      fontSize: theme.typography.bodySmall.fontSize,
      strong: { color: theme.colors.text.primary, fontVariantNumeric: 'tabular-nums' },
    }),
    cause: css({ color: colors.text, overflowWrap: 'anywhere' }),
  };
};
