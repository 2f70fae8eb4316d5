// Sizes the text of the tiles to the tile, the way Grafana's stat panel (BigValue) sizes its value: measure the text,
// then take the largest font at which it fits the width it has, and never more than the height allows. All tiles of
// a board share one size per kind of text, fitted to the widest text on the board (as the stat panel aligns several
// values), so the numbers line up from tile to tile and none is ever cut off.
import type { FormattedValue } from '@grafana/data';
import { BORDER_WIDTH, LINE_HEIGHT, scaled, tileFrame, type TileFrame } from '../../components/Board/tileFrame';
import { clamp, largestFitting, sizeForWidth, widestPerPx, type MeasureText } from '../../utils/fitText';
import type { TileContent } from './tileContent';

export interface FontWeights {
  value: number;
  title: number;
  label: number;
  /** Badges are all measured at this weight (the paused badge is bold, so measure bold). */
  badge: number;
}

export interface TileLayout extends TileFrame {
  fonts: {
    value: number;
    /** The unit after a number ("jobs/min", "mins", "K"), drawn smaller as the stat panel draws it. */
    unit: number;
    title: number;
    label: number;
    badge: number;
    details: number;
  };
  /** The details line is asked for, has room under the numbers and fits whole in every tile. */
  showDetails: boolean;
  /** Between the two columns of numbers, and between a name and its badges. */
  gap: number;
  /** Below the header, and between the two rows of numbers. */
  rowGap: number;
  headerHeight: number;
  badgePaddingX: number;
}

/** The unit after a number is drawn at this share of the number's size. */
export const UNIT_SCALE = 0.7;

// Room left on every line for rounding between canvas measurement and the page's layout (the stat panel keeps 2 px).
const SLACK_PX = 2;
const MAX_VALUE = 120;
const TITLE = { ratio: 0.55, min: 11, max: 40 };
const LABEL = { ratio: 0.34, min: 10, max: 28 };
// Smaller than this the details line is not worth showing.
const MIN_DETAILS = 10;
// The details line may take room from the numbers only down to this share of their size.
const DETAILS_MAX_COST = 0.85;
const BADGE_PADDING_RATIO = 0.4;
const FRAME = {
  paddingX: { ratio: 0.04, min: 6, max: 20 },
  paddingY: { ratio: 0.04, min: 4, max: 16 },
  accent: { ratio: 0.015, min: 4, max: 8 },
};
const GAP = { ratio: 0.03, min: 6, max: 16 };

/** The board's text measured once, per px of font size: what tileLayout fits to a tile of any size. */
export interface TextMeasures {
  /** The widest number on the board, its unit at UNIT_SCALE. */
  value: number;
  /** The widest metric label. */
  label: number;
  /** Per tile: its name and its badges' text (badges also take padding and borders, added by size). */
  headers: Array<{ name: number; badges: number; badgeCount: number }>;
  /** The widest details line. */
  details: number;
}

/** Measures every text of the board once (at a reference size: widths grow linearly with the font size). */
export function measureTexts(contents: TileContent[], measure: MeasureText, weights: FontWeights): TextMeasures {
  const perPx = (text: string, weight: number) => widestPerPx([text], measure, weight);
  const valueWidth = (value: FormattedValue) =>
    perPx(`${value.prefix ?? ''}${value.text}`, weights.value) + UNIT_SCALE * perPx(value.suffix ?? '', weights.value);
  const widest = (widths: number[]) => Math.max(0, ...widths);
  const metrics = contents.flatMap((content) => content.metrics);
  // A tile without data draws "no data" at the numbers' size: measured as one of them, so it fits as they do.
  const noData = contents.flatMap((content) => (content.noData ? [content.noData.text] : []));
  return {
    value: widest([
      ...metrics.map((metric) => valueWidth(metric.value)),
      ...noData.map((text) => perPx(text, weights.value)),
    ]),
    label: widestPerPx(
      metrics.map((metric) => metric.label),
      measure,
      weights.label
    ),
    headers: contents.map((content) => ({
      name: perPx(content.queue, weights.title),
      badges: content.badges.reduce((sum, badge) => sum + perPx(badge.text.toUpperCase(), weights.badge), 0),
      badgeCount: content.badges.length,
    })),
    details: widestPerPx(
      contents.map((content) => content.details),
      measure,
      weights.label
    ),
  };
}

