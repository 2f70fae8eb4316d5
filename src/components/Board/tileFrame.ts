// The frame of a wall-screen board's tile: padding, a 1 px border and a coloured accent bar on the left, scaled
// with the tile. The text layouts fit their text to what the frame leaves (`inner`); the tiles draw the frame with
// tileFrameStyle, so what is measured is what is drawn.
import type { CSSObject } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { clamp } from '../../utils/fitText';

/**
 * Line height of every text in a tile: a little over Inter's content area (ascender + descender, 1.21 em), so a
 * line's glyph box never reaches past a box that clips it (at the stat panel's 1.2 it did, by a pixel).
 */
export const LINE_HEIGHT = 1.25;
export const BORDER_WIDTH = 1;

/** A share of a side of the tile, in whole px, within bounds. */
export interface Scaled {
  ratio: number;
  min: number;
  max: number;
}

export interface TileFrameSpec {
  paddingX: Scaled;
  paddingY: Scaled;
  accent: Scaled;
}

export interface TileFrame {
  padding: { x: number; y: number };
  /** Width of the coloured left border (drawn in place of the 1 px one). */
  accentWidth: number;
  /** The content box: the room the tile's text has. */
  inner: { width: number; height: number };
}

export const scaled = (side: number, { ratio, min, max }: Scaled) => clamp(Math.round(side * ratio), min, max);

export function tileFrame(tile: { width: number; height: number }, spec: TileFrameSpec): TileFrame {
  const padding = { x: scaled(tile.width, spec.paddingX), y: scaled(tile.height, spec.paddingY) };
  const accentWidth = scaled(tile.width, spec.accent);
  return {
    padding,
    accentWidth,
    inner: {
      width: tile.width - accentWidth - BORDER_WIDTH - 2 * padding.x,
      height: tile.height - 2 * BORDER_WIDTH - 2 * padding.y,
    },
  };
}

/** The tile's box as tileFrame sized it, its accent bar in `accent`: a column of lines that never spill out. */
export function tileFrameStyle(
  theme: GrafanaTheme2,
  frame: Pick<TileFrame, 'padding' | 'accentWidth'>,
  accent: string
): CSSObject {
  return {
    display: 'flex',
    flexDirection: 'column',
    minWidth: 0,
    minHeight: 0,
    overflow: 'hidden',
    fontFamily: theme.typography.fontFamily,
    padding: `${frame.padding.y}px ${frame.padding.x}px`,
    borderRadius: theme.shape.radius.default,
    border: `${BORDER_WIDTH}px solid ${theme.colors.border.weak}`,
    borderLeft: `${frame.accentWidth}px solid ${accent}`,
  };
}

/** One line of tile text at `fontSize`: it does not wrap (the layout measured it whole). */
export const tileLine = (fontSize: number) => ({ fontSize, lineHeight: LINE_HEIGHT, whiteSpace: 'nowrap' as const });

/** Text at `fontSize` wrapping within `lines` lines, the room the layout left it; more is cut (a tooltip has it). */
export const tileWrapped = (fontSize: number, lines: number) => ({
  fontSize,
  lineHeight: LINE_HEIGHT,
  maxHeight: lines * fontSize * LINE_HEIGHT,
  overflow: 'hidden' as const,
  overflowWrap: 'anywhere' as const,
});
