import { gridLayout, MIN_READABLE_VALUE_FONT, type GridLayout } from './gridLayout';

// Text 10 em wide and 4 lines tall: the largest font a tile can give it.
const boxFont = (tile: { width: number; height: number }) => Math.min(tile.width / 10, tile.height / 4);
const tileOf = (layout: GridLayout) => ({ width: layout.tileWidth, height: layout.tileHeight });

describe('gridLayout', () => {
  it('fills a wide panel with one row of a few queues', () => {
    const layout = gridLayout(3, 1800, 400, boxFont);
    expect(layout).toMatchObject({ columns: 3, rows: 1, overflows: false });
    expect(layout.tileWidth).toBeCloseTo((1800 - 16) / 3);
  });

  it('stacks queues in a tall panel', () => {
    expect(gridLayout(3, 400, 1200, boxFont)).toMatchObject({ columns: 1, rows: 3 });
  });

  it('uses every row of the grid for many queues on a wall screen', () => {
    const layout = gridLayout(60, 1900, 1000, boxFont);
    expect(layout.columns * layout.rows).toBeGreaterThanOrEqual(60);
    expect((layout.columns - 1) * layout.rows).toBeLessThan(60);
    expect(layout.overflows).toBe(false);
    expect(boxFont(tileOf(layout))).toBeGreaterThanOrEqual(MIN_READABLE_VALUE_FONT);
  });

  it('scrolls instead of shrinking numbers below a readable size', () => {
    const layout = gridLayout(200, 800, 300, boxFont);
    expect(layout.overflows).toBe(true);
    expect(boxFont(tileOf(layout))).toBeGreaterThanOrEqual(MIN_READABLE_VALUE_FONT);
    // As many columns as stay readable, within the width left beside a scrollbar.
    expect(layout.columns).toBe(6);
    expect(layout.columns * layout.tileWidth + (layout.columns - 1) * 8).toBeLessThanOrEqual(800 - 16);
    expect(Number.isInteger(layout.tileHeight)).toBe(true);
  });

  it('copes with no queues', () => {
    expect(gridLayout(0, 500, 300, boxFont)).toMatchObject({ columns: 1, rows: 1 });
  });
});
