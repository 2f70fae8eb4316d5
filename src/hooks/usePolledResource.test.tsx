import { act, renderHook, waitFor } from '@testing-library/react';
import { deferred, type Deferred } from '../testUtils/deferred';
import { usePolledResource } from './usePolledResource';

/** A load whose every call waits for the test to answer it. */
function heldLoads() {
  const calls: Array<Deferred<string>> = [];
  const load = jest.fn(() => {
    const call = deferred<string>();
    calls.push(call);
    return call.promise;
  });
  return { load, calls };
}

describe('usePolledResource', () => {
  it('shows the answer to a refresh even when the poll before it answers later', async () => {
    const { load, calls } = heldLoads();
    const { result } = renderHook(() => usePolledResource(load, 60_000, 'email-sending'));
    await waitFor(() => expect(calls).toHaveLength(1));
    // An action's refresh while the regular poll is still in flight.
    act(() => void result.current.refresh());
    expect(calls).toHaveLength(2);

    await act(async () => calls[1].resolve('paused'));
    expect(result.current.data).toBe('paused');
    await act(async () => calls[0].resolve('running'));
    expect(result.current.data).toBe('paused');
  });

  it('drops an answer for the previous key', async () => {
    const { load, calls } = heldLoads();
    const { result, rerender } = renderHook(({ page }) => usePolledResource(load, 60_000, page), {
      initialProps: { page: 2 },
    });
    await waitFor(() => expect(calls).toHaveLength(1));
    rerender({ page: 3 });
    await waitFor(() => expect(calls).toHaveLength(2));

    await act(async () => calls[1].resolve('page 3'));
    await act(async () => calls[0].resolve('page 2'));
    expect(result.current.data).toBe('page 3');
  });

  it('keeps the last good answer, marked stale, when the latest request fails', async () => {
    const { load, calls } = heldLoads();
    const { result } = renderHook(() => usePolledResource(load, 60_000, 'email-sending'));
    await waitFor(() => expect(calls).toHaveLength(1));
    await act(async () => calls[0].resolve('running'));
    act(() => void result.current.refresh());
    await act(async () => calls[1].reject(new Error('service unavailable')));
    expect(result.current).toMatchObject({ data: 'running', stale: true });
  });
});
