/** How tiles are ordered. The configuration's order keeps every service in the same place on a wall screen. */
export type StatusBoardOrder = 'config' | 'severity' | 'name';

/** Panel options (set in the panel editor). */
export interface StatusBoardOptions {
  order: StatusBoardOrder;
  /** Why a service is not operational, under its state (when the tile has room). */
  showCause: boolean;
}

export const DEFAULT_OPTIONS: StatusBoardOptions = {
  order: 'config',
  showCause: true,
};
