// Pure functions of the Infrastructure page: what it asks the service for and what it reads from the answers
// (contract types). The components only render what these return.
import {
  SERVICE_STATE_CODES,
  type ListingPeriod,
  type ProbeKind,
  type ReputationEntry,
  type ServiceHistoryResponse,
  type ServiceState,
  type ServiceStatusView,
  type Uptime,
} from '@penguinmails/sysmon-contract';

/** The cards' sparklines: the last 24 hours in this many buckets (one per 15 minutes). */
export const SPARKLINE_WINDOW_MS = 24 * 3600_000;
export const SPARKLINE_POINTS = 96;

/** The ranges the history of one service can show. */
export const HISTORY_RANGES = [
  { value: 3600_000, label: '1 h' },
  { value: 6 * 3600_000, label: '6 h' },
  { value: 24 * 3600_000, label: '24 h' },
  { value: 7 * 86400_000, label: '7 d' },
];
export const DEFAULT_HISTORY_RANGE_MS = 24 * 3600_000;
/** Points of the history chart (the service buckets the range into at most this many). */
export const HISTORY_POINTS = 240;

export type Points = Array<[number, number | null]>;
export type HistoryPoint = ServiceHistoryResponse['series'][number]['points'][number];

/** One service's [time, latency, state code] buckets; none when the answer has no series for it. */
export function historyOf(history: ServiceHistoryResponse | undefined, service: string): HistoryPoint[] {
  return history?.series.find((series) => series.service === service)?.points ?? [];
}

/** Mean latency per bucket (gaps stay null), for a sparkline. */
export function latencyPoints(points: readonly HistoryPoint[]): Points {
  return points.map(([time, latency]) => [time, latency]);
}

const STATE_BY_CODE = new Map<number, ServiceState>(
  (Object.entries(SERVICE_STATE_CODES) as Array<[ServiceState, number]>).map(([state, code]) => [code, state])
);

/** The state a code stands for; a code the contract does not know is unknown. */
export function stateOfCode(code: number): ServiceState {
  return STATE_BY_CODE.get(code) ?? 'unknown';
}

export interface StateSegment {
  from: number;
  to: number;
  /** null: no check in these buckets. */
  state: ServiceState | null;
}

/** Consecutive buckets of the same (worst) state merged into segments: the state strip under the latency chart. */
export function stateSegments(points: readonly HistoryPoint[], stepMs: number): StateSegment[] {
  const segments: StateSegment[] = [];
  for (const [time, , code] of points) {
    const state = code === null || code === undefined ? null : stateOfCode(code);
    const last = segments[segments.length - 1];
    if (last && last.state === state && last.to === time) {
      last.to = time + stepMs;
    } else {
      segments.push({ from: time, to: time + stepMs, state });
    }
  }
  return segments;
}

/** What the headline latency measures, by probe kind (the contract's "headline latency"). */
const LATENCY_LABELS: Record<ProbeKind, string> = {
  smtp: 'banner',
  http: 'response',
  tcp: 'connect',
  postgres: 'query',
  redis: 'PING',
  workers: 'check',
};

export function latencyLabel(kind: ProbeKind): string {
  return LATENCY_LABELS[kind] ?? 'latency';
}

/** The latest check's headline latency, null when not measured (or no check yet). */
export function headlineLatency(service: ServiceStatusView): number | null {
  return service.lastCheck?.latencyMs ?? null;
}

/** The three uptime windows of a card, in order. */
export function uptimeWindows(
  uptime: Uptime
): Array<{ key: '24h' | '7d' | '30d'; label: string; value: number | null }> {
  return [
    { key: '24h', label: '24 h', value: uptime.h24 },
    { key: '7d', label: '7 d', value: uptime.d7 },
    { key: '30d', label: '30 d', value: uptime.d30 },
  ];
}

/**
 * Why a card is not operational: the service's cause, or for a service never checked that it has not been checked
 * yet. Empty for an operational service.
 */
export function cardCause(service: ServiceStatusView): string {
  if (service.state === 'operational') {
    return '';
  }
  if (service.cause) {
    return service.cause;
  }
  return service.lastCheck === null ? 'not checked yet' : '';
}

// ---- IP reputation -----------------------------------------------------------------------------------------------

export type ReputationTone = 'bad' | 'good' | 'neutral' | 'unknown';

export interface ReputationStateView {
  label: string;
  tone: ReputationTone;
}

/**
 * A row's state in words: on a blocklist "Listed" (bad) or "Clean" (good); on an allowlist "Allowlisted" (good) or
 * "Not allowlisted" (neutral); "Unknown" whenever the list could not be asked (never clean).
 */
export function reputationState(entry: Pick<ReputationEntry, 'state' | 'zoneKind'>): ReputationStateView {
  if (entry.state === 'unknown') {
    return { label: 'Unknown', tone: 'unknown' };
  }
  if (entry.zoneKind === 'allow') {
    return entry.state === 'listed'
      ? { label: 'Allowlisted', tone: 'good' }
      : { label: 'Not allowlisted', tone: 'neutral' };
  }
  return entry.state === 'listed' ? { label: 'Listed', tone: 'bad' } : { label: 'Clean', tone: 'good' };
}

const TONE_ORDER: Record<ReputationTone, number> = { bad: 0, unknown: 1, neutral: 2, good: 3 };

/** Problems first (listed, then unknown), then by IP and list, so a listing is never below the fold of clean rows. */
export function sortReputation(entries: readonly ReputationEntry[]): ReputationEntry[] {
  return [...entries].sort(
    (a, b) =>
      TONE_ORDER[reputationState(a).tone] - TONE_ORDER[reputationState(b).tone] ||
      a.ip.localeCompare(b.ip, undefined, { numeric: true }) ||
      a.zoneLabel.localeCompare(b.zoneLabel)
  );
}

/** What a listing's codes mean ("SBL: spam source"), else the codes themselves. */
export function reputationMeaning(entry: Pick<ReputationEntry, 'meanings' | 'codes'>): string {
  return entry.meanings.length > 0 ? entry.meanings.join('; ') : entry.codes.join(', ');
}

/** The reason column: the list's TXT reason, or for an unknown row why it is unknown. */
export function reputationReason(entry: Pick<ReputationEntry, 'state' | 'reason' | 'error'>): string {
  if (entry.state === 'unknown') {
    return entry.error || entry.reason || 'the list could not be asked';
  }
  return entry.reason ?? '';
}

/** "2 IPs on 6 lists: 1 listed, 2 unknown" (or "all clean"). */
export function reputationSummary(entries: readonly ReputationEntry[]): string {
  const ips = new Set(entries.map((entry) => entry.ip)).size;
  const zones = new Set(entries.map((entry) => entry.zone)).size;
  const listed = entries.filter((entry) => reputationState(entry).tone === 'bad').length;
  const unknown = entries.filter((entry) => entry.state === 'unknown').length;
  const parts = [listed > 0 ? `${listed} listed` : '', unknown > 0 ? `${unknown} unknown` : ''].filter(Boolean);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(ips, 'IP')} on ${plural(zones, 'list')}: ${parts.length > 0 ? parts.join(', ') : 'no listings'}`;
}

/** Listing periods, newest first (still listed ones first among equals). */
export function sortListingPeriods(periods: readonly ListingPeriod[]): ListingPeriod[] {
  return [...periods].sort(
    (a, b) =>
      Number(a.endedAt !== null) - Number(b.endedAt !== null) || Date.parse(b.firstSeen) - Date.parse(a.firstSeen)
  );
}
