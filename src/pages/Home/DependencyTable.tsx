import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Badge, useStyles2 } from '@grafana/ui';
import type { DependencyHealth } from '../../api/types';
import { testIds } from '../../components/testIds';
import { dependencyColor, formatLatency } from './health';

export function DependencyTable({ dependencies }: { dependencies: DependencyHealth[] }) {
  const styles = useStyles2(getStyles);
  return (
    <table className={styles.table} data-testid={testIds.home.dependencies}>
      <thead>
        <tr>
          <th>Dependency</th>
          <th>Status</th>
          <th className={styles.number}>Latency</th>
          <th>Error</th>
        </tr>
      </thead>
      <tbody>
        {dependencies.map((dependency) => (
          <tr key={dependency.name} data-testid={testIds.home.dependencyRow(dependency.name)}>
            <td className={styles.name}>{dependency.name}</td>
            <td data-testid={testIds.home.dependencyStatus(dependency.name)} data-status={dependency.status}>
              <Badge color={dependencyColor(dependency)} text={dependency.status === 'up' ? 'Up' : 'Down'} />
            </td>
            <td className={styles.number} data-testid={testIds.home.dependencyLatency(dependency.name)}>
              {formatLatency(dependency.latencyMs)}
            </td>
            <td className={styles.error}>{dependency.error ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': {
      padding: theme.spacing(1, 2),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
    },
    th: {
      color: theme.colors.text.secondary,
      fontWeight: theme.typography.fontWeightMedium,
    },
  }),
  name: css({
    fontWeight: theme.typography.fontWeightMedium,
  }),
  number: css({
    textAlign: 'right',
    fontVariantNumeric: 'tabular-nums',
    whiteSpace: 'nowrap',
  }),
  error: css({
    color: theme.colors.error.text,
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
});
