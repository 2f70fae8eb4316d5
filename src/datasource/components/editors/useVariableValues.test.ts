import { act, renderHook, waitFor } from '@testing-library/react';
import { useVariableValues, withHeldValues } from './useVariableValues';

describe('useVariableValues', () => {
  it('loads the variable query once, when first asked', async () => {
    const loadValues = jest.fn().mockResolvedValue(['smtp', 'api']);
    const { result } = renderHook(() => useVariableValues(loadValues, 'infra_service', 'services'));
    expect(result.current).toMatchObject({ values: [], loading: false, loaded: false });
    expect(loadValues).not.toHaveBeenCalled();

    act(() => result.current.load());
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current).toMatchObject({ values: ['smtp', 'api'], loaded: true }));
    act(() => result.current.load());
    expect(loadValues).toHaveBeenCalledTimes(1);
    expect(loadValues).toHaveBeenCalledWith('infra_service');
  });

  it('says why the values could not be listed', async () => {
    const loadValues = jest.fn().mockRejectedValue(new Error('HTTP 502'));
    const { result } = renderHook(() => useVariableValues(loadValues, 'service', 'services'));
    act(() => result.current.load());
    await waitFor(() => expect(result.current.error).toBe('Could not list services: HTTP 502'));
    expect(result.current).toMatchObject({ values: [], loading: false, loaded: true });
  });

  it('has nothing to load without a data source to ask', () => {
    const { result } = renderHook(() => useVariableValues(undefined, 'service', 'services'));
    act(() => result.current.load());
    expect(result.current).toMatchObject({ values: [], loading: false, loaded: false });
  });
});

describe('withHeldValues', () => {
  it('keeps the values the query holds, once, and leaves variables and "every" out', () => {
    expect(withHeldValues(['smtp', 'api'], ['api', 'old', '$service', ''])).toEqual(['smtp', 'api', 'old']);
  });
});
