import React, { useEffect } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { BackendSrvRequest } from '@grafana/runtime';
import type { QueryRequest, SysmonQueryInput } from '@penguinmails/sysmon-contract';
import { testIds } from '../../components/testIds';
import { FakeBackendSrv, type FakeReply } from '../../testUtils/fakeBackendSrv';
import { DATASOURCE_PROXY_URL } from '../../testUtils/fixtures';
import { installLayoutStubs } from '../../testUtils/layoutStubs';
import {
  fixtureLines,
  logLinesFrame,
  logVolumeFrames,
  variableFrame,
  type FixtureLine,
} from '../../testUtils/logPageFixtures';
import { installVirtualLayout } from '../../testUtils/virtualLayout';
import { LogsPage } from './LogsPage';
import { SEARCH_HISTORY_KEY } from './searchHistory';

const QUERY_URL = `${DATASOURCE_PROXY_URL}/api/query`;
const LOGS_PATH = '/a/penguinmails-sysmon-app/logs';

let currentLocation = '';
function LocationProbe() {
  const location = useLocation();
  useEffect(() => {
    currentLocation = `${location.pathname}${location.search}`;
  }, [location]);
  return null;
}

function renderPage(search = '', props: Partial<React.ComponentProps<typeof LogsPage>> = {}) {
  return render(
    <MemoryRouter
      initialEntries={[`${LOGS_PATH}${search}`]}
      future={{ v7_startTransition: true, v7_relativeSplatPath: true }}
    >
      <Routes>
        <Route
          path={LOGS_PATH}
          element={
            <>
              <LogsPage datasourceUid="penguinmails-sysmon" {...props} />
              <LocationProbe />
            </>
          }
        />
      </Routes>
    </MemoryRouter>
  );
}

const STACK =
  'Error: 421 4.7.0 Try again later\n    at SMTPConnection._actionRCPT (smtp-connection.js:10:7)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)';

type QueryOf<T extends SysmonQueryInput['queryType']> = Extract<SysmonQueryInput, { queryType: T }>;
type ResultsBody = Record<string, { frames?: unknown[]; error?: string; status?: number }>;

/**
 * The service's POST /api/query for the log query types, answering from a list of lines (newest first) the way
 * the service does: `before`/`after` cursors, limit, nextCursor/newestId in meta.custom. Tests override parts.
 */
class FakeLogService {
  lines: FixtureLine[] = fixtureLines(50);
  services = ['api', 'smtp', 'worker'];
  logsError?: string;
  onLogs?: (query: QueryOf<'logs'>) => FixtureLine[] | undefined;

  constructor(srv: FakeBackendSrv) {
    srv.on('POST', QUERY_URL, (request) => ({ data: { results: this.answer(request) } }));
  }

  answer(request: BackendSrvRequest): ResultsBody {
    const body = request.data as QueryRequest;
    const results: ResultsBody = {};
    for (const query of body.queries) {
      results[query.refId] = this.answerOne(query);
    }
    return results;
  }

  answerOne(query: SysmonQueryInput): ResultsBody[string] {
    switch (query.queryType) {
      case 'logs': {
        if (this.logsError) {
          return { error: this.logsError, status: 400 };
        }
        let lines = this.onLogs?.(query) ?? this.lines;
        if (query.before) {
          lines = lines.filter((line) => Number(line.id) < Number(query.before));
        }
        if (query.after) {
          lines = lines.filter((line) => Number(line.id) > Number(query.after));
        }
        const limit = query.limit ?? 100;
        const page = lines.slice(0, limit);
        const more = lines.length > limit;
        return {
          frames: [
            logLinesFrame(page, {
              searchWords: query.search ? [query.search.split(' ')[0]] : [],
              nextCursor: more ? page[page.length - 1].id : undefined,
              newestId: page[0]?.id ?? query.after,
            }),
          ],
        };
      }
      case 'log_volume':
        if (this.logsError) {
          return { error: this.logsError, status: 400 };
        }
        return { frames: logVolumeFrames([1000, 2000, 3000], { info: [5, 6, 7], error: [1, 0, 2] }) };
      case 'variable':
        return { frames: [variableFrame(this.services)] };
      case 'log_context': {
        const anchor = Number(query.id);
        const limit = query.limit ?? 20;
        const sameService = this.lines;
        const lines =
          query.direction === 'backward'
            ? sameService.filter((line) => Number(line.id) < anchor).slice(0, limit)
            : sameService
                .filter((line) => Number(line.id) > anchor)
                .reverse()
                .slice(0, limit)
                .reverse();
        return { frames: [logLinesFrame(lines)] };
      }
      default:
        return { error: `unexpected query type ${query.queryType}`, status: 400 };
    }
  }
}

