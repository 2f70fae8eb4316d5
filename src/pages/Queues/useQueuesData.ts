import { useCallback } from 'react';
import { QUEUES_FRAME } from '@penguinmails/sysmon-contract';
import type { SysmonClient } from '../../api/client';
import { usePolledResource } from '../../hooks/usePolledResource';

export interface QueuesPollIntervals {
  snapshotMs: number;
  historyMs: number;
  driftMs: number;
}

/** Depth sparklines cover this window. */
export const SPARKLINE_WINDOW_MS = 30 * 60_000;

/**
 * The three things the Queues page polls, each at its own pace: the snapshot (every few seconds), the depth
 * history of all queues in one request (less often: samples arrive every 5 s and the line only needs the
 * shape), and drift (slowest: it scans the ledger).
 */
export function useQueuesData(client: SysmonClient, intervals: QueuesPollIntervals, key: string) {
  const loadSnapshot = useCallback(() => client.queues(), [client]);
  const loadHistory = useCallback(
    () =>
      client.queueHistory({
        field: QUEUES_FRAME.fields.depth.name,
        groupBy: 'queue',
        from: new Date(Date.now() - SPARKLINE_WINDOW_MS).toISOString(),
        maxPoints: 120,
      }),
    [client]
  );
  const loadDrift = useCallback(() => client.drift(), [client]);

  const snapshot = usePolledResource(loadSnapshot, intervals.snapshotMs, key);
  const history = usePolledResource(loadHistory, intervals.historyMs, key);
  const drift = usePolledResource(loadDrift, intervals.driftMs, key);
  return { snapshot, history, drift };
}
