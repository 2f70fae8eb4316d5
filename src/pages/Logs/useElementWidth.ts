import { useEffect, useRef, useState } from 'react';

/** The width of an element, following resizes (the chart draws at a pixel width). */
export function useElementWidth<T extends HTMLElement>(fallback = 800): [React.RefObject<T>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) {
      return;
    }
    const measure = () => {
      const measured = Math.floor(element.getBoundingClientRect().width);
      // jsdom (and a hidden tab) measure 0: keep the last width.
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
