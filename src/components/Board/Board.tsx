// What the wall-screen boards (queue board, status board) draw around their tiles: the grid gridLayout chose, or
// in its place why there is nothing to show.
import React, { type ReactNode } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { GRID_GAP, type GridLayout } from './gridLayout';

/** The tiles in the chosen grid: filling the panel, or at a readable size and scrolling when the grid overflows. */
export function BoardGrid({ grid, testId, children }: { grid: GridLayout; testId: string; children: ReactNode }) {
  const styles = useStyles2(getGridStyles, grid);
  return (
    <div className={styles.board} data-testid={testId} data-columns={grid.columns}>
      {children}
    </div>
  );
}

/** In place of the board: why there are no tiles. */
export function BoardMessage({ testId, children }: { testId: string; children: ReactNode }) {
  const styles = useStyles2(getMessageStyles);
  return (
    <div className={styles.message} data-testid={testId}>
      {children}
    </div>
  );
}

interface FailureProps {
  /** Why the query failed (queryFailure). */
  failure: string;
  testId: string;
  /** The panel's size: the reason is sized to it. */
  size: { width: number; height: number };
}

/** In place of the board when its query failed: "No data — <reason>", never an empty board or older data. */
export function BoardFailure({ failure, testId, size }: FailureProps) {
  const styles = useStyles2(getFailureStyles, size);
  return (
    <BoardMessage testId={testId}>
      <div className={styles.failed}>
        <strong className={styles.failedTitle}>No data</strong> — {failure}
      </div>
    </BoardMessage>
  );
}

const getGridStyles = (_theme: GrafanaTheme2, grid: GridLayout) => ({
  board: css({
    display: 'grid',
    width: '100%',
    height: '100%',
    gap: GRID_GAP,
    gridTemplateColumns: `repeat(${grid.columns}, minmax(0, 1fr))`,
    gridAutoRows: grid.overflows ? `${Math.floor(grid.tileHeight)}px` : 'minmax(0, 1fr)',
    overflowY: grid.overflows ? 'auto' : 'hidden',
  }),
});

const getMessageStyles = (theme: GrafanaTheme2) => ({
  message: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    height: '100%',
    textAlign: 'center',
    padding: theme.spacing(2),
    color: theme.colors.text.secondary,
  }),
});

const getFailureStyles = (theme: GrafanaTheme2, size: { width: number; height: number }) => ({
  // Readable from across the room, like the tiles it replaces; long reasons wrap.
  failed: css({
    maxWidth: '80ch',
    fontSize: Math.round(Math.min(32, Math.max(14, Math.min(size.width, size.height) * 0.04))),
    lineHeight: 1.4,
    overflowWrap: 'anywhere',
    color: theme.colors.text.primary,
  }),
  failedTitle: css({ color: theme.colors.warning.text }),
});
