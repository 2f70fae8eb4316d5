import { OrgRole } from '@grafana/data';
import { config } from '@grafana/runtime';

/** Sets the signed-in user's org role the way Grafana's boot data carries it. */
export function setOrgRole(role: 'Viewer' | 'Editor' | 'Admin'): void {
  config.bootData.user = { ...config.bootData.user, orgRole: role as OrgRole };
}