/**
 * Fonts and spacing for a tile of `tile` size, for text measured by measureTexts. Text that cannot fit at any size
 * is only ever a queue name, cut with an ellipsis below the smallest title size (the tile's tooltip has it whole).
 */
export function tileLayout(
  tile: { width: number; height: number },
  text: TextMeasures,
  showDetails: boolean
): TileLayout {
  const frame = tileFrame(tile, FRAME);
  const gap = scaled(tile.width, GAP);
  const rowGap = Math.round(gap / 2);
  const { width: innerWidth, height: innerHeight } = frame.inner;
  const lineWidth = innerWidth - SLACK_PX;
  const cellWidth = (innerWidth - gap) / 2 - SLACK_PX;

  const labelByWidth = sizeForWidth(cellWidth, text.label);
  const badgePaddingFor = (badge: number) => Math.round(badge * BADGE_PADDING_RATIO);
  // The longest name with its badges sets the title size, between the title's bounds.
  const titleFor = (value: number, badge: number) => {
    const nominal = clamp(value * TITLE.ratio, TITLE.min, TITLE.max);
    const perBadge = gap + 2 * badgePaddingFor(badge) + 2 * BORDER_WIDTH;
    const fits = text.headers.map((header) =>
      sizeForWidth(lineWidth - header.badges * badge - header.badgeCount * perBadge, header.name)
    );
    return Math.max(TITLE.min, Math.min(nominal, ...fits));
  };
  const headerHeightFor = (title: number, badge: number) =>
    Math.max(title * LINE_HEIGHT, badge * LINE_HEIGHT + 2 * BORDER_WIDTH);
  const fontsFor = (value: number) => {
    const label = Math.floor(Math.min(clamp(value * LABEL.ratio, LABEL.min, LABEL.max), labelByWidth));
    const title = Math.floor(titleFor(value, label));
    return { value, unit: value * UNIT_SCALE, title, label, badge: label };
  };
  // Header, then two rows of a number over its label.
  const heightOf = (fonts: ReturnType<typeof fontsFor>) =>
    headerHeightFor(fonts.title, fonts.badge) + 2 * rowGap + 2 * (fonts.value + fonts.label) * LINE_HEIGHT;

  // The widest number fills its cell; then the largest size whose rows (and `extra` height) fit the tile.
  const largestValue = (extra: number) =>
    largestFitting(
      Math.min(MAX_VALUE, sizeForWidth(cellWidth, text.value)),
      (value) => heightOf(fontsFor(value)) + extra <= innerHeight
    );
  let fonts = fontsFor(largestValue(0));

  // The details line, whole, at the labels' size or smaller; shown when it costs the numbers little of their size.
  const detailsFont = (labelFont: number) => Math.floor(Math.min(labelFont, sizeForWidth(lineWidth, text.details)));
  let details = detailsFont(fonts.label);
  let detailsFit = false;
  if (showDetails && details >= MIN_DETAILS) {
    const withDetails = fontsFor(largestValue(details * LINE_HEIGHT));
    if (withDetails.value >= fonts.value * DETAILS_MAX_COST) {
      fonts = withDetails;
      details = detailsFont(fonts.label);
      detailsFit = details >= MIN_DETAILS && heightOf(fonts) + details * LINE_HEIGHT <= innerHeight;
    }
  }

  return {
    ...frame,
    fonts: { ...fonts, details },
    showDetails: detailsFit,
    gap,
    rowGap,
    headerHeight: headerHeightFor(fonts.title, fonts.badge),
    badgePaddingX: badgePaddingFor(fonts.badge),
  };
}
