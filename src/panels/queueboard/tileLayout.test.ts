import type { FormattedValue } from '@grafana/data';
import { gridLayout, type GridLayout } from '../../components/Board/gridLayout';
import { LINE_HEIGHT } from '../../components/Board/tileFrame';
import { fakeTextWidth } from '../../testUtils/textMetrics';
import type { TileContent } from './tileContent';
import { measureTexts, tileLayout, UNIT_SCALE, type TileLayout } from './tileLayout';

const WEIGHTS = { value: 500, title: 500, label: 400, badge: 500 };
const measure = (text: string, fontSize: number) => fakeTextWidth(text, fontSize);
/** The layout of tiles showing `contents`, measured with the fake font. */
const fit = (tile: { width: number; height: number }, contents: TileContent[], showDetails = true) =>
  tileLayout(tile, measureTexts(contents, measure, WEIGHTS), showDetails);

const value = (text: string, suffix?: string): FormattedValue => ({ text, suffix });

/** A tile with the widest strings a queue realistically shows. */
function wideTile(queue: string, overrides: Partial<TileContent> = {}): TileContent {
  return {
    queue,
    badges: [{ kind: 'tier', text: 'normal' }],
    level: 'warn',
    metrics: [
      { key: 'depth', label: 'depth', value: value('12.3', ' K'), level: 'crit' },
      { key: 'oldest_wait', label: 'oldest wait', value: value('1.22', ' mins'), level: 'warn' },
      { key: 'failure_rate', label: 'failures', value: value('0.200', '%'), level: 'ok' },
      { key: 'throughput', label: 'throughput', value: value('409', ' jobs/min'), level: 'none' },
    ],
    details: 'active 8 · workers 4 · drains in 1.33 mins',
    ...overrides,
  };
}

/** Width of a number as the tile draws it: the unit at UNIT_SCALE of the number's size. */
const drawnWidth = (formatted: FormattedValue, layout: TileLayout) =>
  measure(`${formatted.prefix ?? ''}${formatted.text}`, layout.fonts.value) +
  measure(formatted.suffix ?? '', layout.fonts.value * UNIT_SCALE);

/** What the tile's frame leaves its text (tileFrame.test.ts checks it against the drawn box). */
function room(layout: TileLayout) {
  const { width: innerWidth, height: innerHeight } = layout.inner;
  return { innerWidth, innerHeight, cellWidth: (innerWidth - layout.gap) / 2 };
}

