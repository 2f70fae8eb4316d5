// Fits N tiles into the panel: the column count that gives the largest tiles near a 4:3 shape.

export interface GridLayout {
  columns: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
  /** True when even the smallest readable tiles do not fit and the board must scroll. */
  overflows: boolean;
  fonts: { title: number; value: number; label: number };
}

export const GRID_GAP = 8;
const MIN_TILE_WIDTH = 140;
const MIN_TILE_HEIGHT = 100;
// Tiles are judged by how large a 4:3 box fits inside them, so neither slivers nor letterboxes win.
const ASPECT_WIDTH = 4;
const ASPECT_HEIGHT = 3;

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** Font sizes (px) for a tile: the big numbers scale with the tile; titles and labels follow them. */
export function tileFonts(tileWidth: number, tileHeight: number): GridLayout['fonts'] {
  const value = Math.round(clamp(Math.min(tileHeight * 0.17, tileWidth * 0.11), 12, 120));
  return {
    value,
    title: Math.round(clamp(value * 0.55, 11, 56)),
    label: Math.round(clamp(value * 0.34, 10, 28)),
  };
}

export function gridLayout(count: number, width: number, height: number, gap = GRID_GAP): GridLayout {
  const tiles = Math.max(1, count);
  let best: Omit<GridLayout, 'fonts' | 'overflows'> | undefined;
  let bestScale = -1;
  for (let columns = 1; columns <= tiles; columns++) {
    const rows = Math.ceil(tiles / columns);
    const tileWidth = (width - gap * (columns - 1)) / columns;
    const tileHeight = (height - gap * (rows - 1)) / rows;
    const scale = Math.min(tileWidth / ASPECT_WIDTH, tileHeight / ASPECT_HEIGHT);
    if (scale > bestScale) {
      bestScale = scale;
      best = { columns, rows, tileWidth, tileHeight };
    }
  }
  const chosen = best!;
  if (chosen.tileWidth >= MIN_TILE_WIDTH && chosen.tileHeight >= MIN_TILE_HEIGHT) {
    return { ...chosen, overflows: false, fonts: tileFonts(chosen.tileWidth, chosen.tileHeight) };
  }
  // Too many tiles for the panel: keep readable tiles and let the board scroll vertically.
  const columns = clamp(Math.floor((width + gap) / (MIN_TILE_WIDTH + gap)), 1, tiles);
  const tileWidth = (width - gap * (columns - 1)) / columns;
  const tileHeight = Math.max(MIN_TILE_HEIGHT, (tileWidth * ASPECT_HEIGHT) / ASPECT_WIDTH);
  const rows = Math.ceil(tiles / columns);
  const overflows = rows * tileHeight + (rows - 1) * gap > height;
  return { columns, rows, tileWidth, tileHeight, overflows, fonts: tileFonts(tileWidth, tileHeight) };
}
