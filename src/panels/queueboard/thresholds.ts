// Pure threshold logic: which level each number and each tile is at, and how tiles are ordered.
import type { QueueRow } from './queueFrame';
import type { QueueBoardOptions, QueueBoardSort } from './types';

/** `none` = the number is unknown (null), so it cannot raise the tile's level. */
export type Level = 'none' | 'ok' | 'warn' | 'crit';

const RANK: Record<Level, number> = { none: 0, ok: 1, warn: 2, crit: 3 };

const isThreshold = (value: number | undefined | null): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/** Level of a value against warn/crit thresholds ("at or above"); a threshold that is not a number is off. */
export function levelFor(value: number | null, warn: number | undefined, crit: number | undefined): Level {
  if (value === null || !Number.isFinite(value)) {
    return 'none';
  }
  if (isThreshold(crit) && value >= crit) {
    return 'crit';
  }
  if (isThreshold(warn) && value >= warn) {
    return 'warn';
  }
  return 'ok';
}

export const worstLevel = (levels: Level[]): Level =>
  levels.reduce<Level>((worst, level) => (RANK[level] > RANK[worst] ? level : worst), 'none');

export type TileMetric = 'depth' | 'oldestWait' | 'failureRate';

export interface TileLevels {
  depth: Level;
  oldestWait: Level;
  failureRate: Level;
  /** The worst of the three; a tile whose numbers are all unknown is `none`. */
  tile: Level;
}

/** Levels of one queue's numbers under the panel options (wait in seconds, failure rate in percent). */
export function tileLevels(row: QueueRow, options: QueueBoardOptions): TileLevels {
  const depth = levelFor(row.depth, options.depthWarn, options.depthCrit);
  const oldestWait = levelFor(
    row.oldestWaitMs === null ? null : row.oldestWaitMs / 1000,
    options.oldestWaitWarnSeconds,
    options.oldestWaitCritSeconds
  );
  const failureRate = levelFor(
    row.failureRate === null ? null : row.failureRate * 100,
    options.failureRateWarnPercent,
    options.failureRateCritPercent
  );
  return { depth, oldestWait, failureRate, tile: worstLevel([depth, oldestWait, failureRate]) };
}

const TIER_ORDER: Record<string, number> = { high: 0, normal: 1, low: 2 };
const tierRank = (tier: string | null) => (tier !== null && tier in TIER_ORDER ? TIER_ORDER[tier] : 3);

/** Tiles in display order; ties are broken by name so positions are stable between refreshes. */
export function sortTiles<T extends { row: QueueRow; levels: TileLevels }>(tiles: T[], sortBy: QueueBoardSort): T[] {
  const byName = (a: T, b: T) => a.row.queue.localeCompare(b.row.queue);
  const byTier = (a: T, b: T) => tierRank(a.row.tier) - tierRank(b.row.tier);
  const bySeverity = (a: T, b: T) => RANK[b.levels.tile] - RANK[a.levels.tile];
  const compare: Record<QueueBoardSort, Array<(a: T, b: T) => number>> = {
    name: [byName],
    tier: [byTier, byName],
    severity: [bySeverity, byTier, byName],
  };
  return [...tiles].sort((a, b) => {
    for (const comparator of compare[sortBy]) {
      const result = comparator(a, b);
      if (result !== 0) {
        return result;
      }
    }
    return 0;
  });
}
