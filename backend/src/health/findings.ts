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

const EPOCH = new Date(0).toISOString();
const earliest = (times: ReadonlyArray<string | null>) => times.filter((at): at is string => at !== null).sort()[0];
const latest = (times: ReadonlyArray<string | null>) =>
  times
    .filter((at): at is string => at !== null)
    .sort()
    .at(-1);

/** "Spamhaus ZEN", "Spamhaus ZEN and SpamCop", "Spamhaus ZEN, SpamCop and 2 more". */
function listNames(labels: readonly string[]): string {
  if (labels.length <= 2) {
    return labels.join(' and ');
  }
  return labels.length === 3
    ? `${labels[0]}, ${labels[1]} and ${labels[2]}`
    : `${labels[0]}, ${labels[1]} and ${labels.length - 2} more`;
}

function groupBy<K>(
  entries: readonly ReputationEntry[],
  key: (entry: ReputationEntry) => K
): Map<K, ReputationEntry[]> {
  const groups = new Map<K, ReputationEntry[]>();
  for (const entry of entries) {
    groups.set(key(entry), [...(groups.get(key(entry)) ?? []), entry]);
  }
  return groups;
}

/**
 * One finding per listed IP (all the blocklists that list it, what each says), and one per list that could not be
 * asked (usually the whole list: a resolver refused, a zone failed its test entries), so fifty IPs on one failing list
 * read as one problem, not fifty.
 */
function reputationFindings(reputation: readonly ReputationEntry[]): Finding[] {
  const listed = reputation.filter((entry) => entry.state === 'listed' && entry.zoneKind === 'block');
  const unknown = reputation.filter((entry) => entry.state === 'unknown');
  const findings: Finding[] = [];
  for (const [ip, entries] of groupBy(listed, (entry) => entry.ip)) {
    findings.push({
      id: `reputation:${ip}`,
      source: 'reputation',
      service: 'reputation',
      severity: 'warning',
      code: 'ip_listed',
      title: `${ip} is listed on ${listNames(entries.map((entry) => entry.zoneLabel))}`,
      cause: entries
        .map((entry) => {
          const meaning = entry.meanings.length > 0 ? entry.meanings.join('; ') : entry.codes.join(', ');
          return `${entry.zoneLabel}: ${entry.reason ? `${meaning} (${entry.reason})` : meaning}`;
        })
        .join('; '),
      firstSeen: earliest(entries.map((entry) => entry.since ?? entry.checkedAt)) ?? EPOCH,
      lastSeen: latest(entries.map((entry) => entry.checkedAt)) ?? EPOCH,
      logs: null,
    });
  }
  for (const [zone, entries] of groupBy(unknown, (entry) => entry.zone)) {
    const ips = entries.map((entry) => entry.ip);
    findings.push({
      id: `reputation-unknown:${zone}`,
      source: 'reputation',
      service: 'reputation',
      severity: 'info',
      code: 'reputation_unknown',
      title: `${entries[0]!.zoneLabel} could not be asked about ${ips.length === 1 ? ips[0] : `${ips.length} IPs`}`,
      cause: [...new Set(entries.map((entry) => entry.error ?? 'the list did not answer'))].join('; '),
      firstSeen: earliest(entries.map((entry) => entry.checkedAt)) ?? EPOCH,
      lastSeen: latest(entries.map((entry) => entry.checkedAt)) ?? EPOCH,
      logs: null,
    });
  }
  return findings;
}

export function buildFindings(services: readonly ProbedService[], reputation: readonly ReputationEntry[]): Finding[] {
  const findings = [...services.flatMap(serviceFindings), ...reputationFindings(reputation)];
  return findings.sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.firstSeen.localeCompare(b.firstSeen)
  );
}
