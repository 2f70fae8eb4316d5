// GET /api/infrastructure and its history answers as the service sends them (contract types), for component tests.
import type {
  CheckResult,
  Finding,
  InfrastructureResponse,
  ProbeKind,
  ReputationEntry,
  ReputationResponse,
  ServiceHistoryResponse,
  ServiceState,
  ServiceStatusView,
} from '@penguinmails/sysmon-contract';

export const INFRA_NOW = Date.parse('2026-01-02T03:04:05.000Z');
const iso = (msBeforeNow: number) => new Date(INFRA_NOW - msBeforeNow).toISOString();

function lastCheck(service: string, kind: ProbeKind, latencyMs: number | null): CheckResult {
  return {
    service,
    kind,
    outcome: 'ok',
    latencyMs,
    steps: [],
    problems: [],
    facts: {},
    checkedAt: iso(3_000),
  };
}

/** One service card's data; operational with a 12 ms check unless told otherwise. */
export function serviceView(overrides: Partial<ServiceStatusView> & { service: string }): ServiceStatusView {
  const kind = (overrides.kind ?? 'http') as ProbeKind;
  return {
    label: overrides.service.toUpperCase(),
    kind,
    state: 'operational' as ServiceState,
    since: iso(2 * 3600_000),
    cause: '',
    lastCheck: lastCheck(overrides.service, kind, 12),
    uptime: { h24: 1, d7: 0.9995, d30: 0.99871 },
    logService: overrides.service,
    ...overrides,
  };
}

/** The five services of the deployment config: SMTP degraded by a slow banner, the others operational. */
export function demoServices(): ServiceStatusView[] {
  return [
    serviceView({
      service: 'smtp',
      label: 'SMTP',
      kind: 'smtp',
      state: 'degraded',
      since: iso(4 * 60_000),
      cause: 'banner took 4.2 s, threshold 1 s',
      lastCheck: { ...lastCheck('smtp', 'smtp', 4200), outcome: 'soft' },
      uptime: { h24: 0.98, d7: 0.997, d30: null },
      logService: 'smtp-sink',
    }),
    serviceView({ service: 'api', label: 'API', kind: 'http' }),
    serviceView({ service: 'postgres', label: 'PostgreSQL', kind: 'postgres' }),
    serviceView({ service: 'redis', label: 'Redis', kind: 'redis' }),
    serviceView({
      service: 'workers',
      label: 'Workers',
      kind: 'workers',
      logService: null,
      lastCheck: lastCheck('workers', 'workers', null),
    }),
  ];
}

export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    id: 'smtp:slow_banner',
    source: 'probe',
    service: 'smtp',
    severity: 'warning',
    code: 'slow_banner',
    title: 'SMTP is degraded',
    cause: 'banner took 4.2 s, threshold 1 s (3 of the last 3 checks)',
    firstSeen: iso(4 * 60_000),
    lastSeen: iso(3_000),
    logs: { service: 'smtp-sink', from: INFRA_NOW - 9 * 60_000, to: null },
    ...overrides,
  };
}

/** The Logs page view finding()'s logs link opens: its log service, warnings and worse, over its window. */
export const FINDING_LOGS_VIEW = {
  services: ['smtp-sink'],
  levels: ['warn', 'error', 'fatal'],
  from: String(INFRA_NOW - 9 * 60_000),
  to: 'now',
};

export function reputationEntry(overrides: Partial<ReputationEntry> = {}): ReputationEntry {
  return {
    ip: '192.0.2.10',
    zone: 'zen.spamhaus.org',
    zoneLabel: 'Spamhaus ZEN',
    zoneKind: 'block',
    state: 'clean',
    codes: [],
    meanings: [],
    reason: null,
    error: null,
    checkedAt: iso(60_000),
    since: null,
    delistUrl: 'https://check.spamhaus.org/',
    ...overrides,
  };
}

export function demoReputation(): ReputationEntry[] {
  return [
    reputationEntry(),
    reputationEntry({
      zone: 'b.barracudacentral.org',
      zoneLabel: 'Barracuda',
      state: 'listed',
      codes: ['127.0.0.2'],
      meanings: ['listed'],
      reason: 'Client host blocked using Barracuda Reputation',
      since: iso(3 * 86400_000),
      delistUrl: 'https://www.barracudacentral.org/rbl/removal-request',
    }),
    reputationEntry({
      zone: 'bl.spamcop.net',
      zoneLabel: 'SpamCop',
      state: 'unknown',
      error: 'SERVFAIL from 127.0.0.1:53',
      delistUrl: null,
    }),
  ];
}

export function infrastructureResponse(overrides: Partial<InfrastructureResponse> = {}): InfrastructureResponse {
  const entries = demoReputation();
  const count = (test: (entry: ReputationEntry) => boolean) => entries.filter(test).length;
  return {
    generatedAt: iso(0),
    services: demoServices(),
    findings: [finding()],
    reputation: {
      checkedAt: iso(60_000),
      entries: entries.length,
      listed: count((entry) => entry.state === 'listed' && entry.zoneKind === 'block'),
      allowlisted: count((entry) => entry.state === 'listed' && entry.zoneKind === 'allow'),
      unknown: count((entry) => entry.state === 'unknown'),
    },
    ...overrides,
  };
}

/** GET /api/reputation of the demo's sending IPs. */
export function reputationResponse(overrides: Partial<ReputationResponse> = {}): ReputationResponse {
  return { checkedAt: iso(60_000), entries: demoReputation(), ...overrides };
}

/** The summary of no sending IPs at all. */
export const NO_REPUTATION: InfrastructureResponse['reputation'] = {
  checkedAt: null,
  entries: 0,
  listed: 0,
  allowlisted: 0,
  unknown: 0,
};

/** A 24 h history: SMTP's latency rises at the end; one transition to degraded. */
export function serviceHistoryResponse(services = ['smtp', 'api']): ServiceHistoryResponse {
  const stepMs = 15 * 60_000;
  const from = INFRA_NOW - 24 * 3600_000;
  return {
    from: new Date(from).toISOString(),
    to: new Date(INFRA_NOW).toISOString(),
    stepMs,
    series: services.map((service) => ({
      service,
      points: Array.from({ length: 96 }, (_, i): [number, number | null, number | null] => [
        from + i * stepMs,
        i === 10 ? null : service === 'smtp' && i > 92 ? 4200 : 20 + (i % 5),
        i === 10 ? null : service === 'smtp' && i > 92 ? 1 : 0,
      ]),
    })),
    transitions: [
      {
        service: 'smtp',
        at: iso(4 * 60_000),
        from: 'operational',
        to: 'degraded',
        cause: 'banner took 4.2 s, threshold 1 s',
      },
    ],
  };
}
