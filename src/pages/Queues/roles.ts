// Who may see action buttons. The data source's operator route enforces the same rule (reqRole: Editor),
// so hiding buttons is a courtesy, not the protection.
const OPERATOR_ROLES = new Set(['Editor', 'Admin']);

/** True for Grafana org roles that may pause, retry or remove (Editor and Admin). */
export function canOperate(orgRole: string | null | undefined): boolean {
  return typeof orgRole === 'string' && OPERATOR_ROLES.has(orgRole);
}
