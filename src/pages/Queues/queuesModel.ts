import {
  TIERS,
  type Tier,
  type DriftKind,
  type DriftReport,
  type QueueHistoryResponse,
  type QueueSnapshot,
} from '@penguinmails/sysmon-contract';
import type { Confirmation } from '../../components/ActionConfirm/useConfirmedAction';
import type { PauseAction } from '../../components/PauseButton/queuePause';
import { formatCount } from '../../utils/format';

export const TIER_LABELS: Record<Tier, string> = {
  high: 'High priority',
  normal: 'Normal priority',
  low: 'Low priority',
};

export interface TierGroup {
  tier: Tier;
  queues: QueueSnapshot[];
  /** Depth summed over the queues that could be read; null when none could (unknown, not zero). */
  depth: number | null;
  /** Queues whose snapshot carries an error: their numbers are unknown and left out of `depth`. */
  unreadableCount: number;
  pausedCount: number;
  /** Every queue of the tier is paused (the tier button offers Resume). */
  allPaused: boolean;
}

/** Queues grouped by tier in the order high, normal, low; empty tiers are left out; queues sorted by name. */
export function groupByTier(queues: QueueSnapshot[]): TierGroup[] {
  return TIERS.map((tier) => {
    const members = queues.filter((q) => q.tier === tier).sort((a, b) => a.name.localeCompare(b.name));
    const readable = members.filter((q) => !q.error);
    const pausedCount = members.filter((q) => q.paused).length;
    return {
      tier,
      queues: members,
      depth: readable.length > 0 ? readable.reduce((sum, q) => sum + q.depth, 0) : null,
      unreadableCount: members.length - readable.length,
      pausedCount,
      allPaused: members.length > 0 && pausedCount === members.length,
    };
  }).filter((group) => group.queues.length > 0);
}

const queuesWord = (count: number) => (count === 1 ? 'queue' : 'queues');

/** The line under a tier's heading: "3 queues · depth 160 · 1 paused"; unreadable queues are said, never summed. */
export function tierSummary(group: TierGroup): string {
  const count = group.queues.length;
  let depth: string;
  if (group.depth === null) {
    depth = 'depth unknown (no data)';
  } else if (group.unreadableCount > 0) {
    depth = `depth ≥ ${formatCount(group.depth)} (${group.unreadableCount} ${queuesWord(group.unreadableCount)}: no data)`;
  } else {
    depth = `depth ${formatCount(group.depth)}`;
  }
  const paused = group.pausedCount > 0 ? ` · ${group.pausedCount} paused` : '';
  return `${count} ${queuesWord(count)} · ${depth}${paused}`;
}

/** "the 160 jobs waiting", or what is known of them when queues could not be read. */
function jobsWaiting(group: TierGroup): string {
  if (group.depth === null) {
    return 'the jobs waiting (how many is unknown: no queue of the tier could be read)';
  }
  if (group.unreadableCount > 0) {
    return (
      `the jobs waiting (at least ${formatCount(group.depth)}; ${group.unreadableCount} ` +
      `${queuesWord(group.unreadableCount)} could not be read)`
    );
  }
  return `the ${formatCount(group.depth)} jobs waiting`;
}

export function tierPauseConfirmation(group: TierGroup, action: PauseAction): Confirmation {
  const names = group.queues.map((q) => q.name).join(', ');
  const count = group.queues.length;
  if (action === 'pause') {
    return {
      title: `Pause the ${group.tier} tier?`,
      body:
        `Pauses all ${count} ${queuesWord(count)} of the ${group.tier} tier (${names}). Jobs already running finish; ` +
        `${jobsWaiting(group)} and any new ones stay queued until the tier is resumed.`,
      confirmText: `Pause ${count} ${queuesWord(count)}`,
    };
  }
  return {
    title: `Resume the ${group.tier} tier?`,
    body:
      `Resumes all ${count} ${queuesWord(count)} of the ${group.tier} tier (${names}): workers start on ` +
      `${jobsWaiting(group)}.`,
    confirmText: `Resume ${count} ${queuesWord(count)}`,
  };
}

/** What each drift kind counts, for one finding and for several. */
export const DRIFT_KIND_LABELS: Record<DriftKind, { one: string; many: string }> = {
  ledger_without_job: {
    one: 'ledger row that never started, without a live job',
    many: 'ledger rows that never started, without a live job',
  },
  started_without_job: {
    one: 'ledger row last seen active, without a live job (it may have run)',
    many: 'ledger rows last seen active, without a live job (they may have run)',
  },
  job_without_ledger: { one: 'job without a ledger row', many: 'jobs without a ledger row' },
  terminal_not_in_ledger: {
    one: 'finished job not finished in the ledger',
    many: 'finished jobs not finished in the ledger',
  },
  active_past_lock: { one: 'active job past its lock', many: 'active jobs past their lock' },
};

/** "1 finding", "3 findings". */
export function findingsText(count: number): string {
  return `${formatCount(count)} ${count === 1 ? 'finding' : 'findings'}`;
}

export interface DriftSummary {
  total: number;
  kinds: Array<{ kind: DriftKind; label: string; count: number; oldestAgeMs: number | null }>;
}

/** The drift kinds that have findings; null when there is no drift (no banner). */
export function summariseDrift(report: DriftReport | undefined): DriftSummary | null {
  if (!report) {
    return null;
  }
  const kinds = report.kinds
    .filter((k) => k.count > 0)
    .map((k) => ({
      kind: k.kind,
      label: DRIFT_KIND_LABELS[k.kind]?.[k.count === 1 ? 'one' : 'many'] ?? k.kind,
      count: k.count,
      oldestAgeMs: k.oldestAgeMs,
    }));
  if (kinds.length === 0) {
    return null;
  }
  return { total: kinds.reduce((sum, k) => sum + k.count, 0), kinds };
}

export type Points = Array<[number, number | null]>;

/** History series by queue name (the depth sparklines look their queue up here). */
export function seriesByName(history: QueueHistoryResponse | undefined): Map<string, Points> {
  return new Map((history?.series ?? []).map((s) => [s.name, s.points]));
}
