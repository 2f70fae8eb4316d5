/**
 * jsdom lays nothing out, so a virtualised list would measure a 0 px viewport and 0 px rows (and render every
 * row). This gives the list's scroll element (role=list) a viewport and each measured row (data-index) a height,
 * as a browser would, so tests see what a browser renders. Returns a function restoring the originals.
 */
export function installVirtualLayout({ viewportPx = 600, rowPx = 24 } = {}): () => void {
  const proto = HTMLElement.prototype;
  const originals = {
    clientHeight: Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight'),
    clientWidth: Object.getOwnPropertyDescriptor(Element.prototype, 'clientWidth'),
    scrollHeight: Object.getOwnPropertyDescriptor(Element.prototype, 'scrollHeight'),
    offsetHeight: Object.getOwnPropertyDescriptor(proto, 'offsetHeight'),
  };
  const originalScrollTo = Element.prototype.scrollTo;
  // jsdom has no element scrolling: scrollTo sets scrollTop and fires the scroll event as a browser would.
  Element.prototype.scrollTo = function (this: Element, options?: ScrollToOptions | number, y?: number) {
    const top = typeof options === 'number' ? y : options?.top;
    if (top !== undefined) {
      this.scrollTop = top;
      this.dispatchEvent(new Event('scroll'));
    }
  } as typeof Element.prototype.scrollTo;
  const isViewport = (el: Element) => el.getAttribute('role') === 'list';
  Object.defineProperty(Element.prototype, 'clientHeight', {
    configurable: true,
    get(this: Element) {
      return isViewport(this) ? viewportPx : 0;
    },
  });
  Object.defineProperty(Element.prototype, 'clientWidth', {
    configurable: true,
    get(this: Element) {
      return isViewport(this) ? 1000 : 0;
    },
  });
  // The content height is what the list sets on its inner spacer (the virtualiser's total size).
  Object.defineProperty(Element.prototype, 'scrollHeight', {
    configurable: true,
    get(this: Element) {
      return isViewport(this) ? parseFloat((this.firstElementChild as HTMLElement | null)?.style.height ?? '') || 0 : 0;
    },
  });
  Object.defineProperty(proto, 'offsetHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.hasAttribute('data-index') ? rowPx : 0;
    },
  });
  return () => {
    Element.prototype.scrollTo = originalScrollTo;
    for (const [name, descriptor] of Object.entries(originals)) {
      if (descriptor) {
        Object.defineProperty(name === 'offsetHeight' ? proto : Element.prototype, name, descriptor);
      }
    }
  };
}
