import { useMemo } from 'react';
import { createSysmonClientForDatasource, type SysmonClient } from '../api/client';

/** The service client for the app's data source (one instance per uid). */
export function useSysmonClient(datasourceUid: string): SysmonClient {
  return useMemo(() => createSysmonClientForDatasource(datasourceUid), [datasourceUid]);
}
