// Findings (the product spec's "infrastructure alerts"): every active problem of a service that is not
// operational, and every sending IP listed on a blocklist or left unknown by one, in plain language with a link to
// the logs of its window. Pure: statuses and reputation in, findings out, most severe first.
import type { Finding, FindingSeverity, ReputationEntry } from '@penguinmails/sysmon-contract';
import { describeProblem, problemKey, type ServiceStatus } from './status.ts';

/** The log window starts this long before the problem was first seen: what led up to it. */
export const LOG_WINDOW_LEAD_MS = 5 * 60_000;

export interface ProbedService {
  status: ServiceStatus;
  label: string;
  logService: string | null;
}

const SEVERITY_RANK: Readonly<Record<FindingSeverity, number>> = { critical: 0, warning: 1, info: 2 };

function serviceFindings({ status, label, logService }: ProbedService): Finding[] {
  if (status.state === 'operational') {
    return [];
  }
  const title =
    status.state === 'down'
      ? `${label} is down`
      : status.state === 'degraded'
        ? `${label} is degraded`
        : `${label} cannot be checked`;
  return status.problems.map((problem) => ({
    id: `${status.service}:${problemKey(problem)}`,
    source: 'probe',
    service: status.service,
    severity: status.state === 'down' && problem.severity === 'hard' ? 'critical' : 'warning',
    code: problem.code,
    title,
    cause: describeProblem(problem),
    firstSeen: problem.firstSeen,
    lastSeen: problem.lastSeen,
    logs: logService
      ? { service: logService, from: Date.parse(problem.firstSeen) - LOG_WINDOW_LEAD_MS, to: null }
      : null,
  }));
}

function reputationFinding(entry: ReputationEntry): Finding | undefined {
  const id = `reputation:${entry.ip}:${entry.zone}`;
  const seen = entry.checkedAt ?? new Date(0).toISOString();
  if (entry.state === 'unknown') {
    return {
      id,
      source: 'reputation',
      service: 'reputation',
      severity: 'info',
      code: 'reputation_unknown',
      title: `${entry.ip} could not be checked on ${entry.zoneLabel}`,
      cause: entry.error ?? 'the list did not answer',
      firstSeen: seen,
      lastSeen: seen,
      logs: null,
    };
  }
  if (entry.state === 'listed' && entry.zoneKind === 'block') {
    const meaning = entry.meanings.length > 0 ? entry.meanings.join('; ') : entry.codes.join(', ');
    return {
      id,
      source: 'reputation',
      service: 'reputation',
      severity: 'warning',
      code: 'ip_listed',
      title: `${entry.ip} is listed on ${entry.zoneLabel}`,
      cause: entry.reason ? `${meaning}: ${entry.reason}` : meaning,
      firstSeen: entry.since ?? seen,
      lastSeen: seen,
      logs: null,
    };
  }
  return undefined;
}

export function buildFindings(services: readonly ProbedService[], reputation: readonly ReputationEntry[]): Finding[] {
  const findings = [
    ...services.flatMap(serviceFindings),
    ...reputation.flatMap((entry) => reputationFinding(entry) ?? []),
  ];
  return findings.sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.firstSeen.localeCompare(b.firstSeen)
  );
}
