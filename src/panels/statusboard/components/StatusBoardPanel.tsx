import React from 'react';
import type { PanelProps } from '@grafana/data';
import { measureText, useTheme2 } from '@grafana/ui';
import { BoardFailure, BoardGrid, BoardMessage } from '../../../components/Board/Board';
import { gridLayout } from '../../../components/Board/gridLayout';
import { queryFailure } from '../../../components/Board/queryFailure';
import { infraTestIds } from '../../../components/infraTestIds';
import { useNow } from '../../../hooks/useNow';
import { formatStateAge } from '../../../utils/elapsed';
import type { MeasureText } from '../../../utils/fitText';
import { serviceStateLabel } from '../../../utils/serviceState';
import { findServicesFrame, orderRows, toServiceRows } from '../servicesFrame';
import { measureStatusTexts, statusTileLayout, type StatusTileText } from '../statusTileLayout';
import { DEFAULT_OPTIONS, type StatusBoardOptions } from '../types';
import { StatusTile } from './StatusTile';

// Canvas measurement in the font Grafana draws with (Inter), cached by @grafana/ui.
const measure: MeasureText = (text, fontSize, fontWeight) => measureText(text, fontSize, fontWeight).width;

type Props = PanelProps<StatusBoardOptions>;

const S = infraTestIds.statusBoard;
const SINCE_TICK_MS = 10_000;

/** Wall-screen board: one tile per service of the `services` query, filling the panel, no interaction needed. */
export function StatusBoardPanel({ data, width, height, options }: Props) {
  const effective = { ...DEFAULT_OPTIONS, ...options };
  const theme = useTheme2();
  const frame = findServicesFrame(data.series);
  const rows = orderRows(frame ? toServiceRows(frame) : [], effective.order);
  // Ticks between refreshes, so "for 4 min" on a wall screen keeps counting.
  const now = useNow(SINCE_TICK_MS);
  const tiles = rows.map((row) => {
    const since = formatStateAge(row.since, now);
    const text: StatusTileText = {
      label: row.label,
      state: serviceStateLabel(row.state),
      detail: detailLine(row.latencyMs === null ? '' : row.latency, since),
      cause: row.state === 'operational' ? '' : row.cause,
    };
    return { row, text, since };
  });
  const { fontWeightBold, fontWeightMedium, fontWeightRegular } = theme.typography;
  const measures = measureStatusTexts(
    tiles.map((tile) => tile.text),
    measure,
    { label: fontWeightMedium, state: fontWeightBold, detail: fontWeightRegular }
  );
  const grid = gridLayout(
    tiles.length,
    width,
    height,
    (tile) => statusTileLayout(tile, measures, effective.showCause).fonts.state
  );
  const layout = statusTileLayout({ width: grid.tileWidth, height: grid.tileHeight }, measures, effective.showCause);

  // The query failed: say so in place of the board, never an empty or green board.
  const failure = queryFailure(data, frame);
  if (failure !== undefined) {
    return <BoardFailure failure={failure} testId={S.failed} size={{ width, height }} />;
  }
  if (tiles.length === 0) {
    return (
      <BoardMessage testId={S.empty}>
        {frame
          ? 'No services are probed: add probes to the monitoring service’s configuration.'
          : 'No service data: add a "Services" query of the PenguinMails Sysmon data source to this panel.'}
      </BoardMessage>
    );
  }
  return (
    <BoardGrid grid={grid} testId={S.container}>
      {tiles.map(({ row, text, since }) => (
        <StatusTile
          key={row.service}
          service={row.service}
          state={row.state}
          text={text}
          latency={row.latencyMs === null ? '' : row.latency}
          since={since}
          sinceAt={row.since}
          layout={layout}
        />
      ))}
    </BoardGrid>
  );
}

/** "4.20 s · for 4 min"; a service without a measured latency shows since when only, one never checked says so. */
function detailLine(latency: string, since: string): string {
  return [latency, since].filter(Boolean).join(' · ') || 'not checked yet';
}
