// Pure functions of the home overview: the one log-volume query it sends and what it reads from the answers.
import { dataFrameFromJSON, type DataFrameJSON } from '@grafana/data';
import {
  TIERS,
  type QueryRequest,
  type QueueSnapshot,
  type ServiceStatusView,
  type Tier,
} from '@penguinmails/sysmon-contract';
import type { QueryResponse } from '../../api/types';
import { BACKLOG_WARNING } from '../../constants';
import { logsPageUrl } from '../../utils/logsUrl';
import { volumeFields } from '../../utils/logVolume';
import { byUrgency } from '../../utils/serviceState';

// ---- Services ---------------------------------------------------------------------------------------------------

/** "1 down · 1 degraded · 3 operational": how many services are in each state, most urgent first. */
export function serviceStateCounts(services: ReadonlyArray<Pick<ServiceStatusView, 'state'>>): string {
  const counts = new Map<string, number>();
  for (const state of services.map((service) => service.state).sort(byUrgency)) {
    counts.set(state, (counts.get(state) ?? 0) + 1);
  }
  return [...counts.entries()].map(([state, count]) => `${count} ${state}`).join(' · ');
}

// ---- Queues -----------------------------------------------------------------------------------------------------

/** A queue that is backing up: its oldest job has waited a minute, or a thousand jobs wait. */
export function isBackingUp(queue: QueueSnapshot): boolean {
  return (
    !queue.error &&
    ((queue.oldestWaitingAgeMs ?? 0) >= BACKLOG_WARNING.oldestWaitMs || queue.depth >= BACKLOG_WARNING.depth)
  );
}

export interface TierOverview {
  tier: Tier;
  queueCount: number;
  /** Summed over the queues that could be read; null when none could (unknown, not zero). */
  depth: number | null;
  /** Failed jobs per minute summed over the queues that report a rate; null when none does. */
  failuresPerMin: number | null;
  /** Queues that could not be read: their numbers are left out of the sums. */
  unreadable: number;
  /** Backing up, the longest wait first. */
  backingUp: QueueSnapshot[];
}

const sumKnown = (values: Array<number | null>): number | null => {
  const known = values.filter((value): value is number => value !== null && Number.isFinite(value));
  return known.length > 0 ? known.reduce((sum, value) => sum + value, 0) : null;
};

/** Depth and failures per tier (high, normal, low; tiers without queues left out) and the queues backing up. */
export function tierOverview(queues: readonly QueueSnapshot[]): TierOverview[] {
  return TIERS.map((tier) => {
    const members = queues.filter((queue) => queue.tier === tier);
    const readable = members.filter((queue) => !queue.error);
    return {
      tier,
      queueCount: members.length,
      depth: sumKnown(readable.map((queue) => queue.depth)),
      failuresPerMin: sumKnown(readable.map((queue) => queue.failuresPerMin)),
      unreadable: members.length - readable.length,
      backingUp: readable
        .filter(isBackingUp)
        .sort((a, b) => (b.oldestWaitingAgeMs ?? 0) - (a.oldestWaitingAgeMs ?? 0) || b.depth - a.depth),
    };
  }).filter((overview) => overview.queueCount > 0);
}

/** "2 queues backing up", or "" when none is. */
export function backlogSummary(queues: readonly QueueSnapshot[]): string {
  const count = tierOverview(queues).reduce((sum, tier) => sum + tier.backingUp.length, 0);
  return count === 0 ? '' : `${count} ${count === 1 ? 'queue' : 'queues'} backing up`;
}

// ---- Error-log volume -------------------------------------------------------------------------------------------

export const ERROR_LEVELS = ['error', 'fatal'] as const;
export const ERROR_VOLUME_REF_ID = 'errors';
export const ERROR_VOLUME_WINDOW_MS = 3600_000;
const ERROR_VOLUME_BUCKET_MS = 60_000;

/** One log_volume query: error and fatal lines of the last hour, per minute. */
export function errorVolumeRequest(now: number): QueryRequest {
  return {
    queries: [{ refId: ERROR_VOLUME_REF_ID, queryType: 'log_volume', levels: [...ERROR_LEVELS] }],
    range: { from: new Date(now - ERROR_VOLUME_WINDOW_MS).toISOString(), to: new Date(now).toISOString() },
    intervalMs: ERROR_VOLUME_BUCKET_MS,
    maxDataPoints: ERROR_VOLUME_WINDOW_MS / ERROR_VOLUME_BUCKET_MS,
  };
}

export interface ErrorVolume {
  total: number;
  /** Lines per bucket, the levels added up, in time order. */
  points: Array<[number, number | null]>;
}

/**
 * The error volume from the answer: every level's frame (a time field and a count field labelled {level}) added up
 * per bucket. A per-query error is thrown: the overview shows it in place of a count (never a zero).
 */
export function readErrorVolume(response: QueryResponse): ErrorVolume {
  const result = response.results?.[ERROR_VOLUME_REF_ID];
  if (!result) {
    throw new Error('the service did not answer the log volume query');
  }
  if (result.error) {
    throw new Error(result.error);
  }
  const buckets = new Map<number, number>();
  for (const json of (result.frames ?? []) as DataFrameJSON[]) {
    const fields = volumeFields(dataFrameFromJSON(json));
    if (!fields) {
      continue;
    }
    const { time, count } = fields;
    time.values.forEach((at, index) => {
      const value = Number(count.values[index]);
      buckets.set(Number(at), (buckets.get(Number(at)) ?? 0) + (Number.isFinite(value) ? value : 0));
    });
  }
  const points = [...buckets.entries()].sort((a, b) => a[0] - b[0]) as Array<[number, number | null]>;
  return { total: points.reduce((sum, [, value]) => sum + (value ?? 0), 0), points };
}

/** The Logs page showing the errors the overview counts. */
export const errorLogsUrl = () => logsPageUrl({ levels: [...ERROR_LEVELS], from: 'now-1h' });
