// The infrastructure vertical's contract: service states and their wording, probe kinds, one check's result,
// findings (the "infrastructure alerts" of the product spec), sending-IP reputation, the frames of the
// `services`, `service_metrics`, `findings`, `ip_reputation` and `events` query types, and the JSON of
// GET /api/infrastructure. The service, the data source, the pages and the status board use these names.
import { field, type FrameDefinition, type SeriesFrameDefinition } from './frames.ts';
import { shownAt } from './pages.ts';
import { UNITS } from './units.ts';

/** A service's state as the status engine decides it (with hysteresis) from its probe's checks. */
export const SERVICE_STATES = ['operational', 'degraded', 'down', 'unknown'] as const;
export type ServiceState = (typeof SERVICE_STATES)[number];

/** The words a page shows for a state (Statuspage's wording for the first three). */
export const SERVICE_STATE_LABELS: Readonly<Record<ServiceState, string>> = {
  operational: 'Operational',
  degraded: 'Degraded',
  down: 'Down',
  unknown: 'Unknown',
};

/** A state as a number, for charts and alert rules: 0 operational, 1 degraded, 2 down, 3 unknown. */
export const SERVICE_STATE_CODES: Readonly<Record<ServiceState, number>> = {
  operational: 0,
  degraded: 1,
  down: 2,
  unknown: 3,
};

export function isServiceState(value: unknown): value is ServiceState {
  return typeof value === 'string' && (SERVICE_STATES as readonly string[]).includes(value);
}

/** What a probe checks. */
export const PROBE_KINDS = ['smtp', 'http', 'tcp', 'postgres', 'redis', 'workers'] as const;
export type ProbeKind = (typeof PROBE_KINDS)[number];

/**
 * One check's verdict: `ok` (clean), `soft` (works, but not well: slow, a 4xx SMTP reply, STARTTLS missing, a
 * certificate expiring), `hard` (failed: refused, timed out, 5xx, wrong status), `unknown` (the probe could not
 * run: its own time budget ran out, the target's name did not resolve, an internal error). Unknown is never up.
 */
export const CHECK_OUTCOMES = ['ok', 'soft', 'hard', 'unknown'] as const;
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];

/** One step of a check (SMTP: connect, banner, ehlo, starttls, tls, quit), timed. */
export interface CheckStep {
  name: string;
  /** Milliseconds the step took (until it failed, for a failed step). */
  ms: number;
  ok: boolean;
  /** What the step saw: the server's reply line, the HTTP status, the error. */
  detail?: string;
}

/** A problem a check found, in plain language built from the evidence. */
export interface CheckProblem {
  /** Stable id of the kind of problem (`slow_banner`, `smtp_reply_4xx`, `starttls_missing`, `connect_failed`…). */
  code: string;
  severity: Exclude<CheckOutcome, 'ok'>;
  /** E.g. "banner took 4.2 s, threshold 1 s", "421 4.7.0 Too many connections", "STARTTLS not offered". */
  text: string;
  /** What it is about when one check can find several of a kind (the queue without workers); part of its identity. */
  subject?: string;
}

export interface CheckResult {
  /** The probe's (the service's) id from the configuration, e.g. `smtp`. */
  service: string;
  kind: ProbeKind;
  /** The worst severity of its problems, `ok` without problems. */
  outcome: CheckOutcome;
  /** The check's headline latency (SMTP: the banner; HTTP: the whole request; PostgreSQL: the query), if measured. */
  latencyMs: number | null;
  steps: CheckStep[];
  problems: CheckProblem[];
  /** Measured facts shown beside the state: connections used, certificate days left, workers per queue… */
  facts: Record<string, string | number | boolean | null>;
  /** ISO 8601, when the check started. */
  checkedAt: string;
}

/** Share of time a service was up (operational or degraded) in a window, 0..1; null when never known in it. */
export interface Uptime {
  h24: number | null;
  d7: number | null;
  d30: number | null;
}

/** One service as the Infrastructure page's card shows it. */
export interface ServiceStatusView {
  service: string;
  label: string;
  kind: ProbeKind;
  state: ServiceState;
  /** When it entered this state (ISO 8601); null before the first check. */
  since: string | null;
  /** Why it is not operational, from the evidence ("banner took 4.2 s, threshold 1 s"); empty when operational. */
  cause: string;
  lastCheck: CheckResult | null;
  uptime: Uptime;
  /** The log service whose lines belong to this service (the Logs page's service filter), if it logs. */
  logService: string | null;
}

