/**
 * jsdom cannot measure text (no canvas). For tests of components that size text to fit (the queue board, through
 * @grafana/ui's measureText), this gives every character the same advance: `CHAR_WIDTH_EM` of the font size, a
 * little wider than Inter's digits. `fakeTextWidth` is the same rule for pure code that takes a measure function.
 */
export const CHAR_WIDTH_EM = 0.6;

export function fakeTextWidth(text: string, fontSize: number): number {
  return text.length * fontSize * CHAR_WIDTH_EM;
}

/** Installs a 2D canvas context whose measureText follows fakeTextWidth; returns a function restoring the original. */
export function installTextMetricsStub(): () => void {
  const originalGetContext = HTMLCanvasElement.prototype.getContext;
  const context = {
    font: '10px sans-serif',
    measureText(text: string) {
      const size = Number(/(\d+(?:\.\d+)?)px/.exec(this.font)?.[1] ?? 10);
      return { width: fakeTextWidth(text, size) };
    },
  };
  HTMLCanvasElement.prototype.getContext = (() => context) as unknown as typeof originalGetContext;
  return () => {
    HTMLCanvasElement.prototype.getContext = originalGetContext;
  };
}
