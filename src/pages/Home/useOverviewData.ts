import { useCallback } from 'react';
import type { SysmonClient } from '../../api/client';
import { usePolledResource } from '../../hooks/usePolledResource';
import { errorVolumeRequest, readErrorVolume } from './overviewModel';

export interface OverviewPollIntervals {
  /** Services and findings, queues, the service's own health: all served from the service's cached state. */
  stateMs: number;
  /** The error-log volume of the last hour (a query over the log store). */
  logVolumeMs: number;
}

/**
 * The four reads of the home overview, each at its own pace, each failing on its own: the infrastructure state,
 * the queue snapshots, the service's own health, and the error-log volume of the last hour.
 */
export function useOverviewData(client: SysmonClient, intervals: OverviewPollIntervals, key: string) {
  const loadInfrastructure = useCallback(() => client.infrastructure(), [client]);
  const loadQueues = useCallback(() => client.queues(), [client]);
  const loadHealth = useCallback(() => client.health(), [client]);
  const loadErrors = useCallback(
    async () => readErrorVolume(await client.query(errorVolumeRequest(Date.now()), { requestId: 'overview-errors' })),
    [client]
  );
  return {
    infrastructure: usePolledResource(loadInfrastructure, intervals.stateMs, key),
    queues: usePolledResource(loadQueues, intervals.stateMs, key),
    health: usePolledResource(loadHealth, intervals.stateMs, key),
    errors: usePolledResource(loadErrors, intervals.logVolumeMs, key),
  };
}
