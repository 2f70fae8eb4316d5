import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import type { ServiceState } from '@penguinmails/sysmon-contract';
import { serviceStateColors, serviceStateLabel } from '../../utils/serviceState';

interface Props {
  state: ServiceState;
  size?: 'sm' | 'md';
  'data-testid'?: string;
}

/** A service's state as a word on its theme colour: "Operational", "Degraded", "Down", "Unknown". */
export function ServiceStateBadge({ state, size = 'md', ...rest }: Props) {
  const styles = useStyles2(getStyles, state, size);
  return (
    <span className={styles.badge} data-state={state} data-testid={rest['data-testid']}>
      {serviceStateLabel(state)}
    </span>
  );
}

const getStyles = (theme: GrafanaTheme2, state: ServiceState, size: 'sm' | 'md') => {
  const colors = serviceStateColors(theme, state);
  return {
    badge: css({
      display: 'inline-block',
      padding: theme.spacing(size === 'sm' ? 0 : 0.25, size === 'sm' ? 0.75 : 1),
      borderRadius: theme.shape.radius.pill,
      background: colors.badge,
      color: colors.badgeText,
      fontSize: size === 'sm' ? theme.typography.bodySmall.fontSize : theme.typography.body.fontSize,
      fontWeight: theme.typography.fontWeightMedium,
      lineHeight: theme.typography.body.lineHeight,
      whiteSpace: 'nowrap',
    }),
  };
};
