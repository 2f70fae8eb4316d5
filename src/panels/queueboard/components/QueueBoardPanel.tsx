import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, PanelProps } from '@grafana/data';
import { measureText, useStyles2, useTheme2 } from '@grafana/ui';
import { testIds } from '../../../components/testIds';
import { gridLayout, GridLayout, GRID_GAP } from '../layout';
import { findQueuesFrame, queueFormats, toQueueRows } from '../queueFrame';
import { queryFailure } from '../queryFailure';
import { sortTiles, tileLevels } from '../thresholds';
import { tileContent, widestTileContent } from '../tileContent';
import { measureTexts, tileLayout, type MeasureText } from '../tileLayout';
import { DEFAULT_OPTIONS, QueueBoardOptions } from '../types';
import { QueueTile } from './QueueTile';

// Canvas measurement in the font Grafana draws with (Inter), cached by @grafana/ui.
const measure: MeasureText = (text, fontSize, fontWeight) => measureText(text, fontSize, fontWeight).width;

type Props = PanelProps<QueueBoardOptions>;

/** Wall-screen board: one tile per queue of the `queues` query, filling the panel, no interaction needed. */
export function QueueBoardPanel({ data, width, height, options }: Props) {
  const effective = { ...DEFAULT_OPTIONS, ...options };
  const frame = findQueuesFrame(data.series);
  // Cheap for any realistic number of queues (measured text is cached by @grafana/ui), so no memoisation.
  const tiles = sortTiles(
    (frame ? toQueueRows(frame) : []).map((row) => ({ row, levels: tileLevels(row, effective) })),
    effective.sortBy
  );
  const theme = useTheme2();
  const format = queueFormats(frame, theme);
  const contents = tiles.map(({ row, levels }) => tileContent(row, levels, format));
  const { fontWeightBold, fontWeightMedium, fontWeightRegular } = theme.typography;
  const weights = { value: fontWeightBold, title: fontWeightMedium, label: fontWeightRegular, badge: fontWeightBold };
  // The grid is chosen for the widest numbers a queue realistically shows, so it does not change as values do;
  // the fonts then fit the values on the board now.
  const widest = measureTexts(
    contents.map((content) => widestTileContent(content, format)),
    measure,
    weights
  );
  const layout = gridLayout(
    contents.length,
    width,
    height,
    (tile) => tileLayout(tile, widest, effective.showDetails).fonts.value
  );
  const textLayout = tileLayout(
    { width: layout.tileWidth, height: layout.tileHeight },
    measureTexts(contents, measure, weights),
    effective.showDetails
  );
  const styles = useStyles2(getStyles, layout, { width, height });

  // The query failed (e.g. Redis unreachable): no numbers at all, not an empty board, and not older numbers.
  const failure = queryFailure(data, frame);
  if (failure !== undefined) {
    return (
      <div className={styles.empty} data-testid={testIds.queueBoard.failed}>
        <div className={styles.failed}>
          <strong className={styles.failedTitle}>No data</strong> — {failure}
        </div>
      </div>
    );
  }

  if (contents.length === 0) {
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
      {contents.map((content) => (
        <QueueTile key={content.queue} content={content} layout={textLayout} />
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2, layout: GridLayout, size: { width: number; height: number }) => ({
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
