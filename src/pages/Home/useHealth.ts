import { useCallback, useMemo, useState } from 'react';
import { createSysmonClientForDatasource } from '../../api/client';
import { ServiceRequestError, toServiceRequestError } from '../../api/errors';
import type { HealthResponse } from '@penguinmails/sysmon-contract';
import { usePolling } from '../../hooks/usePolling';

export interface HealthState {
  /** Last successful answer; cleared when a poll fails so the page never shows stale health as live. */
  health?: HealthResponse;
  error?: ServiceRequestError;
  /** When the last poll finished (success or failure). */
  lastPolledAt?: Date;
  paused: boolean;
}

/** Polls /api/health of the given data source every `intervalMs` while the tab is visible. */
export function useHealth(datasourceUid: string, intervalMs: number): HealthState {
  const client = useMemo(() => createSysmonClientForDatasource(datasourceUid), [datasourceUid]);
  const [state, setState] = useState<Omit<HealthState, 'paused'>>({});

  const poll = useCallback(async () => {
    try {
      const health = await client.health();
      setState({ health, lastPolledAt: new Date() });
    } catch (err) {
      setState({ error: toServiceRequestError(err), lastPolledAt: new Date() });
    }
  }, [client]);

  const { paused } = usePolling(poll, intervalMs, datasourceUid);
  return { ...state, paused };
}
