/**
 * Whether the text of a wall-screen board (queue board, status board) fits its tiles, read from the page: every
 * text element of every tile no wider (and, when it wraps, no taller) than its element, and its text (a Range over
 * it, what is actually drawn) inside its element's parent (what clips it) and inside the tile's border.
 */
import type { Page } from '@playwright/test';

export interface BoardFit<K extends string> {
  tiles: number;
  columns: number;
  tileSize: string;
  /** Font size (px) of the first element of each kind; null when the board shows none. */
  fonts: Record<K, number | null>;
  problems: string[];
}

/** The elements whose test id starts with `data-testid <board>-<kind>-` (testIds' tile parts). */
export const boardPart = (board: string, kind: string) => `[data-testid^="data-testid ${board}-${kind}-"]`;

/** `texts`: the kinds of text checked in every tile; `fonts`: CSS selectors of the elements whose font to report. */
export function boardFit<K extends string>(
  page: Page,
  board: { name: string; texts: string[]; fonts: Record<K, string> }
): Promise<BoardFit<K>> {
  const selectors = {
    prefix: `data-testid ${board.name}-`,
    tile: boardPart(board.name, 'tile'),
    texts: board.texts.map((kind) => boardPart(board.name, kind)).join(', '),
    fonts: board.fonts as Record<string, string>,
  };
  return page.evaluate(({ prefix, tile: tileSelector, texts, fonts }) => {
    const problems: string[] = [];
    const tiles = [...document.querySelectorAll<HTMLElement>(tileSelector)];
    const px = (value: string) => parseFloat(value) || 0;
    type Box = { left: number; right: number; top: number; bottom: number };
    const inside = (inner: Box, outer: Box) =>
      inner.left >= outer.left - 0.5 &&
      inner.right <= outer.right + 0.5 &&
      inner.top >= outer.top - 0.5 &&
      inner.bottom <= outer.bottom + 0.5;
    const describe = (r: Box) =>
      `[${r.left.toFixed(1)}..${r.right.toFixed(1)} x ${r.top.toFixed(1)}..${r.bottom.toFixed(1)}]`;
    for (const tile of tiles) {
      const box = tile.getBoundingClientRect();
      const style = getComputedStyle(tile);
      const tileInner = {
        left: box.left + px(style.borderLeftWidth),
        right: box.right - px(style.borderRightWidth),
        top: box.top + px(style.borderTopWidth),
        bottom: box.bottom - px(style.borderBottomWidth),
      };
      for (const element of tile.querySelectorAll<HTMLElement>(texts)) {
        const name = `${element.dataset.testid?.replace(prefix, '')} "${element.textContent}"`;
        if (element.scrollWidth > element.clientWidth) {
          problems.push(`${name}: scrollWidth ${element.scrollWidth} > clientWidth ${element.clientWidth}`);
        }
        if (element.scrollHeight > element.clientHeight + 1) {
          problems.push(`${name}: scrollHeight ${element.scrollHeight} > clientHeight ${element.clientHeight}`);
        }
        const range = document.createRange();
        range.selectNodeContents(element);
        const drawn = range.getBoundingClientRect();
        const own = element.getBoundingClientRect();
        const clip = element.parentElement!.getBoundingClientRect();
        if (!inside(own, tileInner)) {
          problems.push(`${name}: element ${describe(own)} outside its tile ${describe(tileInner)}`);
        }
        if (!inside(drawn, tileInner)) {
          problems.push(`${name}: text ${describe(drawn)} outside its tile ${describe(tileInner)}`);
        }
        if (!inside(drawn, clip)) {
          problems.push(`${name}: text ${describe(drawn)} cut by its box ${describe(clip)}`);
        }
      }
    }
    const fontOf = (selector: string) => {
      const element = document.querySelector<HTMLElement>(selector);
      return element ? px(getComputedStyle(element).fontSize) : null;
    };
    const first = tiles[0]?.getBoundingClientRect();
    return {
      tiles: tiles.length,
      columns: Number(document.querySelector('[data-columns]')?.getAttribute('data-columns')),
      tileSize: first ? `${first.width.toFixed(0)}x${first.height.toFixed(0)}` : '',
      fonts: Object.fromEntries(Object.entries(fonts).map(([kind, selector]) => [kind, fontOf(selector)])) as Record<
        K,
        number | null
      >,
      problems,
    };
  }, selectors);
}
