import { fireEvent } from '@testing-library/react';

/**
 * The two clicks of a double click, dispatched before React has re-rendered in between (a fast double click, a
 * bouncing mouse button or touch screen, or a second Enter): whatever the first click disables cannot stop the
 * second yet, so only a guard set synchronously by the first one can.
 */
export function doubleClickBeforeRender(element: Element): void {
  fireEvent.click(element);
  fireEvent.click(element);
}
