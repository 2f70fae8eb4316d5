// Fits N tiles into a wall-screen board: the grid whose tiles show the largest headline text (a queue's numbers, a
// service's state word). How large it can be comes from the board's tile layout (the text measured against the
// tile), passed in as `valueFontOf`.

export interface GridLayout {
  columns: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
  /** True when no grid shows readable numbers in the panel: tiles keep a readable size and the board scrolls. */
  overflows: boolean;
}

/** The headline font size (px) that text fitted to a tile of this size gets. */
export type ValueFontOf = (tile: { width: number; height: number }) => number;

export const GRID_GAP = 8;
/** Numbers smaller than this are not readable on a wall screen: the board scrolls rather than go below it. */
export const MIN_READABLE_VALUE_FONT = 12;
// Scrolling tiles are this much taller than wide (room for the header and two rows of numbers).
const SCROLL_TILE_ASPECT = 0.6;
// A scrolling board loses this much width to its scrollbar (where scrollbars take room).
const SCROLLBAR_WIDTH = 16;

interface Candidate {
  columns: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
  valueFont: number;
}

function candidate(
  tiles: number,
  columns: number,
  width: number,
  height: number,
  gap: number,
  valueFontOf: ValueFontOf
) {
  const rows = Math.ceil(tiles / columns);
  const tileWidth = (width - gap * (columns - 1)) / columns;
  const tileHeight = (height - gap * (rows - 1)) / rows;
  const valueFont = tileWidth > 0 && tileHeight > 0 ? valueFontOf({ width: tileWidth, height: tileHeight }) : 0;
  return { columns, rows, tileWidth, tileHeight, valueFont };
}

export function gridLayout(
  count: number,
  width: number,
  height: number,
  valueFontOf: ValueFontOf,
  gap = GRID_GAP
): GridLayout {
  const tiles = Math.max(1, count);
  let best: Candidate | undefined;
  for (let columns = 1; columns <= tiles; columns++) {
    const next = candidate(tiles, columns, width, height, gap, valueFontOf);
    // On a tie, the grid with fewer empty cells.
    const emptyCells = (c: Candidate) => c.columns * c.rows - tiles;
    if (
      !best ||
      next.valueFont > best.valueFont ||
      (next.valueFont === best.valueFont && emptyCells(next) < emptyCells(best))
    ) {
      best = next;
    }
  }
  const { valueFont, ...chosen } = best!;
  if (valueFont >= MIN_READABLE_VALUE_FONT) {
    return { ...chosen, overflows: false };
  }
  // Too many tiles for the panel: the most columns whose tiles still show readable numbers, scrolling vertically.
  const scrollTile = (columns: number) => {
    const tileWidth = (width - SCROLLBAR_WIDTH - gap * (columns - 1)) / columns;
    // Whole pixels: the board sets the rows' height in px.
    return { width: tileWidth, height: Math.floor(tileWidth * SCROLL_TILE_ASPECT) };
  };
  let columns = 1;
  for (let c = tiles; c > 1; c--) {
    if (valueFontOf(scrollTile(c)) >= MIN_READABLE_VALUE_FONT) {
      columns = c;
      break;
    }
  }
  const tile = scrollTile(columns);
  const rows = Math.ceil(tiles / columns);
  const overflows = rows * tile.height + (rows - 1) * gap > height;
  return { columns, rows, tileWidth: tile.width, tileHeight: tile.height, overflows };
}