export const FINDING_SEVERITIES = ['critical', 'warning', 'info'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/** Where to look in the logs for a finding: the service's warnings and errors over the finding's window. */
export interface FindingLogsLink {
  service: string;
  /** Epoch ms. */
  from: number;
  /** Epoch ms, or null: up to now (the problem is still active). */
  to: number | null;
}

/** An active problem (the product spec's "infrastructure alerts"). */
export interface Finding {
  /** Stable while the problem lasts: `<service>:<code>[:<subject>]` or `reputation:<ip>:<zone>`. */
  id: string;
  source: 'probe' | 'reputation';
  /** The service id, or `reputation`. */
  service: string;
  severity: FindingSeverity;
  code: string;
  /** E.g. "SMTP is degraded", "203.0.113.5 is listed on Spamhaus ZEN". */
  title: string;
  /** Plain language from the evidence, e.g. "421 4.7.0 Too many connections (5 of the last 5 checks)". */
  cause: string;
  /** ISO 8601. */
  firstSeen: string;
  lastSeen: string;
  logs: FindingLogsLink | null;
}

/** Whether a zone lists IPs that are bad (a blocklist) or good (an allowlist such as DNSWL). */
export type ZoneKind = 'block' | 'allow';

/**
 * An IP's state on one zone: `listed`, `clean`, or `unknown` (the zone could not be asked or answered with an
 * error code: timeouts, SERVFAIL, REFUSED, Spamhaus' 127.255.255.x, a zone whose test entries answer wrongly).
 * Unknown is never clean.
 */
export const REPUTATION_STATES = ['listed', 'clean', 'unknown'] as const;
export type ReputationState = (typeof REPUTATION_STATES)[number];

export interface ReputationEntry {
  ip: string;
  zone: string;
  /** The list's name, e.g. "Spamhaus ZEN". */
  zoneLabel: string;
  zoneKind: ZoneKind;
  state: ReputationState;
  /** The A records answered (127.0.0.x), when listed. */
  codes: string[];
  /** What each code means for this list, e.g. "SBL: spam source", "PBL: end-user IP range". */
  meanings: string[];
  /** The list's TXT reason, when it gives one. */
  reason: string | null;
  /** Why the state is unknown. */
  error: string | null;
  /** ISO 8601 of the last check; null before the first. */
  checkedAt: string | null;
  /** Listed since (first seen in the current listing), ISO 8601. */
  since: string | null;
  /** The list's removal page. */
  delistUrl: string | null;
}

/** One period an IP was listed on a zone (listing history). */
export interface ListingPeriod {
  ip: string;
  zone: string;
  zoneLabel: string;
  firstSeen: string;
  lastSeen: string;
  /** When it was first seen clean again; null while listed. */
  endedAt: string | null;
  codes: string[];
  reason: string | null;
}

/** A state change of a service. */
export interface ServiceTransition {
  service: string;
  at: string;
  from: ServiceState;
  to: ServiceState;
  cause: string;
}

/** The sending IPs' reputation in numbers (the entries themselves: GET /api/reputation). */
export interface ReputationSummary {
  /** When the sending IPs were last checked (ISO 8601); null before the first check or without IPs. */
  checkedAt: string | null;
  /** IP and list pairs checked. */
  entries: number;
  /** Pairs listed on a blocklist. */
  listed: number;
  /** Pairs listed on an allowlist (good news). */
  allowlisted: number;
  /** Pairs whose list could not be asked. */
  unknown: number;
}

/**
 * GET /api/infrastructure: what the Infrastructure page and the home overview poll every few seconds, from the
 * engine's state. Reputation comes as numbers only: its entries change every reputation pass (minutes), so pages
 * fetch them from GET /api/reputation when `reputation.checkedAt` moves.
 */
export interface InfrastructureResponse {
  generatedAt: string;
  services: ServiceStatusView[];
  findings: Finding[];
  reputation: ReputationSummary;
}

/** GET /api/reputation: every sending IP on every list, from the last reputation pass. */
export interface ReputationResponse {
  checkedAt: string | null;
  entries: ReputationEntry[];
}

/** GET /api/infrastructure/history?from&to[&service]: latency and state over time, state changes. */
export interface ServiceHistoryResponse {
  from: string;
  to: string;
  /** Bucket width in ms. */
  stepMs: number;
  series: Array<{
    service: string;
    /** [bucket start epoch ms, mean latency ms or null, worst state code in the bucket or null]. */
    points: Array<[number, number | null, number | null]>;
  }>;
  transitions: ServiceTransition[];
}

/** GET /api/infrastructure/history query parameters (times ISO 8601; default: the last 24 hours). */
export interface ServiceHistoryQuery {
  from: string;
  to?: string;
  /** Only this service (its id); every service when absent. */
  service?: string;
  maxPoints?: number;
}

/** GET /api/reputation/history query parameters. */
export interface ReputationHistoryQuery {
  /** Only this sending IP. */
  ip?: string;
  limit?: number;
}

/** GET /api/reputation/history: listing periods, newest first. */
export interface ListingHistoryResponse {
  periods: ListingPeriod[];
}

// ---- Frames -----------------------------------------------------------------------------------------------------

const f = field;

const PROBED =
  'every probe interval (15 s by default) by the replica that probes; served from the status engine’s state';

/** queryType `services`: one row per probed service. */
export const SERVICES_FRAME = {
  name: 'services',
  about: {
    key: 'services',
    area: 'infrastructure',
    source: 'probes',
    updates: PROBED,
    shownAt: shownAt('infrastructure', 'the service cards and the Status board panel'),
  },
  fields: {
    service: f('service', 'string', {
      description: 'The probe’s id in the configuration (smtp, api, postgres, redis, workers…)',
    }),
    label: f('label', 'string', { description: 'The service’s name as the pages show it' }),
    kind: f('kind', 'string', { description: 'What the probe checks: smtp, http, tcp, postgres, redis or workers' }),
    state: f('state', 'string', {
      description: 'Operational, degraded, down or unknown (the probe could not run)',
      reading: 'Decided with hysteresis over several checks: one slow check never flips it. Unknown is never up.',
    }),
    stateCode: f('state_code', 'number', {
      description: '0 operational, 1 degraded, 2 down, 3 unknown',
      metric: 'serviceStatus',
    }),
    since: f('since', 'time', { description: 'When the service entered its state' }),
    latencyMs: f('latency_ms', 'number', {
      unit: UNITS.milliseconds,
      description:
        'The latest check’s headline latency: the SMTP banner, the HTTP request, the TCP connect, the PostgreSQL query, the Redis PING',
      reading: 'Over the probe’s latency threshold the service turns degraded (after degradeAfter checks).',
      metric: 'probeLatency',
    }),
    cause: f('cause', 'string', { description: 'Why the service is not operational, from the evidence' }),
    uptime24h: f('uptime_24h', 'number', {
      unit: UNITS.ratio,
      description: 'Share of the last 24 h the service was up (operational or degraded)',
      reading: 'Empty when the service was never known in the window (not zero).',
    }),
    uptime7d: f('uptime_7d', 'number', {
      unit: UNITS.ratio,
      description: 'Share of the last 7 days the service was up (operational or degraded)',
    }),
    uptime30d: f('uptime_30d', 'number', {
      unit: UNITS.ratio,
      description: 'Share of the last 30 days the service was up (operational or degraded)',
    }),
    checkedAt: f('checked_at', 'time', { description: 'When the latest check ran' }),
  },
} as const satisfies FrameDefinition;

/** Fields `service_metrics` can chart (one time series per service). */
export const SERVICE_METRIC_FIELDS = [
  { value: 'latency_ms', label: 'Latency', unit: UNITS.milliseconds },
  { value: 'state_code', label: 'State (0 operational … 3 unknown)', unit: UNITS.count },
] as const;
export type ServiceMetricField = (typeof SERVICE_METRIC_FIELDS)[number]['value'];

/**
 * queryType `service_metrics`: one time-series frame per service (Grafana's "multi" shape): a time field and a
 * value field named after the service (labelled `{service}`), with the unit and description of the charted field.
 */
export const SERVICE_METRICS_FRAME = {
  type: 'timeseries-multi',
  typeVersion: [0, 1] as [number, number],
  about: {
    key: 'service_metrics',
    area: 'infrastructure',
    source: 'probes',
    updates: 'every probe interval: the stored checks, bucketed to the chart’s resolution',
    shownAt: shownAt('infrastructure', 'a service’s history (click its card)'),
  },
  fields: {
    time: f('time', 'time', { description: 'The start of the bucket' }),
    value: f('value', 'number', {
      description:
        'The charted metric of one service, named after its label: latency_ms (the mean check latency in the ' +
        'bucket) or state_code (the worst state in the bucket: 0 operational … 3 unknown)',
      namedAfterSeries: true,
    }),
  },
} as const satisfies SeriesFrameDefinition;

/** queryType `findings`: one row per active finding, most severe first. */
export const FINDINGS_FRAME = {
  name: 'findings',
  about: {
    key: 'findings',
    area: 'infrastructure',
    source: 'probes',
    updates: 'as checks and reputation passes find and clear problems',
    shownAt: shownAt('infrastructure', 'Findings'),
  },
  fields: {
    severity: f('severity', 'string', { description: 'critical, warning or info' }),
    service: f('service', 'string', { description: 'The service the problem is about, or reputation' }),
    title: f('title', 'string', { description: 'The problem in a line, e.g. “SMTP is degraded”' }),
    cause: f('cause', 'string', {
      description: 'Plain language from the evidence, e.g. “421 4.7.0 Too many connections (5 of the last 5 checks)”',
    }),
    firstSeen: f('first_seen', 'time', { description: 'When the problem was first seen' }),
    lastSeen: f('last_seen', 'time', { description: 'When a check last saw it' }),
    logService: f('log_service', 'string', { description: 'The log service to search for this finding' }),
    logsFrom: f('logs_from', 'time', { description: 'Start of the finding’s log window' }),
  },
} as const satisfies FrameDefinition;

/** queryType `ip_reputation`: one row per sending IP and zone. */
export const IP_REPUTATION_FRAME = {
  name: 'ip_reputation',
  about: {
    key: 'ip_reputation',
    area: 'reputation',
    source: 'dnsbl',
    updates: 'every reputation pass (reputation.intervalMs, 15 min by default) by the replica that checks',
    shownAt: shownAt('infrastructure', 'Sending IP reputation'),
  },
  fields: {
    ip: f('ip', 'string', { description: 'The sending IP checked' }),
    zone: f('zone', 'string', { description: 'The DNS list’s zone, e.g. zen.spamhaus.org' }),
    list: f('list', 'string', { description: 'The list’s name, e.g. Spamhaus ZEN' }),
    listKind: f('list_kind', 'string', {
      description: 'block (a listing is bad news) or allow (a listing is good news)',
    }),
    state: f('state', 'string', {
      description: 'listed, clean, or unknown (the list could not be asked)',
      reading: 'Unknown is never clean: the list timed out, refused or answered with an error code.',
    }),
    listed: f('listed', 'number', {
      unit: UNITS.count,
      description: '1 when listed (on an allowlist: 1 when allowlisted), 0 when clean, empty when unknown',
      metric: 'ipListed',
    }),
    meaning: f('meaning', 'string', { description: 'What the list’s return codes mean, e.g. “SBL: spam source”' }),
    reason: f('reason', 'string', { description: 'The list’s TXT reason, or why the state is unknown' }),
    since: f('since', 'time', { description: 'When the current listing was first seen' }),
    checkedAt: f('checked_at', 'time', { description: 'When the pair was last checked' }),
    delistUrl: f('delist_url', 'string', { description: 'The list’s removal page' }),
  },
} as const satisfies FrameDefinition;

/** queryType `events`: annotations (Grafana reads `time`, `timeEnd`, `title`, `text`, `tags`). */
export const EVENTS_FRAME = {
  name: 'events',
  about: {
    key: 'events',
    area: 'infrastructure',
    source: 'probes',
    updates: 'at every query: service state changes (probes) and operator actions (the audit log) in the range',
    elsewhere: 'dashboard annotations',
  },
  fields: {
    time: f('time', 'time', { description: 'When the state changed or the action was taken' }),
    title: f('title', 'string', {
      description: 'E.g. “SMTP: Operational → Degraded”, or “queue.pause email-sending by alice”',
    }),
    text: f('text', 'string', { description: 'The cause of a state change, or an action’s outcome and parameters' }),
    tags: f('tags', 'other', {
      description: 'service-state or operator-action, then the service or action, and the new state or outcome',
    }),
  },
} as const satisfies FrameDefinition;

/** The sources the `events` query type reads. */
export const EVENT_SOURCES = [
  { value: 'service_states', label: 'Service state changes' },
  { value: 'queue_actions', label: 'Operator actions (pause, retry, clean…) from the audit log' },
] as const;
export type EventSource = (typeof EVENT_SOURCES)[number]['value'];
