import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, PanelProps } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { testIds } from '../../../components/testIds';
import { gridLayout, GridLayout, GRID_GAP } from '../layout';
import { findQueuesFrame, queueFormats, toQueueRows } from '../queueFrame';
import { sortTiles, tileLevels } from '../thresholds';
import { DEFAULT_OPTIONS, QueueBoardOptions } from '../types';
import { QueueTile } from './QueueTile';

type Props = PanelProps<QueueBoardOptions>;

/** Wall-screen board: one tile per queue of the `queues` query, filling the panel, no interaction needed. */
export function QueueBoardPanel({ data, width, height, options }: Props) {
  const effective = { ...DEFAULT_OPTIONS, ...options };
  const frame = findQueuesFrame(data.series);
  // Cheap for any realistic number of queues, so no memoisation.
  const tiles = sortTiles(
    (frame ? toQueueRows(frame) : []).map((row) => ({ row, levels: tileLevels(row, effective) })),
    effective.sortBy
  );
  const format = queueFormats(frame, useTheme2());
  const layout = gridLayout(tiles.length, width, height);
  const styles = useStyles2(getStyles, layout);

  if (tiles.length === 0) {
    return (
      <div className={styles.empty} data-testid={testIds.queueBoard.empty}>
        {frame
          ? 'No queues to show.'
          : 'No queue data: add a "Queues" query of the PenguinMails Sysmon data source to this panel.'}
      </div>
    );
  }

  return (
    <div className={styles.board} data-testid={testIds.queueBoard.container} data-columns={layout.columns}>
      {tiles.map(({ row, levels }) => (
        <QueueTile
          key={row.queue}
          row={row}
          format={format}
          levels={levels}
          fonts={layout.fonts}
          tileHeight={layout.tileHeight}
          showDetails={effective.showDetails}
        />
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2, layout: GridLayout) => ({
  board: css({
    display: 'grid',
    width: '100%',
    height: '100%',
    gap: GRID_GAP,
    gridTemplateColumns: `repeat(${layout.columns}, minmax(0, 1fr))`,
    gridAutoRows: layout.overflows ? `${Math.floor(layout.tileHeight)}px` : `minmax(0, 1fr)`,
    overflowY: layout.overflows ? 'auto' : 'hidden',
  }),
  empty: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    height: '100%',
    textAlign: 'center',
    padding: theme.spacing(2),
    color: theme.colors.text.secondary,
  }),
});
