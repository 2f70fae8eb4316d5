import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Badge, useStyles2 } from '@grafana/ui';
import type { DependencyHealth } from '@penguinmails/sysmon-contract';
import { getTableStyles } from '../../components/tableStyles';
import { testIds } from '../../components/testIds';
import { dependencyColor, formatLatency } from './health';

export function DependencyTable({ dependencies }: { dependencies: DependencyHealth[] }) {
  const styles = useStyles2(getStyles);
  const table = useStyles2(getTableStyles, 1, 2);
  return (
    <table className={table.table} data-testid={testIds.home.dependencies}>
      <thead>
        <tr>
          <th>Dependency</th>
          <th>Status</th>
          <th className={table.number}>Latency</th>
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
            <td className={table.number} data-testid={testIds.home.dependencyLatency(dependency.name)}>
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
  name: css({
    fontWeight: theme.typography.fontWeightMedium,
  }),
  error: css({
    color: theme.colors.error.text,
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
});