/** The queries of every POST /api/query so far, flattened, with the request's range. */
function sentQueries(srv: FakeBackendSrv) {
  return srv.requestsTo('POST', QUERY_URL).flatMap((request) => {
    const body = request.data as QueryRequest;
    return body.queries.map((query) => ({ ...query, range: body.range })) as Array<
      SysmonQueryInput & { range?: { from: string; to: string }; [key: string]: unknown }
    >;
  });
}
const lastOfType = (srv: FakeBackendSrv, type: string) =>
  sentQueries(srv)
    .filter((q) => q.queryType === type)
    .at(-1);

describe('LogsPage', () => {
  let srv: FakeBackendSrv;
  let service: FakeLogService;
  let restoreLayout: () => void;
  let restoreVirtual: () => void;
  beforeAll(() => {
    restoreLayout = installLayoutStubs();
    restoreVirtual = installVirtualLayout();
  });
  afterAll(() => {
    restoreVirtual();
    restoreLayout();
  });
  beforeEach(() => {
    window.localStorage.clear();
    srv = new FakeBackendSrv().install();
    service = new FakeLogService(srv);
  });

  it('submits the search with levels, services and the time range, and keeps it in the URL and history', async () => {
    const user = userEvent.setup({ delay: null });
    renderPage('?from=now-6h&to=now');
    expect(await screen.findByTestId(testIds.logs.row('100000'))).toBeInTheDocument();
    const first = lastOfType(srv, 'logs')!;
    expect(first).toMatchObject({ refId: 'logs', limit: 500 });
    expect(first.search).toBeUndefined();
    const span = Date.parse(first.range!.to) - Date.parse(first.range!.from);
    expect(span).toBeGreaterThan(6 * 3600_000 - 5000);
    expect(span).toBeLessThan(6 * 3600_000 + 5000);

    await user.type(screen.getByTestId(testIds.logs.searchInput), 'timeout level:>=warn');
    await user.click(screen.getByTestId(testIds.logs.searchSubmit));
    await waitFor(() => expect(lastOfType(srv, 'logs')?.search).toBe('timeout level:>=warn'));
    expect(lastOfType(srv, 'log_volume')).toMatchObject({ search: 'timeout level:>=warn' });
    expect(new URLSearchParams(currentLocation.split('?')[1]).get('q')).toBe('timeout level:>=warn');
    expect(JSON.parse(window.localStorage.getItem(SEARCH_HISTORY_KEY)!)).toEqual(['timeout level:>=warn']);

    // Level chips: toggling on adds the level to every query; toggling off removes it.
    await user.click(screen.getByTestId(testIds.logs.levelChip('error')));
    await waitFor(() => expect(lastOfType(srv, 'logs')?.levels).toEqual(['error']));
    expect(lastOfType(srv, 'log_volume')?.levels).toEqual(['error']);
    expect(screen.getByTestId(testIds.logs.levelChip('error'))).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByTestId(testIds.logs.levelChip('warn')));
    await waitFor(() => expect(lastOfType(srv, 'logs')?.levels).toEqual(['error', 'warn']));
    await user.click(screen.getByTestId(testIds.logs.levelChip('error')));
    await waitFor(() => expect(lastOfType(srv, 'logs')?.levels).toEqual(['warn']));

    // The service filter lists the `variable` query's services.
    expect(lastOfType(srv, 'variable')).toMatchObject({ variable: 'service' });
    await user.click(within(screen.getByTestId(testIds.logs.serviceSelect)).getByRole('combobox'));
    const options = await screen.findAllByText('smtp');
    await user.click(options.find((el) => el.closest('[role="option"]'))!);
    await waitFor(() => expect(lastOfType(srv, 'logs')?.services).toEqual(['smtp']));
    expect(currentLocation).toContain('service=smtp');
    expect(currentLocation).toContain('level=warn');
  }, 20_000);

  it("charts the volume stacked by level and shows each level's count on its chip", async () => {
    renderPage();
    const volume = await screen.findByTestId(testIds.logs.volume);
    expect(volume).toHaveAttribute('data-total', '21');
    expect(volume).toHaveAttribute('data-levels', 'info,error');
    // One Sparkline layer (a uPlot canvas) per level.
    await waitFor(() => expect(volume.querySelectorAll('canvas')).toHaveLength(2));
    expect(screen.getByTestId(testIds.logs.levelChip('info'))).toHaveTextContent('info18');
    expect(screen.getByTestId(testIds.logs.levelChip('error'))).toHaveTextContent('error3');
  });

  it('shows a search syntax error next to the search bar, not as "no logs"', async () => {
    service.logsError = 'unterminated quote starting at position 5';
    renderPage('?q=' + encodeURIComponent('smtp "timeout'));
    const error = await screen.findByTestId(testIds.logs.searchError);
    expect(error).toHaveTextContent('unterminated quote starting at position 5');
    expect(screen.getByTestId(testIds.logs.empty)).toHaveAttribute('data-reason', 'search-error');
    expect(screen.queryByText(/No lines match/)).not.toBeInTheDocument();
    expect(screen.getByTestId(testIds.logs.searchInput)).toHaveValue('smtp "timeout');
  });

  it('shows the request failure as an error and an empty result as empty', async () => {
    srv.on('POST', QUERY_URL, {
      status: 503,
      statusText: 'Service Unavailable',
      data: { error: { message: 'log store unavailable' } },
    } as FakeReply);
    const { unmount } = renderPage();
    expect(await screen.findByTestId(testIds.logs.error)).toHaveTextContent('log store unavailable');
    unmount();
    service = new FakeLogService(srv);
    service.lines = [];
    renderPage();
    expect(await screen.findByTestId(testIds.logs.empty)).toHaveAttribute('data-reason', 'no-match');
  });

  it('expands a line to every field and its stack trace with the newlines kept', async () => {
    service.lines = [
      {
        id: '7',
        ts: Date.UTC(2026, 0, 2, 3, 4, 5),
        level: 'error',
        message: 'send failed',
        labels: {
          service: 'smtp',
          host: 'mx-1',
          request_id: 'req-42',
          trace_id: 'abc123',
          error_type: 'SMTPError',
          stack: STACK,
          'attrs.attempt': 3,
        },
      },
    ];
    const user = userEvent.setup({ delay: null });
    renderPage();
    await user.click(await screen.findByTestId(testIds.logs.rowToggle('7')));
    const details = await screen.findByTestId(testIds.logs.details('7'));
    const stack = within(details).getByTestId(testIds.logs.stack);
    expect(stack.tagName).toBe('PRE');
    expect(stack.textContent).toBe(STACK);
    expect(within(details).getByTestId(testIds.logs.filterValue('attrs.attempt'))).toHaveTextContent('3');
    expect(within(details).getByTestId(testIds.logs.filterValue('host'))).toHaveTextContent('mx-1');
    expect(currentLocation).toContain('line=7');
    // collapse again
    await user.click(screen.getByTestId(testIds.logs.rowToggle('7')));
    expect(screen.queryByTestId(testIds.logs.details('7'))).not.toBeInTheDocument();
    expect(currentLocation).not.toContain('line=');
  });

  it('adds a filter for a clicked request_id, trace_id or service value', async () => {
    service.lines = fixtureLines(5).map((line, index) =>
      index === 0
        ? { ...line, labels: { ...line.labels, service: 'smtp', request_id: 'req-9 x', trace_id: 't-1' } }
        : line
    );
    const user = userEvent.setup({ delay: null });
    renderPage('?q=bounce');
    await user.click(await screen.findByTestId(testIds.logs.rowToggle('100000')));
    await user.click(screen.getByTestId(testIds.logs.filterValue('request_id')));
    // A value with a space is quoted so it stays one term.
    await waitFor(() => expect(lastOfType(srv, 'logs')?.search).toBe('bounce request_id:"req-9 x"'));
    expect(screen.getByTestId(testIds.logs.searchInput)).toHaveValue('bounce request_id:"req-9 x"');

    await user.click(await screen.findByTestId(testIds.logs.rowToggle('100000')));
    await user.click(screen.getByTestId(testIds.logs.filterValue('service')));
    await waitFor(() => expect(lastOfType(srv, 'logs')?.search).toBe('bounce request_id:"req-9 x" service:smtp'));
    await user.click(await screen.findByTestId(testIds.logs.rowToggle('100000')));
    await user.click(screen.getByTestId(testIds.logs.filterValue('trace_id')));
    await waitFor(() =>
      expect(lastOfType(srv, 'logs')?.search).toBe('bounce request_id:"req-9 x" service:smtp trace_id:t-1')
    );
  });

  it('reproduces the whole view from its URL', async () => {
    renderPage('?q=timeout&level=error&level=warn&service=smtp&from=1767322800000&to=1767326400000&line=99998');
    expect(await screen.findByTestId(testIds.logs.details('99998'))).toBeInTheDocument();
    const logs = lastOfType(srv, 'logs')!;
    expect(logs).toMatchObject({ search: 'timeout', levels: ['error', 'warn'], services: ['smtp'] });
    expect(logs.range).toEqual({
      from: new Date(1767322800000).toISOString(),
      to: new Date(1767326400000).toISOString(),
    });
    expect(screen.getByTestId(testIds.logs.levelChip('warn'))).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByTestId(testIds.logs.levelChip('info'))).toHaveAttribute('aria-pressed', 'false');
    expect(screen.getByTestId(testIds.logs.searchInput)).toHaveValue('timeout');
    expect(within(screen.getByTestId(testIds.logs.serviceSelect)).getByText('smtp')).toBeInTheDocument();
  });

  it('opens the context of a line and loads more in both directions', async () => {
    service.lines = fixtureLines(100, 1000);
    const user = userEvent.setup({ delay: null });
    renderPage('?line=950');
    // The line is far down the first page; the list scrolls to it.
    expect(await screen.findByTestId(testIds.logs.details('950'))).toBeInTheDocument();
    expect(screen.getByTestId(testIds.logs.list).scrollTop).toBeGreaterThan(0);
    await user.click(await screen.findByTestId(testIds.logs.openContext));
    const context = await screen.findByTestId(testIds.logs.context.container);
    expect(await within(context).findByTestId(testIds.logs.context.row('930'))).toBeInTheDocument();
    expect(within(context).getByTestId(testIds.logs.context.row('950'))).toHaveAttribute('data-selected', 'true');
    expect(within(context).getByTestId(testIds.logs.context.row('970'))).toBeInTheDocument();
    expect(within(context).queryByTestId(testIds.logs.context.row('929'))).not.toBeInTheDocument();
    await user.click(within(context).getByTestId(testIds.logs.context.older));
    expect(await within(context).findByTestId(testIds.logs.context.row('910'))).toBeInTheDocument();
    await user.click(within(context).getByTestId(testIds.logs.context.newer));
    expect(await within(context).findByTestId(testIds.logs.context.row('990'))).toBeInTheDocument();
    const contextQueries = sentQueries(srv).filter((q) => q.queryType === 'log_context');
    expect(contextQueries.map((q) => [q.direction, q.id])).toEqual([
      ['backward', '950'],
      ['forward', '950'],
      ['backward', '930'],
      ['forward', '970'],
    ]);
    expect(within(context).queryByTestId(testIds.logs.context.error)).not.toBeInTheDocument();
    expect(currentLocation).toContain('context=950');
    // Real @grafana/ui drawer and list in jsdom, three rounds of context: about 20 s on a busy two-core machine.
  }, 60_000);

  it('loads older lines with the frame cursor', async () => {
    service.lines = fixtureLines(700);
    renderPage();
    expect(await screen.findByTestId(testIds.logs.summary)).toHaveAttribute('data-count', '500');
    expect(screen.getByTestId(testIds.logs.summary)).toHaveAttribute('data-more', 'true');
    // The virtualised footer is at the end of the list: call the same action the button does through scrolling.
    const list = screen.getByTestId(testIds.logs.list);
    act(() => {
      list.scrollTop = 500 * 24;
      list.dispatchEvent(new Event('scroll'));
    });
    await waitFor(() => expect(screen.getByTestId(testIds.logs.summary)).toHaveAttribute('data-count', '700'));
    expect(
      sentQueries(srv)
        .filter((q) => q.queryType === 'logs')
        .map((q) => q.before)
    ).toEqual([undefined, '99501']);
    expect(screen.getByTestId(testIds.logs.summary)).toHaveAttribute('data-more', 'false');
  });

  it('tails new lines with the after cursor and keeps the buffer bounded', async () => {
    service.lines = fixtureLines(20, 100);
    let nextId = 101;
    // Every tail poll finds 15 new lines after the cursor it was given.
    service.onLogs = (query) => {
      if (!query.after) {
        return undefined;
      }
      const fresh = Array.from({ length: 15 }, (_, i) => ({
        id: String(nextId + 14 - i),
        ts: Date.now(),
        level: 'info' as const,
        message: `tail ${nextId + 14 - i}`,
      }));
      nextId += 15;
      service.lines = [...fresh, ...service.lines];
      return service.lines;
    };
    const user = userEvent.setup({ delay: null });
    renderPage('?tail=1', { tailIntervalMs: 20, tailBufferSize: 40 });
    expect(await screen.findByTestId(testIds.logs.row('100'))).toBeInTheDocument();
    await waitFor(() =>
      expect(sentQueries(srv).filter((q) => q.queryType === 'logs' && q.after).length).toBeGreaterThanOrEqual(3)
    );
    const afters = sentQueries(srv)
      .filter((q) => q.queryType === 'logs' && q.after)
      .map((q) => q.after);
    // Each poll asks after the newest id the previous answer gave.
    expect(afters.slice(0, 3)).toEqual(['100', '115', '130']);
    await waitFor(() => expect(screen.getByTestId(testIds.logs.summary)).toHaveAttribute('data-count', '40'));
    expect(screen.getByTestId(testIds.logs.tailStatus)).toHaveAttribute('data-state', 'live');
    const newest = String(nextId - 1);
    await waitFor(() =>
      expect(screen.getByTestId(testIds.logs.list).querySelector('[data-id]')).toHaveAttribute(
        'data-id',
        String(Number(newest))
      )
    );

    // New lines ask for the volume again, so the chart and chip counts include them.
    await waitFor(() => expect(sentQueries(srv).filter((q) => q.queryType === 'log_volume').length).toBe(2));

    // Paused: no more polls.
    await user.click(screen.getByTestId(testIds.logs.tailPause));
    expect(screen.getByTestId(testIds.logs.tailStatus)).toHaveAttribute('data-state', 'paused');
    const polls = sentQueries(srv).filter((q) => q.after).length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sentQueries(srv).filter((q) => q.after).length).toBe(polls);
  });

  it('downloads the lines as NDJSON and CSV', async () => {
    service.lines = [
      {
        id: '2',
        ts: Date.UTC(2026, 0, 2, 3, 4, 6),
        level: 'error',
        message: 'said "no", then left',
        labels: { service: 'smtp', request_id: 'r-1' },
      },
      {
        id: '1',
        ts: Date.UTC(2026, 0, 2, 3, 4, 5),
        level: 'info',
        message: 'line\ntwo',
        labels: { service: 'api', 'attrs.campaign': 'spring' },
      },
    ];
    const blobs: Blob[] = [];
    const createObjectURL = jest.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:logs';
    });
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const clicks = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const user = userEvent.setup({ delay: null });
    renderPage();
    await screen.findByTestId(testIds.logs.row('2'));
    await user.click(screen.getByTestId(testIds.logs.download));
    await user.click(await screen.findByTestId(`${testIds.logs.download}-ndjson`));
    await user.click(screen.getByTestId(testIds.logs.download));
    await user.click(await screen.findByTestId(`${testIds.logs.download}-csv`));
    expect(clicks).toHaveBeenCalledTimes(2);
    const [ndjson, csv] = await Promise.all(blobs.map(readBlob));
    expect(
      ndjson
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line))
    ).toEqual([
      {
        id: '2',
        time: '2026-01-02T03:04:06.000Z',
        level: 'error',
        message: 'said "no", then left',
        service: 'smtp',
        request_id: 'r-1',
      },
      {
        id: '1',
        time: '2026-01-02T03:04:05.000Z',
        level: 'info',
        message: 'line\ntwo',
        service: 'api',
        'attrs.campaign': 'spring',
      },
    ]);
    expect(csv).toBe(
      'time,level,service,message,request_id,trace_id,id,attrs.campaign\r\n' +
        '2026-01-02T03:04:06.000Z,error,smtp,"said ""no"", then left",r-1,,2,\r\n' +
        '2026-01-02T03:04:05.000Z,info,api,"line\ntwo",,,1,spring\r\n'
    );
    clicks.mockRestore();
  });
});

function readBlob(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}
