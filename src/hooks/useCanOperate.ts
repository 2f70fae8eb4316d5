import { useEffect, useState } from 'react';
import { knownOperatorAccess, probeOperatorAccess } from './operatorAccess';
import { useSysmonClient } from './useSysmonClient';

/**
 * Whether to show action buttons: only once the data source's operator route has said this user may act
 * (hidden while that is unknown). Grafana's proxy enforces the same rule on every action, so hiding the
 * buttons spares the user a refusal; it is not the protection.
 */
export function useCanOperate(datasourceUid: string): boolean {
  const client = useSysmonClient(datasourceUid);
  const [answer, setAnswer] = useState<{ datasourceUid: string; allowed: boolean }>();

  useEffect(() => {
    let mounted = true;
    void probeOperatorAccess(datasourceUid, () => client.whoami('operator')).then((allowed) => {
      if (mounted) {
        setAnswer({ datasourceUid, allowed });
      }
    });
    return () => {
      mounted = false;
    };
  }, [datasourceUid, client]);

  // An answer already known this session shows at once (no flicker when moving between pages).
  return answer?.datasourceUid === datasourceUid ? answer.allowed : (knownOperatorAccess(datasourceUid) ?? false);
}
