import React from 'react';
import { PanelProps } from '@grafana/data';
import { measureText, useTheme2 } from '@grafana/ui';
import { BoardFailure, BoardGrid, BoardMessage } from '../../../components/Board/Board';
import { gridLayout } from '../../../components/Board/gridLayout';
import { queryFailure } from '../../../components/Board/queryFailure';
import { testIds } from '../../../components/testIds';
import type { MeasureText } from '../../../utils/fitText';
import { findQueuesFrame, queueFormats, toQueueRows } from '../queueFrame';
import { sortTiles, tileLevels } from '../thresholds';
import { tileContent, widestTileContent } from '../tileContent';
import { measureTexts, tileLayout } from '../tileLayout';
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

  // The query failed (e.g. Redis unreachable): no numbers at all, not an empty board, and not older numbers.
  const failure = queryFailure(data, frame);
  if (failure !== undefined) {
    return <BoardFailure failure={failure} testId={testIds.queueBoard.failed} size={{ width, height }} />;
  }

  if (contents.length === 0) {
    return (
      <BoardMessage testId={testIds.queueBoard.empty}>
        {frame
          ? 'No queues to show.'
          : 'No queue data: add a "Queues" query of the PenguinMails Sysmon data source to this panel.'}
      </BoardMessage>
    );
  }

  return (
    <BoardGrid grid={layout} testId={testIds.queueBoard.container}>
      {contents.map((content) => (
        <QueueTile key={content.queue} content={content} layout={textLayout} />
      ))}
    </BoardGrid>
  );
}
