import type { BadgeColor } from '@grafana/ui';
import { FINDING_SEVERITIES, type Finding, type FindingSeverity } from '@penguinmails/sysmon-contract';

export const SEVERITY_LABELS: Record<FindingSeverity, string> = {
  critical: 'Critical',
  warning: 'Warning',
  info: 'Info',
};

export const SEVERITY_COLORS: Record<FindingSeverity, BadgeColor> = {
  critical: 'red',
  warning: 'orange',
  info: 'blue',
};

const rank = (severity: FindingSeverity) => {
  const index = FINDING_SEVERITIES.indexOf(severity);
  return index < 0 ? FINDING_SEVERITIES.length : index;
};

/** Most severe first; within a severity the longest-standing first (it has waited longest for someone). */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => rank(a.severity) - rank(b.severity) || Date.parse(a.firstSeen) - Date.parse(b.firstSeen)
  );
}

/** "2 critical, 1 warning" (severities without findings left out); "" for none. */
export function findingsSummary(findings: readonly Finding[]): string {
  return FINDING_SEVERITIES.map((severity) => ({
    severity,
    count: findings.filter((finding) => finding.severity === severity).length,
  }))
    .filter(({ count }) => count > 0)
    .map(({ severity, count }) => `${count} ${severity}`)
    .join(', ');
}
