import { LOG_LEVELS, type LogLevel } from '@penguinmails/sysmon-contract';
import { PLUGIN_BASE_URL, ROUTES } from '../constants';

/**
 * Everything the Logs page shows, as its URL holds it: a link reproduces the view. Shared (not in the page
 * folder) because other pages link to the Logs page with a search.
 */
export interface LogsViewState {
  /** The search text (DESIGN.md §5 language). */
  search: string;
  /** Level chips switched on (none: every level). */
  levels: LogLevel[];
  /** Services chosen (none: every service). */
  services: string[];
  /** Grafana's raw time range: `now-1h`, `now`, or epoch ms. */
  from: string;
  to: string;
  /** Live tail on. */
  tail: boolean;
  /** The expanded line's id. */
  line?: string;
  /** The line whose context view is open. */
  context?: string;
}

export const DEFAULT_LOGS_VIEW: LogsViewState = {
  search: '',
  levels: [],
  services: [],
  from: 'now-1h',
  to: 'now',
  tail: false,
};

const LINE_ID = /^\d{1,19}$/;
const isLevel = (value: string): value is LogLevel => (LOG_LEVELS as readonly string[]).includes(value);
const unique = <T>(values: T[]) => Array.from(new Set(values));

/** Reads the view from URL parameters; anything malformed falls back to the default for that part. */
export function parseLogsView(params: URLSearchParams): LogsViewState {
  const line = params.get('line') ?? '';
  const context = params.get('context') ?? '';
  return {
    search: params.get('q') ?? '',
    levels: unique(params.getAll('level').filter(isLevel)),
    services: unique(params.getAll('service').filter((service) => service.trim() !== '')),
    from: params.get('from') || DEFAULT_LOGS_VIEW.from,
    to: params.get('to') || DEFAULT_LOGS_VIEW.to,
    tail: params.get('tail') === '1',
    line: LINE_ID.test(line) ? line : undefined,
    context: LINE_ID.test(context) ? context : undefined,
  };
}

/** The URL parameters of a view; defaults are left out so links stay short. */
export function logsViewParams(view: Partial<LogsViewState>): URLSearchParams {
  const params = new URLSearchParams();
  if (view.search) {
    params.set('q', view.search);
  }
  for (const level of view.levels ?? []) {
    params.append('level', level);
  }
  for (const service of view.services ?? []) {
    params.append('service', service);
  }
  if (view.from && view.from !== DEFAULT_LOGS_VIEW.from) {
    params.set('from', view.from);
  }
  if (view.to && view.to !== DEFAULT_LOGS_VIEW.to) {
    params.set('to', view.to);
  }
  if (view.tail) {
    params.set('tail', '1');
  }
  if (view.line) {
    params.set('line', view.line);
  }
  if (view.context) {
    params.set('context', view.context);
  }
  return params;
}

/** App-relative URL of the Logs page showing this view. */
export function logsPageUrl(view: Partial<LogsViewState> = {}): string {
  const query = logsViewParams(view).toString();
  return `${PLUGIN_BASE_URL}/${ROUTES.Logs}${query ? `?${query}` : ''}`;
}

/** Margin around a job's run when linking to its request's logs: producers log before enqueueing, workers after. */
const REQUEST_MARGIN_MS = 5 * 60_000;

/**
 * The Logs page searching one request's lines, over a window around when it ran (`start`..`end`, epoch ms or
 * ISO; `end` absent: still running, so up to now).
 */
export function requestLogsUrl(
  requestId: string,
  start?: number | string | null,
  end?: number | string | null
): string {
  const startMs = start === undefined || start === null ? NaN : new Date(start).getTime();
  const endMs = end === undefined || end === null ? NaN : new Date(end).getTime();
  const search = `request_id:${quoteSearchValue(requestId)}`;
  if (!Number.isFinite(startMs)) {
    return logsPageUrl({ search, from: 'now-24h' });
  }
  return logsPageUrl({
    search,
    from: String(startMs - REQUEST_MARGIN_MS),
    to: Number.isFinite(endMs) ? String(endMs + REQUEST_MARGIN_MS) : 'now',
  });
}

/** A value as the search language reads it back as one term: quoted when it has spaces, quotes or a colon. */
export function quoteSearchValue(value: string): string {
  return /^[^\s"():\\]+$/.test(value) && value !== 'OR' ? value : `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}
