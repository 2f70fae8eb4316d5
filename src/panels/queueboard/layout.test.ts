import { fakeTextWidth } from '../../testUtils/textMetrics';
import { gridLayout, MIN_READABLE_VALUE_FONT, type GridLayout } from './layout';
import type { TileContent } from './tileContent';
import { measureTexts, tileLayout } from './tileLayout';

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

  it('picks the grid where measured tile text is largest, not a fixed tile shape', () => {
    const content: TileContent = {
      queue: 'email-sending-01-high',
      badges: [{ kind: 'tier', text: 'high' }],
      level: 'ok',
      metrics: [
        { key: 'depth', label: 'depth', value: { text: '88.8', suffix: ' K' }, level: 'ok' },
        { key: 'oldest_wait', label: 'oldest wait', value: { text: '59.9', suffix: ' mins' }, level: 'ok' },
        { key: 'failure_rate', label: 'failures', value: { text: '0.0666', suffix: '%' }, level: 'ok' },
        { key: 'throughput', label: 'throughput', value: { text: '8.88', suffix: 'K jobs/min' }, level: 'ok' },
      ],
      details: 'active 8 · workers 4 · not draining',
    };
    const text = measureTexts(Array(60).fill(content), fakeTextWidth, {
      value: 500,
      title: 500,
      label: 400,
      badge: 500,
    });
    const valueFontOf = (tile: { width: number; height: number }) => tileLayout(tile, text, true).fonts.value;
    const layout = gridLayout(60, 1904, 1040, valueFontOf);
    // Nine columns (the largest 4:3 tiles) give narrow cells for "8.88K jobs/min".
    const nineColumns = { width: (1904 - 8 * 8) / 9, height: (1040 - 6 * 8) / 7 };
    expect(valueFontOf(tileOf(layout))).toBeGreaterThan(valueFontOf(nineColumns));
    expect(layout.columns).toBeLessThan(9);
  });
});
