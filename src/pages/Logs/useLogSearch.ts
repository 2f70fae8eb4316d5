import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TimeRange } from '@grafana/data';
import type { SysmonClient } from '../../api/client';
import { errorMessage, toServiceRequestError } from '../../api/errors';
import { LOGS_TAIL_BUFFER, LOGS_TAIL_INTERVAL_MS } from '../../constants';
import { latestRequest } from '../../hooks/latestRequest';
import { initialPolledState, pollFailed, pollSucceeded, type PolledState } from '../../hooks/polledState';
import { usePolling } from '../../hooks/usePolling';
import type { LogsViewState } from '../../utils/logsUrl';
import {
  LOGS_REF_ID,
  readLogPage,
  readVolume,
  resultOf,
  searchRequest,
  tailRequest,
  timeRangeOf,
  volumeRequest,
  VOLUME_REF_ID,
  type LogRow,
  type VolumeSeries,
} from './logsModel';
import { appendLines, maxId, prependLines } from './tailBuffer';

/** What one search found, kept and extended by "load older" and the live tail. */
export interface LogResults {
  rows: LogRow[];
  searchWords: string[];
  /** `before` for the next older page; absent at the end. */
  nextCursor?: string;
  /** `after` for the tail. */
  newestId?: string;
  /** The logs query's own error (e.g. a search syntax error): the search did not run, which is not "no logs". */
  logsError?: string;
  volume?: VolumeSeries[];
  volumeError?: string;
  /** The range the search ran over (relative ranges resolved when it ran). */
  range: TimeRange;
}

export interface TailOptions {
  enabled: boolean;
  paused: boolean;
  /** True while the list is scrolled to its top (newest line): new lines go straight in, else they wait. */
  isAtTop: () => boolean;
  bufferSize?: number;
  intervalMs?: number;
}

export interface LogSearch {
  resource: PolledState<LogResults>;
  /** Tail lines that arrived while the list was scrolled down (newest first), shown on request. */
  pending: LogRow[];
  showPending: () => void;
  loadOlder: () => Promise<void>;
  older: { loading: boolean; error?: string };
  refresh: () => void;
  /** The tab is hidden: the tail waits. */
  hidden: boolean;
}

/** How often the volume is asked again while tail lines come in. */
const VOLUME_REFRESH_MS = 5000;

/** The part of the view that makes a new search (not the expanded line or the context view). */
export function searchKey(view: LogsViewState): string {
  return JSON.stringify([view.search.trim(), view.levels, view.services, view.from, view.to]);
}

/**
 * Runs the page's search (lines + volume in one request), pages older lines with the frame's cursor and, while
 * tailing, polls for lines after the newest id. A new search overtakes answers still in flight.
 */
