import { useCallback, useEffect, useRef, useState } from 'react';
import type { SysmonClient } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { CONTEXT_SIZE, contextRequest, readLogPage, resultOf, type ContextDirection, type LogRow } from './logsModel';
import { compareIds } from './tailBuffer';

interface DirectionState {
  loading: boolean;
  error?: string;
  /** Fewer lines than asked came back: nothing further that way (for now: later lines may still arrive). */
  exhausted: boolean;
}

export interface LogContext {
  /** Oldest first (reads like the log file), the selected line among them when known. */
  rows: LogRow[];
  backward: DirectionState;
  forward: DirectionState;
  loadMore: (direction: ContextDirection) => Promise<void>;
}

const idle: DirectionState = { loading: false, exhausted: false };

function merge(current: LogRow[], incoming: LogRow[]): LogRow[] {
  const byId = new Map(current.map((row) => [row.id, row]));
  for (const row of incoming) {
    byId.set(row.id, row);
  }
  return Array.from(byId.values()).sort((a, b) => compareIds(a.id, b.id));
}

/**
 * The lines of the same service around one line (log_context), loaded further back or forward from the oldest /
 * newest line shown. Each direction has its own loading and error state, so one failing never blanks the other.
 */
export function useLogContext(client: SysmonClient, lineId: string, line?: LogRow): LogContext {
  const [rows, setRows] = useState<LogRow[]>(line ? [line] : []);
  const [state, setState] = useState<Record<ContextDirection, DirectionState>>({ backward: idle, forward: idle });
  const rowsRef = useRef(rows);
  rowsRef.current = rows;

  const load = useCallback(
    async (direction: ContextDirection, fromId: string, isCurrent: () => boolean) => {
      setState((previous) => ({
        ...previous,
        [direction]: { ...previous[direction], loading: true, error: undefined },
      }));
      try {
        const request = contextRequest(fromId, direction);
        const response = await client.query(request);
        if (!isCurrent()) {
          return;
        }
        const result = resultOf(response, request.queries[0].refId);
        if (result.error) {
          throw new Error(result.error);
        }
        const page = readLogPage(result.frames);
        setRows((previous) => merge(previous, page.rows));
        setState((previous) => ({
          ...previous,
          [direction]: { loading: false, exhausted: page.rows.length < CONTEXT_SIZE },
        }));
      } catch (err) {
        if (isCurrent()) {
          setState((previous) => ({
            ...previous,
            [direction]: { loading: false, exhausted: false, error: errorMessage(err) },
          }));
        }
      }
    },
    [client]
  );

  useEffect(() => {
    let current = true;
    const isCurrent = () => current;
    setRows(line ? [line] : []);
    setState({ backward: idle, forward: idle });
    void load('backward', lineId, isCurrent);
    void load('forward', lineId, isCurrent);
    return () => {
      current = false;
    };
    // The selected row object may be re-created by the tail; only another line id starts over.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lineId, load]);

  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const loadMore = useCallback(
    async (direction: ContextDirection) => {
      const shown = rowsRef.current;
      const edge = direction === 'backward' ? shown[0]?.id : shown[shown.length - 1]?.id;
      const startId = lineId;
      await load(direction, edge ?? lineId, () => mounted.current && startId === lineId);
    },
    [lineId, load]
  );

  return { rows, backward: state.backward, forward: state.forward, loadMore };
}
