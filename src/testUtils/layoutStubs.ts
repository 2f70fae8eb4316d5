/**
 * jsdom has no canvas drawing, no Path2D and no ResizeObserver; uPlot (behind @grafana/ui Sparkline) draws on the
 * first two and @grafana/ui's Drawer title (TruncatedText) observes its size with the third.
 * This installs inert stand-ins so these components mount and their DOM can be asserted; nothing is drawn or
 * measured, which is all jsdom's layout-less DOM could report anyway. Returns a function restoring the originals.
 */
export function installLayoutStubs(): () => void {
  const originalResizeObserver = (globalThis as { ResizeObserver?: unknown }).ResizeObserver;
  class InertResizeObserver {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  if (!originalResizeObserver) {
    Object.defineProperty(globalThis, 'ResizeObserver', {
      configurable: true,
      writable: true,
      value: InertResizeObserver,
    });
  }
  const originalGetContext = HTMLCanvasElement.prototype.getContext;
  const originalPath2D = (globalThis as { Path2D?: unknown }).Path2D;
  const context = new Proxy({} as Record<string | symbol, unknown>, {
    get: (target, key) => (key in target ? target[key] : (target[key] = () => ({ width: 0 }))),
    set: (target, key, value) => {
      target[key] = value;
      return true;
    },
  });
  HTMLCanvasElement.prototype.getContext = (() => context) as unknown as typeof originalGetContext;
  class InertPath2D {
    moveTo() {}
    lineTo() {}
    bezierCurveTo() {}
    quadraticCurveTo() {}
    rect() {}
    arc() {}
    closePath() {}
    addPath() {}
  }
  Object.defineProperty(globalThis, 'Path2D', { configurable: true, writable: true, value: InertPath2D });
  return () => {
    HTMLCanvasElement.prototype.getContext = originalGetContext;
    Object.defineProperty(globalThis, 'Path2D', { configurable: true, writable: true, value: originalPath2D });
    Object.defineProperty(globalThis, 'ResizeObserver', {
      configurable: true,
      writable: true,
      value: originalResizeObserver,
    });
  };
}

/** installLayoutStubs around the calling suite (before its first test, restored after its last). */
export function withLayoutStubs(): void {
  let restore: (() => void) | undefined;
  beforeAll(() => {
    restore = installLayoutStubs();
  });
  afterAll(() => restore?.());
}
