import type { QueryType, queryDefaults } from '@penguinmails/sysmon-contract';
import type { SysmonDataQuery, VariableKind } from '../../types';

/** What a fresh query of type T holds (the contract's schema defaults). */
export type QueryTypeDefaults<T extends QueryType> = ReturnType<typeof queryDefaults<T>>;

/** What each per-type editor gets from QueryEditor. */
export interface TypeEditorProps<T extends QueryType = QueryType> {
  query: SysmonDataQuery;
  /** Shown for a field the saved query leaves unset (what the service applies then). */
  defaults: QueryTypeDefaults<T>;
  /** Stores the query without running it (typing). */
  onChange: (query: SysmonDataQuery) => void;
  onRunQuery: () => void;
  /** `$name` of each dashboard variable, offered in the queue and tier inputs. */
  variableNames: string[];
  /** The values a `variable` query lists (log services…), for pickers; absent where no data source is at hand. */
  loadValues?: (variable: VariableKind) => Promise<string[]>;
}

export const LABEL_WIDTH = 14;
