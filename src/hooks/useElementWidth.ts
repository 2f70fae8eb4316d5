import { useEffect, useRef, useState } from 'react';

/**
 * The width of an element, following resizes: for charts that draw at a pixel width (Sparkline). jsdom and a hidden
 * tab measure 0; the last width (first: `fallback`) is kept then.
 */
export function useElementWidth<T extends HTMLElement>(fallback = 600): [React.RefObject<T>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) {
      return;
    }
    const measure = () => {
      const measured = Math.floor(element.getBoundingClientRect().width);
      if (measured > 0) {
        setWidth(measured);
      }
    };
    measure();
    const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(measure);
    observer?.observe(element);
    return () => observer?.disconnect();
  }, []);
  return [ref, width];
}
