import { gridLayout, tileFonts } from './layout';

describe('gridLayout', () => {
  it('fills a wide panel with one row of a few queues', () => {
    const layout = gridLayout(3, 1800, 400);
    expect(layout).toMatchObject({ columns: 3, rows: 1, overflows: false });
    expect(layout.tileWidth).toBeCloseTo((1800 - 16) / 3);
  });

  it('stacks queues in a tall panel', () => {
    expect(gridLayout(3, 400, 1200)).toMatchObject({ columns: 1, rows: 3 });
  });

  it('uses every cell of a square-ish grid for many queues on a wall screen', () => {
    const layout = gridLayout(60, 1900, 1000);
    expect(layout.columns * layout.rows).toBeGreaterThanOrEqual(60);
    expect((layout.columns - 1) * layout.rows).toBeLessThan(60);
    expect(layout.overflows).toBe(false);
    expect(layout.fonts.value).toBeGreaterThanOrEqual(16);
  });

  it('scrolls instead of shrinking tiles below a readable size', () => {
    const layout = gridLayout(200, 800, 300);
    expect(layout.overflows).toBe(true);
    expect(layout.tileWidth).toBeGreaterThanOrEqual(140);
    expect(layout.tileHeight).toBeGreaterThanOrEqual(100);
  });

  it('copes with no queues', () => {
    expect(gridLayout(0, 500, 300)).toMatchObject({ columns: 1, rows: 1 });
  });
});

describe('tileFonts', () => {
  it('scales the numbers with the tile within bounds', () => {
    expect(tileFonts(400, 300).value).toBe(44);
    expect(tileFonts(4000, 3000).value).toBe(120);
    expect(tileFonts(50, 40).value).toBe(12);
    expect(tileFonts(400, 300).title).toBeLessThan(tileFonts(400, 300).value);
  });
});
