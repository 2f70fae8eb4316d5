/** How tiles are ordered. Tier order keeps every queue in the same place on a wall screen. */
export type QueueBoardSort = 'tier' | 'name' | 'severity';

/** Panel options (set in the panel editor; thresholds are "at or above"). */
export interface QueueBoardOptions {
  depthWarn: number;
  depthCrit: number;
  oldestWaitWarnSeconds: number;
  oldestWaitCritSeconds: number;
  failureRateWarnPercent: number;
  failureRateCritPercent: number;
  sortBy: QueueBoardSort;
  /** Show active jobs, workers and drain ETA under the big numbers (when the tile is tall enough). */
  showDetails: boolean;
}

export const DEFAULT_OPTIONS: QueueBoardOptions = {
  depthWarn: 1000,
  depthCrit: 10000,
  oldestWaitWarnSeconds: 60,
  oldestWaitCritSeconds: 300,
  failureRateWarnPercent: 1,
  failureRateCritPercent: 5,
  sortBy: 'tier',
  showDetails: true,
};
