import { useCallback } from 'react';
import type { SysmonClient } from '../../api/client';
import { usePolledResource } from '../../hooks/usePolledResource';
import { SPARKLINE_POINTS, SPARKLINE_WINDOW_MS } from './infrastructureModel';

export interface InfrastructurePollIntervals {
  stateMs: number;
  sparklineMs: number;
}

/**
 * What the Infrastructure page polls: the state (services, findings, reputation: served from the status engine's
 * memory, so often) and the 24 h latency of every service for the sparklines in one request (less often: the
 * line only needs its shape).
 */
export function useInfrastructureData(client: SysmonClient, intervals: InfrastructurePollIntervals, key: string) {
  const loadState = useCallback(() => client.infrastructure(), [client]);
  const loadSparklines = useCallback(
    () =>
      client.serviceHistory({
        from: new Date(Date.now() - SPARKLINE_WINDOW_MS).toISOString(),
        maxPoints: SPARKLINE_POINTS,
      }),
    [client]
  );
  const state = usePolledResource(loadState, intervals.stateMs, key);
  const sparklines = usePolledResource(loadSparklines, intervals.sparklineMs, key);
  return { state, sparklines };
}
