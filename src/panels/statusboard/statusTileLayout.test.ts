import { gridLayout } from '../../components/Board/gridLayout';
import { LINE_HEIGHT } from '../../components/Board/tileFrame';
import { fakeTextWidth } from '../../testUtils/textMetrics';
import { measureStatusTexts, statusTileLayout, type StatusTileText } from './statusTileLayout';

const WEIGHTS = { label: 500, state: 700, detail: 400 };
const measure = (text: string, size: number) => fakeTextWidth(text, size);
const LONG_CAUSE = '421 4.7.0 Too many connections from 127.0.0.1, try again later (5 of the last 5 checks)';

const tiles = (count: number, cause = LONG_CAUSE): StatusTileText[] =>
  Array.from({ length: count }, (_, i) => ({
    label: ['SMTP', 'API', 'PostgreSQL', 'Redis', 'Workers', 'Platform webhooks'][i % 6],
    state: i === 0 ? 'Degraded' : 'Operational',
    detail: '4.20 s · for 1 h 12 min',
    cause: i === 0 ? cause : '',
  }));

describe('statusTileLayout', () => {
  const boards = [
    { width: 1904, height: 1040, count: 5 },
    { width: 1264, height: 680, count: 5 },
    { width: 1904, height: 1040, count: 12 },
    { width: 1264, height: 680, count: 12 },
    { width: 600, height: 300, count: 5 },
    // The operations overview's strip: 24 columns wide, 7 rows high.
    { width: 1904, height: 190, count: 5 },
  ];
  it.each(boards)('fits every line of $count tiles in $width x $height', ({ width, height, count }) => {
    const contents = tiles(count);
    const text = measureStatusTexts(contents, measure, WEIGHTS);
    const grid = gridLayout(count, width, height, (size) => statusTileLayout(size, text, true).fonts.state);
    const tile = { width: grid.tileWidth, height: grid.tileHeight };
    const layout = statusTileLayout(tile, text, true);
    // What the tile's frame leaves its text (tileFrame.test.ts checks it against the drawn box).
    const inner = layout.inner;
    for (const content of contents) {
      expect(measure(content.state, layout.fonts.state)).toBeLessThanOrEqual(inner.width);
      expect(measure('Operational', layout.fonts.state)).toBeLessThanOrEqual(inner.width);
      expect(measure(content.detail, layout.fonts.detail)).toBeLessThanOrEqual(inner.width);
    }
    if (layout.causeLines > 0) {
      // The cause wraps into the lines reserved for it.
      expect(measure(LONG_CAUSE, layout.fonts.cause)).toBeLessThanOrEqual(layout.causeLines * inner.width);
    }
    const used =
      (layout.fonts.label + layout.fonts.state + layout.fonts.detail) * LINE_HEIGHT +
      2 * layout.gap +
      (layout.causeLines > 0 ? layout.gap + layout.causeLines * layout.fonts.cause * LINE_HEIGHT : 0);
    expect(used).toBeLessThanOrEqual(inner.height);
    expect(layout.fonts.state).toBeGreaterThanOrEqual(12);
  });

  it('sizes the state word for the longest state, so a change of state does not resize the board', () => {
    const tile = { width: 360, height: 300 };
    const allDown = tiles(5).map((content) => ({ ...content, state: 'Down', cause: '' }));
    const mixed = tiles(5).map((content) => ({ ...content, cause: '' }));
    expect(statusTileLayout(tile, measureStatusTexts(allDown, measure, WEIGHTS), true).fonts).toEqual(
      statusTileLayout(tile, measureStatusTexts(mixed, measure, WEIGHTS), true).fonts
    );
  });

  it('makes room for the cause when asked and when a tile has one, at a readable size', () => {
    const tile = { width: 600, height: 400 };
    const text = measureStatusTexts(tiles(5), measure, WEIGHTS);
    const withCause = statusTileLayout(tile, text, true);
    const without = statusTileLayout(tile, text, false);
    expect(withCause.causeLines).toBeGreaterThan(0);
    expect(withCause.fonts.cause).toBeGreaterThanOrEqual(10);
    expect(without.causeLines).toBe(0);
    expect(withCause.fonts.state).toBeLessThanOrEqual(without.fonts.state);
    const calm = statusTileLayout(tile, measureStatusTexts(tiles(5, ''), measure, WEIGHTS), true);
    expect(calm.causeLines).toBe(0);
    expect(calm.fonts.state).toBe(without.fonts.state);
  });

  it('leaves the cause out of a tile too small for it rather than shrink the state unreadably', () => {
    const tile = { width: 220, height: 90 };
    const layout = statusTileLayout(tile, measureStatusTexts(tiles(1), measure, WEIGHTS), true);
    expect(layout.causeLines).toBe(0);
  });
});
