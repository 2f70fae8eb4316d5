// Fitting text to a box the way Grafana's stat panel (BigValue) does: text is measured once at a reference size
// (glyph widths grow linearly with the font size), then each kind of text gets the largest size at which its widest
// instance fits the width it has, and the sizes together fit the height. Shared by the wall-screen boards.

/** Width (px) of `text` at `fontSize` px and `fontWeight`; panels pass @grafana/ui's measureText. */
export type MeasureText = (text: string, fontSize: number, fontWeight: number) => number;

/** Text is measured at this size and scaled. */
const REFERENCE_SIZE = 100;

/** The widest of `texts` per px of font size (0 for none). */
export function widestPerPx(texts: readonly string[], measure: MeasureText, weight: number): number {
  return Math.max(0, ...texts.map((text) => measure(text, REFERENCE_SIZE, weight) / REFERENCE_SIZE));
}

/** The largest font size at which text `widthPerPx` wide per px fits `room` px (Infinity for no text). */
export function sizeForWidth(room: number, widthPerPx: number): number {
  return widthPerPx > 0 ? Math.max(0, room) / widthPerPx : Infinity;
}

export const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** The largest whole size in 1..max for which `fits` holds (fits is monotonic: true up to some size); 1 if none. */
export function largestFitting(max: number, fits: (size: number) => boolean): number {
  let low = 1;
  let high = Math.max(1, Math.floor(max));
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) {
      low = middle;
    } else {
      high = middle - 1;
    }
  }
  return low;
}
