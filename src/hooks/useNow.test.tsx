import { act, renderHook } from '@testing-library/react';
import { useNow } from './useNow';

describe('useNow', () => {
  afterEach(() => jest.useRealTimers());

  it('gives the time and moves it on every interval until unmounted', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const { result, unmount } = renderHook(() => useNow(10_000));
    expect(result.current).toBe(1_000_000);
    act(() => jest.advanceTimersByTime(9_999));
    expect(result.current).toBe(1_000_000);
    act(() => jest.advanceTimersByTime(1));
    expect(result.current).toBe(1_010_000);
    unmount();
    expect(jest.getTimerCount()).toBe(0);
  });
});
