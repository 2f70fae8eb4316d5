// Sizes the text of the status tiles to the tile, the way the queue board does (tileLayout.ts there) and Grafana's
// stat panel does: measure the text, take the largest state word that fits the tile's width, and shrink everything
// together until the lines fit its height. All tiles share one size per kind of text, fitted to the widest text the
// board can show, so tiles line up and keep their sizes while states change; no text is ever cut.
import { SERVICE_STATE_LABELS } from '@penguinmails/sysmon-contract';
import { LINE_HEIGHT, scaled, tileFrame, type TileFrame } from '../../components/Board/tileFrame';
import { clamp, largestFitting, sizeForWidth, widestPerPx, type MeasureText } from '../../utils/fitText';

/** What one tile says. */
export interface StatusTileText {
  label: string;
  /** The state's word. */
  state: string;
  /** "4.20 s · for 4 min". */
  detail: string;
  /** Why it is not operational; '' when operational. */
  cause: string;
}

export interface StatusFontWeights {
  label: number;
  state: number;
  detail: number;
}

/** The board's text measured once, per px of font size. */
export interface StatusTextMeasures {
  label: number;
  state: number;
  detail: number;
  /** The longest cause, as one line (it wraps); 0 when no tile has one. */
  cause: number;
}

export interface StatusTileLayout extends TileFrame {
  fonts: { label: number; state: number; detail: number; cause: number };
  /** Lines reserved for the cause (it wraps within them); 0 when causes are not shown. */
  causeLines: number;
  /** Between the lines of the tile. */
  gap: number;
}

const MAX_STATE = 160;
const LABEL = { ratio: 0.42, min: 11, max: 48 };
const DETAIL = { ratio: 0.3, min: 10, max: 32 };
const MIN_CAUSE = 10;
const MAX_CAUSE_LINES = 3;
/** The cause may take room from the state word only down to this share of its size. */
const CAUSE_MAX_COST = 0.6;
// Room kept on every line for rounding between canvas measurement and the page's layout (the stat panel keeps 2 px).
const SLACK_PX = 2;
// A wide detail line a tile may show, so the layout does not change with the numbers.
const WIDEST_DETAIL = '9.99 mins · for 23 h 59 min';
const FRAME = {
  paddingX: { ratio: 0.05, min: 6, max: 24 },
  paddingY: { ratio: 0.05, min: 4, max: 20 },
  accent: { ratio: 0.02, min: 4, max: 10 },
};
const GAP = { ratio: 0.03, min: 2, max: 12 };

/** Measures the board's text (every state word, so a change of state never resizes the board). */
export function measureStatusTexts(
  tiles: readonly StatusTileText[],
  measure: MeasureText,
  weights: StatusFontWeights
): StatusTextMeasures {
  return {
    label: widestPerPx(
      tiles.map((tile) => tile.label),
      measure,
      weights.label
    ),
    state: widestPerPx(Object.values(SERVICE_STATE_LABELS), measure, weights.state),
    detail: widestPerPx([WIDEST_DETAIL, ...tiles.map((tile) => tile.detail)], measure, weights.detail),
    cause: widestPerPx(tiles.map((tile) => tile.cause).filter(Boolean), measure, weights.detail),
  };
}

/** Fonts and spacing for a tile of `tile` size, for text measured by measureStatusTexts. */
export function statusTileLayout(
  tile: { width: number; height: number },
  text: StatusTextMeasures,
  showCause: boolean
): StatusTileLayout {
  const frame = tileFrame(tile, FRAME);
  const gap = scaled(tile.height, GAP);
  const lineWidth = frame.inner.width - SLACK_PX;
  const innerHeight = frame.inner.height;

  const fontsFor = (state: number) => {
    const label = Math.floor(
      Math.max(
        LABEL.min,
        Math.min(clamp(state * LABEL.ratio, LABEL.min, LABEL.max), sizeForWidth(lineWidth, text.label))
      )
    );
    const detail = Math.max(
      1,
      Math.floor(Math.min(clamp(state * DETAIL.ratio, DETAIL.min, DETAIL.max), sizeForWidth(lineWidth, text.detail)))
    );
    return { label, state, detail, cause: detail };
  };
  const causeLinesFor = (font: number) =>
    text.cause > 0 && lineWidth > 0 ? Math.ceil((text.cause * font) / lineWidth) : 0;
  const heightOf = (fonts: ReturnType<typeof fontsFor>, causeLines: number) =>
    (fonts.label + fonts.state + fonts.detail) * LINE_HEIGHT +
    2 * gap +
    (causeLines > 0 ? gap + causeLines * fonts.cause * LINE_HEIGHT : 0);
  const maxState = Math.min(MAX_STATE, sizeForWidth(lineWidth, text.state));

  const withoutCause = largestFitting(maxState, (state) => heightOf(fontsFor(state), 0) <= innerHeight);
  let fonts = fontsFor(withoutCause);
  let causeLines = 0;
  if (showCause && text.cause > 0) {
    const fitsWithCause = (state: number) => {
      const candidate = fontsFor(state);
      const lines = causeLinesFor(candidate.cause);
      return lines <= MAX_CAUSE_LINES && heightOf(candidate, lines) <= innerHeight;
    };
    const withCause = largestFitting(maxState, fitsWithCause);
    const candidate = fontsFor(withCause);
    if (fitsWithCause(withCause) && candidate.cause >= MIN_CAUSE && withCause >= withoutCause * CAUSE_MAX_COST) {
      fonts = candidate;
      causeLines = causeLinesFor(candidate.cause);
    }
  }
  return { ...frame, fonts, causeLines, gap };
}
