import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2, PanelProps } from '@grafana/data';
import { measureText, useStyles2, useTheme2 } from '@grafana/ui';
import { infraTestIds } from '../../../components/infraTestIds';
import { useNow } from '../../../hooks/useNow';
import { formatStateAge } from '../../../utils/elapsed';
import type { MeasureText } from '../../../utils/fitText';
import { serviceStateLabel } from '../../../utils/serviceState';
import { gridLayout, GRID_GAP, type GridLayout } from '../../queueboard/layout';
import { queryFailure } from '../../queueboard/queryFailure';
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
  const styles = useStyles2(getStyles, grid, { width, height });

  // The query failed: say so in place of the board, never an empty or green board.
  const failure = queryFailure(data, frame);
  if (failure !== undefined) {
    return (
      <div className={styles.message} data-testid={S.failed}>
        <div className={styles.failed}>
          <strong className={styles.failedTitle}>No data</strong> — {failure}
        </div>
      </div>
    );
  }
  if (tiles.length === 0) {
    return (
      <div className={styles.message} data-testid={S.empty}>
        {frame
          ? 'No services are probed: add probes to the monitoring service’s configuration.'
          : 'No service data: add a "Services" query of the PenguinMails Sysmon data source to this panel.'}
      </div>
    );
  }
  return (
    <div className={styles.board} data-testid={S.container} data-columns={grid.columns}>
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
    </div>
  );
}

/** "4.20 s · for 4 min"; a service without a measured latency shows since when only, one never checked says so. */
function detailLine(latency: string, since: string): string {
  return [latency, since].filter(Boolean).join(' · ') || 'not checked yet';
}

const getStyles = (theme: GrafanaTheme2, grid: GridLayout, size: { width: number; height: number }) => ({
  board: css({
    display: 'grid',
    width: '100%',
    height: '100%',
    gap: GRID_GAP,
    gridTemplateColumns: `repeat(${grid.columns}, minmax(0, 1fr))`,
    gridAutoRows: grid.overflows ? `${Math.floor(grid.tileHeight)}px` : 'minmax(0, 1fr)',
    overflowY: grid.overflows ? 'auto' : 'hidden',
  }),
  message: css({
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
