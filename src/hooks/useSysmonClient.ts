import { useMemo } from 'react';
import { config } from '@grafana/runtime';
import { createSysmonClientForDatasource, type SysmonClient } from '../api/client';
import { canOperate } from '../pages/Queues/roles';

/** The service client for the app's data source (one instance per uid). */
export function useSysmonClient(datasourceUid: string): SysmonClient {
  return useMemo(() => createSysmonClientForDatasource(datasourceUid), [datasourceUid]);
}

/** Whether the signed-in Grafana user may see action buttons (org role Editor or Admin). */
export function useCanOperate(): boolean {
  return canOperate(config.bootData?.user?.orgRole);
}
