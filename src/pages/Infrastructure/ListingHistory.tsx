import React, { useCallback } from 'react';
import { dateTimeFormat } from '@grafana/data';
import { Alert, Text, useStyles2 } from '@grafana/ui';
import type { SysmonClient } from '../../api/client';
import { getTableStyles } from '../../components/tableStyles';
import { usePolledResource } from '../../hooks/usePolledResource';
import { sortListingPeriods } from './infrastructureModel';

interface Props {
  client: SysmonClient;
  refreshMs: number;
}

/** Past and current listings of the sending IPs (first and last seen, codes, reason), newest first. */
export function ListingHistory({ client, refreshMs }: Props) {
  const table = useStyles2(getTableStyles, 0.5, 1);
  const load = useCallback(() => client.reputationHistory({ limit: 200 }), [client]);
  const history = usePolledResource(load, refreshMs, 'listing-history');
  if (history.error && !history.data) {
    return (
      <Alert severity="error" title="Could not load the listing history">
        {history.error.message}
      </Alert>
    );
  }
  if (!history.data) {
    return <Text color="secondary">Loading the listing history…</Text>;
  }
  if (history.data.periods.length === 0) {
    return <Text color="secondary">No sending IP has been listed.</Text>;
  }
  return (
    <table className={table.table}>
      <thead>
        <tr>
          <th>IP</th>
          <th>List</th>
          <th>First seen</th>
          <th>Until</th>
          <th>Codes</th>
          <th>Reason</th>
        </tr>
      </thead>
      <tbody>
        {sortListingPeriods(history.data.periods).map((period) => (
          <tr key={`${period.ip}|${period.zone}|${period.firstSeen}`}>
            <td className={table.mono}>{period.ip}</td>
            <td className={table.nowrap}>{period.zoneLabel}</td>
            <td className={table.nowrap}>{dateTimeFormat(period.firstSeen)}</td>
            <td className={table.nowrap}>
              {period.endedAt
                ? dateTimeFormat(period.endedAt)
                : `still listed (last seen ${dateTimeFormat(period.lastSeen)})`}
            </td>
            <td className={table.mono}>{period.codes.join(', ')}</td>
            <td>{period.reason ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
