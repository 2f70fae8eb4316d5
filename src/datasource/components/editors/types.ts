import type { SysmonDataQuery } from '../../types';

/** What each per-type editor gets from QueryEditor. */
export interface TypeEditorProps {
  query: SysmonDataQuery;
  /** Stores the query without running it (typing). */
  onChange: (query: SysmonDataQuery) => void;
  onRunQuery: () => void;
  /** `$name` of each dashboard variable, offered in the queue and tier inputs. */
  variableNames: string[];
}

export const LABEL_WIDTH = 14;
