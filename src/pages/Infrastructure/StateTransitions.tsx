import React from 'react';
import { dateTimeFormat } from '@grafana/data';
import { Text, useStyles2 } from '@grafana/ui';
import type { ServiceTransition } from '@penguinmails/sysmon-contract';
import { infraTestIds } from '../../components/infraTestIds';
import { ServiceStateBadge } from '../../components/ServiceStateBadge/ServiceStateBadge';
import { getTableStyles } from '../../components/tableStyles';

interface Props {
  transitions: ServiceTransition[];
}

const T = infraTestIds.infrastructure.history;

/** A service's state changes in the range, newest first, with the cause of each. */
export function StateTransitions({ transitions }: Props) {
  const table = useStyles2(getTableStyles, 0.5, 1);
  if (transitions.length === 0) {
    return (
      <span data-testid={T.transitionsEmpty}>
        <Text color="secondary">No state changes in this range.</Text>
      </span>
    );
  }
  const newestFirst = [...transitions].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return (
    <table className={table.table} data-testid={T.transitions}>
      <thead>
        <tr>
          <th>When</th>
          <th>Change</th>
          <th>Cause</th>
        </tr>
      </thead>
      <tbody>
        {newestFirst.map((transition) => (
          <tr key={`${transition.at}|${transition.to}`} data-to={transition.to}>
            <td className={table.nowrap}>
              <time dateTime={transition.at}>{dateTimeFormat(transition.at)}</time>
            </td>
            <td className={table.nowrap}>
              <ServiceStateBadge state={transition.from} size="sm" /> →{' '}
              <ServiceStateBadge state={transition.to} size="sm" />
            </td>
            <td>{transition.cause}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