describe('tileLayout', () => {
  const boards = [
    { width: 1904, height: 1040, count: 5 },
    { width: 1904, height: 1040, count: 20 },
    { width: 1904, height: 1040, count: 60 },
    { width: 1264, height: 680, count: 5 },
    { width: 1264, height: 680, count: 20 },
    { width: 1264, height: 680, count: 60 },
  ];

  it.each(boards)(
    'fits every value, label and line of $count tiles in $width x $height',
    ({ width, height, count }) => {
      const contents = Array.from({ length: count }, (_, i) => wideTile(`email-sending-${i}`));
      const text = measureTexts(contents, measure, WEIGHTS);
      const grid = gridLayout(count, width, height, (size) => tileLayout(size, text, true).fonts.value);
      const tile = { width: grid.tileWidth, height: grid.tileHeight };
      const layout = tileLayout(tile, text, true);
      const { innerWidth, innerHeight, cellWidth } = room(layout);

      for (const metric of contents.flatMap((c) => c.metrics)) {
        expect(drawnWidth(metric.value, layout)).toBeLessThanOrEqual(cellWidth);
        expect(measure(metric.label, layout.fonts.label)).toBeLessThanOrEqual(cellWidth);
      }
      const used =
        layout.headerHeight +
        2 * (layout.fonts.value + layout.fonts.label) * LINE_HEIGHT +
        (layout.showDetails ? layout.fonts.details * LINE_HEIGHT : 0);
      expect(used).toBeLessThanOrEqual(innerHeight);
      if (layout.showDetails) {
        expect(measure(contents[0].details, layout.fonts.details)).toBeLessThanOrEqual(innerWidth);
      }
      expect(layout.fonts.unit).toBeCloseTo(layout.fonts.value * UNIT_SCALE);
      expect(layout.fonts.title).toBeGreaterThanOrEqual(11);
    }
  );

  it('makes the numbers as large as the widest one allows, like the stat panel', () => {
    const tile = { width: 620, height: 500 };
    const short = fit(tile, [wideTile('a', { metrics: wideTile('a').metrics.slice(0, 1) })], true);
    const long = fit(tile, [wideTile('a')], true);
    expect(long.fonts.value).toBeLessThan(short.fonts.value);
    // The widest value ("409 jobs/min") fills its cell to within a pixel of font size.
    const { cellWidth } = room(long);
    expect(drawnWidth(value('409', ' jobs/min'), long)).toBeGreaterThan(cellWidth - 2 * 12 * 0.6 - 4);
  });

  it('shares one size across the board: one long value sizes every tile', () => {
    const tile = { width: 400, height: 300 };
    const calm = wideTile('calm', {
      metrics: wideTile('calm').metrics.map((metric) => ({ ...metric, value: value('0') })),
    });
    const alone = fit(tile, [calm], true);
    const together = fit(tile, [calm, wideTile('busy')], true);
    expect(together.fonts.value).toBeLessThan(alone.fonts.value);
  });

  it('sizes "no data" of a tile without data like a number, so it fits the tile too', () => {
    const tile = { width: 300, height: 300 };
    const noData = wideTile('broken', { metrics: [], details: '', noData: { text: 'no data', reason: 'WRONGTYPE' } });
    const layout = fit(tile, [noData], true);
    const { cellWidth } = room(layout);
    expect(measure('no data', layout.fonts.value)).toBeLessThanOrEqual(cellWidth);
    const calm = wideTile('calm', {
      metrics: wideTile('calm').metrics.map((metric) => ({ ...metric, value: value('0') })),
    });
    expect(fit(tile, [calm, noData], true).fonts.value).toBeLessThan(fit(tile, [calm], true).fonts.value);
  });

  it('limits the numbers by the height of a short, wide tile', () => {
    const tile = { width: 1800, height: 160 };
    const layout = fit(tile, [wideTile('a')], false);
    const { innerHeight } = room(layout);
    expect(
      layout.headerHeight + 2 * layout.rowGap + 2 * (layout.fonts.value + layout.fonts.label) * LINE_HEIGHT
    ).toBeLessThanOrEqual(innerHeight);
    expect(layout.fonts.value).toBeLessThan(60);
  });

  it('shows the details line only when asked, with room, and whole', () => {
    const big = { width: 620, height: 500 };
    expect(fit(big, [wideTile('a')], true).showDetails).toBe(true);
    expect(fit(big, [wideTile('a')], false).showDetails).toBe(false);
    // A 60-queue wall screen: the line would need a font below 10 px.
    const small = { width: 204, height: 141 };
    expect(fit(small, [wideTile('a')], true).showDetails).toBe(false);
  });

  it('shrinks titles for long names and badges, down to a minimum', () => {
    const tile = { width: 400, height: 300 };
    const short = fit(tile, [wideTile('mail')], true);
    const long = fit(
      tile,
      [
        wideTile('analytics-aggregation-eu-west', {
          badges: [
            { kind: 'tier', text: 'normal' },
            { kind: 'paused', text: 'paused' },
          ],
        }),
      ],
      true
    );
    expect(long.fonts.title).toBeLessThan(short.fonts.title);
    const huge = fit(tile, [wideTile('x'.repeat(200))], true);
    expect(huge.fonts.title).toBe(11);
  });
});

describe('gridLayout with the queue tiles', () => {
  const tileOf = (layout: GridLayout) => ({ width: layout.tileWidth, height: layout.tileHeight });

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
