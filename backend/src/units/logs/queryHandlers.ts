// The log vertical's query types: logs, log_volume, log_context, and the service and level variables. Thin:
// parse the search, read the store, frame.
import type { QueryOf } from '@penguinmails/sysmon-contract';
import { forParameter } from '../../errors.ts';
import { parseLogSearch } from '../../logs/search.ts';
import type { LogFilter, LogStore } from '../../logs/store.ts';
import type { QueryContext, QueryHandlerTable, VariableProviders } from '../../query/dispatch.ts';
import { searchWords } from '../../search/language.ts';
import { logLinesFrame, logVolumeFrames } from './frames.ts';

/** Without a dashboard range: the last hour (logs, volume) or the last day (variables). */
export const DEFAULT_LOGS_RANGE_MS = 60 * 60 * 1000;
export const DEFAULT_VALUES_RANGE_MS = 24 * 60 * 60 * 1000;
/** At most this many volume buckets, whatever maxDataPoints asks. */
export const MAX_VOLUME_BUCKETS = 1_000;
const MIN_VOLUME_INTERVAL_MS = 1_000;
const MINUTE_MS = 60_000;
/** A tail reads lines logged up to this far past now (loggers whose clocks run ahead still show). */
const TAIL_FUTURE_MS = 24 * 60 * 60 * 1000;

function rangeOf(context: QueryContext, defaultMs: number, now: number): { from: Date; to: Date } {
  const to = context.range?.to ?? new Date(now);
  return { from: context.range?.from ?? new Date(to.getTime() - defaultMs), to };
}

/**
 * The volume bucket width: Grafana's interval, widened so the range has at most maxDataPoints (≤ 1000) buckets;
 * past a minute, whole minutes (the store's per-minute counts can then answer).
 */
export function volumeIntervalMs(range: { from: Date; to: Date }, intervalMs?: number, maxDataPoints?: number): number {
  const buckets = Math.min(MAX_VOLUME_BUCKETS, Math.max(1, Math.floor(maxDataPoints ?? MAX_VOLUME_BUCKETS)));
  const span = Math.max(0, range.to.getTime() - range.from.getTime());
  const width = Math.max(MIN_VOLUME_INTERVAL_MS, Math.ceil(intervalMs ?? 0), Math.ceil(span / buckets));
  return width > MINUTE_MS ? Math.ceil(width / MINUTE_MS) * MINUTE_MS : width;
}

type SearchQuery = QueryOf<'logs'> | QueryOf<'log_volume'>;

function filterOf(query: SearchQuery, range: { from: Date; to: Date }): LogFilter {
  const search = query.search;
  return {
    search: forParameter('search', () => parseLogSearch(search)),
    levels: query.levels ?? [],
    services: query.services ?? [],
    ...range,
  };
}

export function createLogQueryHandlers(store: LogStore, clock: () => number = Date.now): QueryHandlerTable {
  return {
    logs: async (query, context) => {
      const now = clock();
      const range = rangeOf(context, DEFAULT_LOGS_RANGE_MS, now);
      const after = query.after !== undefined ? BigInt(query.after) : undefined;
      const filter = filterOf(
        query,
        after !== undefined ? { from: range.from, to: new Date(now + TAIL_FUTURE_MS) } : range
      );
      const page = await store.search({
        ...filter,
        limit: query.limit,
        ...(query.before !== undefined ? { before: BigInt(query.before) } : {}),
        ...(after !== undefined ? { after } : {}),
      });
      return [
        logLinesFrame(
          page.lines,
          {
            searchWords: searchWords(filter.search),
            ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}),
            ...(page.newestId !== undefined ? { newestId: page.newestId } : {}),
          },
          query.refId
        ),
      ];
    },

    log_volume: async (query, context) => {
      const range = rangeOf(context, DEFAULT_LOGS_RANGE_MS, clock());
      const intervalMs = volumeIntervalMs(range, context.intervalMs, context.maxDataPoints);
      const buckets = await store.volume({ ...filterOf(query, range), intervalMs });
      return logVolumeFrames(buckets, range, intervalMs);
    },

    // backward: the lines just before (newest first, like a logs page); forward: just after (oldest first).
    log_context: async (query) => {
      const lines = await store.context({ id: BigInt(query.id), direction: query.direction, limit: query.limit });
      return [logLinesFrame(lines, { searchWords: [] }, query.refId)];
    },
  };
}

/** Dashboard variables: the services and the levels with lines in the dashboard range. */
export function createLogVariables(store: LogStore, clock: () => number = Date.now): VariableProviders {
  return {
    service: (_query, context) => store.values('service', rangeOf(context, DEFAULT_VALUES_RANGE_MS, clock())),
    level: (_query, context) => store.values('level', rangeOf(context, DEFAULT_VALUES_RANGE_MS, clock())),
  };
}
