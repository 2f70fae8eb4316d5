// The values a query editor's picker offers from the service (the services it has logged, the probed services),
// asked for through the data source's variable query the first time the picker opens.
import { useState } from 'react';
import type { VariableKind } from '../../types';

export type LoadValues = (variable: VariableKind) => Promise<string[]>;

interface VariableValues {
  values: string[];
  loading: boolean;
  loaded: boolean;
  /** Why the values could not be listed ("Could not list services: …"). */
  error?: string;
}

/**
 * The values of the `variable` query, loaded once by `load` (a picker's onOpenMenu); `what` names them in the
 * error. Without `loadValues` (no data source to ask) there are none.
 */
export function useVariableValues(loadValues: LoadValues | undefined, variable: VariableKind, what: string) {
  const [state, setState] = useState<VariableValues>({ values: [], loading: false, loaded: false });
  const load = () => {
    if (!loadValues || state.loading || state.loaded) {
      return;
    }
    setState((previous) => ({ ...previous, loading: true }));
    loadValues(variable).then(
      (values) => setState({ values, loading: false, loaded: true }),
      (error: unknown) =>
        setState({
          values: [],
          loading: false,
          loaded: true,
          error: `Could not list ${what}: ${error instanceof Error ? error.message : String(error)}`,
        })
    );
  };
  return { ...state, load };
}

/** The known values plus those the query already holds (one that has gone quiet stays shown), not variables. */
export function withHeldValues(known: readonly string[], held: readonly string[]): string[] {
  return [...new Set([...known, ...held.filter((value) => value !== '' && !value.startsWith('$'))])];
}