export function useLogSearch(client: SysmonClient, view: LogsViewState, tail: TailOptions): LogSearch {
  const [resource, setResource] = useState<PolledState<LogResults>>(initialPolledState);
  const [pending, setPending] = useState<LogRow[]>([]);
  const [older, setOlder] = useState<{ loading: boolean; error?: string }>({ loading: false });
  const [refreshCount, setRefreshCount] = useState(0);
  const requests = useRef(latestRequest());
  const lastKey = useRef<string | undefined>(undefined);
  const pendingRef = useRef<LogRow[]>([]);
  pendingRef.current = pending;
  const resultsRef = useRef<LogResults | undefined>(undefined);
  resultsRef.current = resource.data;
  const viewRef = useRef(view);
  viewRef.current = view;
  const tailRef = useRef(tail);
  tailRef.current = tail;
  const key = searchKey(view);
  const bufferSize = tail.bufferSize ?? LOGS_TAIL_BUFFER;

  useEffect(() => {
    const isLatest = requests.current.begin();
    const current = viewRef.current;
    const range = timeRangeOf(current.from, current.to);
    setOlder({ loading: false });
    // A refresh of the same search keeps its lines on screen until the answer; a new search starts afresh.
    const sameSearch = lastKey.current === key;
    lastKey.current = key;
    setResource((previous) => (sameSearch && previous.data ? previous : initialPolledState));
    if (!sameSearch) {
      setPending([]);
    }
    client
      .query(searchRequest(current, range))
      .then((response) => {
        if (!isLatest()) {
          return;
        }
        const logs = resultOf(response, LOGS_REF_ID);
        const volume = resultOf(response, VOLUME_REF_ID);
        const page = readLogPage(logs.frames);
        setResource(
          pollSucceeded<LogResults>(
            {
              ...page,
              logsError: logs.error,
              volume: volume.error ? undefined : readVolume(volume.frames),
              volumeError: volume.error,
              range,
            },
            Date.now()
          )
        );
      })
      .catch((err: unknown) => {
        if (isLatest()) {
          setResource((previous) => pollFailed(previous, toServiceRequestError(err)));
        }
      });
    // refreshCount: the refresh button runs the same search again.
  }, [client, key, refreshCount]);

  const loadOlder = useCallback(async () => {
    const results = resultsRef.current;
    if (!results?.nextCursor) {
      return;
    }
    const searchAtStart = searchKey(viewRef.current);
    setOlder({ loading: true });
    try {
      const response = await client.query(searchRequest(viewRef.current, results.range, results.nextCursor));
      const logs = resultOf(response, LOGS_REF_ID);
      if (searchKey(viewRef.current) !== searchAtStart) {
        return;
      }
      if (logs.error) {
        setOlder({ loading: false, error: logs.error });
        return;
      }
      const page = readLogPage(logs.frames);
      setResource((previous) =>
        previous.data
          ? {
              ...previous,
              data: { ...previous.data, rows: appendLines(previous.data.rows, page.rows), nextCursor: page.nextCursor },
            }
          : previous
      );
      setOlder({ loading: false });
    } catch (err) {
      setOlder({ loading: false, error: errorMessage(err) });
    }
  }, [client]);

  /** Lines in front of the list; trimming the oldest moves the older-page cursor to the last line kept. */
  const prepend = useCallback(
    (incoming: LogRow[]) => {
      setResource((previous) => {
        if (!previous.data) {
          return previous;
        }
        const rows = prependLines(previous.data.rows, incoming, bufferSize);
        const before = previous.data.rows;
        const trimmed =
          before.length > 0 && rows.length > 0 && rows[rows.length - 1].id !== before[before.length - 1].id;
        const nextCursor = trimmed && rows.length > 0 ? rows[rows.length - 1].id : previous.data.nextCursor;
        return { ...previous, data: { ...previous.data, rows, nextCursor } };
      });
    },
    [bufferSize]
  );

  // While tailing, the volume is asked again (at most every VOLUME_REFRESH_MS) once new lines have come in.
  // Lines arriving inside the window get one trailing refresh at its end, so the last ones are counted too.
  const volumeAskedAt = useRef(0);
  const trailingVolume = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(trailingVolume.current), []);
  const refreshVolume = useCallback(async (): Promise<void> => {
    const now = Date.now();
    const wait = volumeAskedAt.current + VOLUME_REFRESH_MS - now;
    if (wait > 0) {
      trailingVolume.current ??= window.setTimeout(() => {
        trailingVolume.current = undefined;
        void refreshVolume();
      }, wait);
      return;
    }
    volumeAskedAt.current = now;
    const searchAtStart = searchKey(viewRef.current);
    const range = timeRangeOf(viewRef.current.from, viewRef.current.to);
    try {
      const volume = resultOf(await client.query(volumeRequest(viewRef.current, range)), VOLUME_REF_ID);
      if (searchKey(viewRef.current) !== searchAtStart) {
        return;
      }
      setResource((previous) =>
        previous.data
          ? {
              ...previous,
              data: {
                ...previous.data,
                range,
                volume: volume.error ? previous.data.volume : readVolume(volume.frames),
                volumeError: volume.error,
              },
            }
          : previous
      );
    } catch {
      // The chart keeps its last answer; the tail's own polls report the service being away.
    }
  }, [client]);

  const pollTail = useCallback(async () => {
    const options = tailRef.current;
    const results = resultsRef.current;
    if (!options.enabled || options.paused || !results || results.logsError) {
      return;
    }
    const searchAtStart = searchKey(viewRef.current);
    const after = results.newestId;
    try {
      const response = await client.query(tailRequest(viewRef.current, after));
      const logs = resultOf(response, LOGS_REF_ID);
      if (searchKey(viewRef.current) !== searchAtStart) {
        // A new search started meanwhile; its own results decide where the tail starts.
        return;
      }
      if (logs.error) {
        throw new Error(logs.error);
      }
      const page = readLogPage(logs.frames);
      const newestId = maxId(resultsRef.current?.newestId, page.newestId);
      setResource((previous) =>
        previous.data ? { ...pollSucceeded(previous.data, Date.now()), data: { ...previous.data, newestId } } : previous
      );
      if (page.rows.length === 0) {
        return;
      }
      if (tailRef.current.isAtTop()) {
        prepend(page.rows);
      } else {
        setPending((previous) => prependLines(previous, page.rows, bufferSize));
      }
      void refreshVolume();
    } catch (err) {
      setResource((previous) => pollFailed(previous, toServiceRequestError(err)));
    }
  }, [client, prepend, bufferSize, refreshVolume]);

  // Keyed on the tail switch and the search: polling (re)starts at once when either changes.
  const tailKey = useMemo(() => `${tail.enabled}|${tail.paused}|${key}`, [tail.enabled, tail.paused, key]);
  const { paused: hidden } = usePolling(pollTail, tail.intervalMs ?? LOGS_TAIL_INTERVAL_MS, tailKey);

  const showPending = useCallback(() => {
    if (pendingRef.current.length > 0) {
      prepend(pendingRef.current);
    }
    setPending([]);
  }, [prepend]);

  const refresh = useCallback(() => setRefreshCount((count) => count + 1), []);

  return { resource, pending, showPending, loadOlder, older, refresh, hidden };
}
