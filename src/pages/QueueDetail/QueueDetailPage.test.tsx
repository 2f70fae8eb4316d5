import React, { useEffect } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueueDetailPage } from './QueueDetailPage';
import { testIds } from '../../components/testIds';
import type { JobListResponse } from '@penguinmails/sysmon-contract';
import { withLayoutStubs } from '../../testUtils/layoutStubs';
import { deferred } from '../../testUtils/deferred';
import { doubleClickBeforeRender } from '../../testUtils/events';
import { FakeBackendSrv, type FakeReply } from '../../testUtils/fakeBackendSrv';
import { jobDetail, jobSummary, queueSnapshot } from '../../testUtils/queueFixtures';

const BASE = '/api/datasources/proxy/uid/penguinmails-sysmon';
const QUEUE_URL = `${BASE}/api/queues/email-sending`;
const JOBS_URL = `${BASE}/api/queues/email-sending/jobs`;
const HISTORY_URL = `${BASE}/api/queues/history`;
const WHOAMI_URL = `${BASE}/operator/whoami`;

let currentLocation = '';
function LocationProbe() {
  const location = useLocation();
  useEffect(() => {
    currentLocation = `${location.pathname}${location.search}`;
  }, [location]);
  return null;
}

function renderPage(path = '/a/penguinmails-sysmon-app/queues/email-sending') {
  return render(
    <MemoryRouter initialEntries={[path]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <Routes>
        <Route
          path="/a/penguinmails-sysmon-app/queues/:queue"
          element={
            <>
              <QueueDetailPage datasourceUid="penguinmails-sysmon" />
              <LocationProbe />
            </>
          }
        />
      </Routes>
    </MemoryRouter>
  );
}

/** A failed-state listing of `total` jobs answering any start/count like the service does. */
function failedJobs(total: number) {
  return (request: { params?: Record<string, number | string> }) => {
    const start = Number(request.params?.start);
    const count = Number(request.params?.count);
    const ids = Array.from({ length: Math.max(0, Math.min(count, total - start)) }, (_, i) => String(1000 + start + i));
    const body: JobListResponse = {
      queue: 'email-sending',
      state: (request.params?.state as 'failed') ?? 'failed',
      start,
      count,
      total,
      jobs: ids.map((id) => jobSummary({ id })),
    };
    return { data: body };
  };
}

/** `from` (ISO) lies `days` days before a moment between `before` and now. */
function expectDaysBefore(from: string | number | undefined, before: number, days: number) {
  const at = Date.parse(String(from));
  expect(at).toBeGreaterThanOrEqual(before - days * 24 * 3600_000);
  expect(at).toBeLessThanOrEqual(Date.now() - days * 24 * 3600_000);
}

describe('QueueDetailPage', () => {
  let srv: FakeBackendSrv;
  withLayoutStubs();

  beforeEach(() => {
    srv = new FakeBackendSrv().install().answerOperatorWhoamiAs('Editor');
    const now = Date.now();
    srv
      .on('GET', QUEUE_URL, { data: queueSnapshot({ counts: { ...queueSnapshot().counts, failed: 60 } }) })
      .on('GET', JOBS_URL, failedJobs(60))
      .on('GET', HISTORY_URL, (request) => ({
        data: {
          field: request.params?.field,
          series: [
            {
              name: 'email-sending',
              points: [
                [now - 60_000, 1],
                [now, 4],
              ],
            },
          ],
        },
      }));
  });

  it('shows the snapshot header and charts of depth by state, throughput and failures', async () => {
    renderPage();
    expect(await screen.findByTestId(testIds.queueDetail.count('depth'))).toHaveTextContent('160');
    expect(screen.getByTestId(testIds.queueDetail.count('failed'))).toHaveAttribute('data-value', '60');
    const chart = await screen.findByTestId(testIds.queueDetail.chart('throughput_per_min'));
    await waitFor(() => expect(chart.querySelector('canvas')).not.toBeNull());
    const fields = srv.requestsTo('GET', HISTORY_URL).map((r) => r.params?.field);
    expect(fields).toEqual(
      expect.arrayContaining(['waiting', 'prioritized', 'delayed', 'active', 'throughput_per_min', 'failures_per_min'])
    );
    expect(srv.requestsTo('GET', HISTORY_URL)[0].params).toMatchObject({ queue: 'email-sending', groupBy: 'queue' });

    // a new range asks again with an earlier `from`
    const firstFrom = Date.parse(srv.requestsTo('GET', HISTORY_URL)[0].params!.from);
    const before = srv.requestsTo('GET', HISTORY_URL).length;
    await userEvent.click(within(screen.getByTestId(testIds.queueDetail.chartRange)).getByText('24h'));
    await waitFor(() => expect(srv.requestsTo('GET', HISTORY_URL).length).toBeGreaterThan(before));
    const lastFrom = Date.parse(srv.requestsTo('GET', HISTORY_URL)[before].params!.from);
    expect(firstFrom - lastFrom).toBeGreaterThan(23 * 3600_000);
  });

  it('lists one page of a state at a time and paginates with start/count', async () => {
    renderPage();
    expect(await screen.findByTestId(testIds.queueDetail.jobRow('1000'))).toBeInTheDocument();
    expect(screen.getByTestId(testIds.queueDetail.jobsRange)).toHaveTextContent('1–25 of 60');
    expect(srv.requestsTo('GET', JOBS_URL)[0].params).toEqual({ state: 'failed', start: 0, count: 25 });

    await userEvent.click(
      within(screen.getByTestId(testIds.queueDetail.pagination)).getByRole('button', { name: '3' })
    );
    expect(await screen.findByTestId(testIds.queueDetail.jobRow('1050'))).toBeInTheDocument();
    expect(screen.getByTestId(testIds.queueDetail.jobsRange)).toHaveTextContent('51–60 of 60');
    expect(srv.requests.filter((r) => r.url === JOBS_URL).map((r) => r.params?.start)).toContain(50);
    expect(srv.requests.every((r) => r.url !== JOBS_URL || Number(r.params?.count) <= 25)).toBe(true);
    expect(currentLocation).toContain('page=3');

    // another state starts at page 1 again
    await userEvent.click(screen.getByTestId(testIds.queueDetail.stateTab('delayed')));
    await waitFor(() =>
      expect(srv.requestsTo('GET', JOBS_URL).at(-1)?.params).toEqual({ state: 'delayed', start: 0, count: 25 })
    );
    expect(currentLocation).toBe('/a/penguinmails-sysmon-app/queues/email-sending?state=delayed');
  });

  it('opens the job drawer from the list, with the stack trace, timeline and a copyable request id', async () => {
    const started = Date.UTC(2026, 0, 2, 3, 0, 0);
    srv.on('GET', `${JOBS_URL}/1003`, {
      data: jobDetail({ id: '1003', timestamp: started, finishedOn: started + 90_000 }),
    });
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByTestId(testIds.queueDetail.jobOpen('1003')));
    expect(currentLocation).toContain('job=1003');

    const stack = await screen.findByTestId(testIds.jobDrawer.stacktrace);
    expect(stack.tagName).toBe('PRE');
    expect(stack.textContent).toContain(
      'Error: 550 5.1.1 mailbox unavailable\n    at SMTPConnection._actionRCPT (smtp-connection.js:1:1)'
    );
    expect(screen.getByTestId(testIds.jobDrawer.failedReason)).toHaveTextContent('550 5.1.1 mailbox unavailable');
    expect(screen.getByTestId(testIds.jobDrawer.attempts)).toHaveTextContent('3 attempts of 5');
    // The request id links to the Logs page searching that request, 5 minutes either side of the job's run.
    const request = screen.getByTestId(testIds.jobDrawer.requestLink);
    expect(request).toHaveTextContent('req-abc');
    expect(request).toHaveAttribute('data-value', 'req-abc');
    const logsLink = within(request).getByRole('link');
    const href = new URL(logsLink.getAttribute('href')!, 'http://grafana');
    expect(href.pathname).toBe('/a/penguinmails-sysmon-app/logs');
    expect(href.searchParams.get('q')).toBe('request_id:req-abc');
    expect(href.searchParams.get('from')).toBe(String(started - 300_000));
    expect(href.searchParams.get('to')).toBe(String(started + 90_000 + 300_000));
    // jsdom has no isSecureContext; ClipboardButton writes to navigator.clipboard (user-event's stub) only with it.
    Object.defineProperty(window, 'isSecureContext', { value: true, configurable: true });
    try {
      await user.click(within(request).getByRole('button', { name: 'Copy request id' }));
      expect(await navigator.clipboard.readText()).toBe('req-abc');
    } finally {
      delete (window as { isSecureContext?: boolean }).isSecureContext;
    }
    expect(screen.getByTestId(testIds.jobDrawer.timelineEntry('finished'))).toHaveTextContent('Failed');
    expect(screen.getByTestId(testIds.jobDrawer.logs)).toHaveTextContent('RCPT refused');
    expect(screen.getByTestId(testIds.jobDrawer.data)).toHaveAttribute('data-kind', 'json');
  });

  it('opens the drawer from the URL and guards a payload the service truncated', async () => {
    srv.on('GET', `${JOBS_URL}/big`, {
      data: jobDetail({ id: 'big', data: null, dataTruncated: true, dataPreview: '{"html":"<p>', dataBytes: 400_000 }),
    });
    renderPage('/a/penguinmails-sysmon-app/queues/email-sending?state=failed&job=big');
    const data = await screen.findByTestId(testIds.jobDrawer.data);
    expect(data).toHaveAttribute('data-kind', 'large');
    expect(screen.getByTestId(testIds.jobDrawer.largePayload)).toHaveTextContent('Large payload (391 KiB)');
    expect(data).toHaveTextContent('{"html":"<p>');
  });

  it('searches the ledger of this queue with the typed query and pages by cursor', async () => {
    const SEARCH_URL = `${BASE}/api/jobs/search`;
    const row = {
      id: 'j-9',
      queue: 'email-sending',
      name: 'send-email',
      priority: 5,
      status: 'failed',
      payload: {},
      requestId: 'req-9',
      attempts: 2,
      lastError: 'greylisted',
      createdAt: '2026-01-02T03:00:00.000Z',
      updatedAt: '2026-01-02T03:00:00.000Z',
      startedAt: null,
      finishedAt: null,
    };
    srv.on('GET', SEARCH_URL, (request) =>
      request.params?.cursor
        ? { data: { rows: [{ ...row, id: 'j-10' }], nextCursor: null } }
        : { data: { rows: [row], nextCursor: 'cursor-2' } }
    );
    renderPage();
    const hint = screen.getByTestId(testIds.queueDetail.searchHint);
    expect(hint).toHaveTextContent('request_id:');
    expect(hint).toHaveTextContent('the last 24 hours');
    const before = Date.now();
    await userEvent.type(screen.getByTestId(testIds.queueDetail.searchInput), 'status:failed "greylisted"{enter}');
    expect(await screen.findByTestId(testIds.queueDetail.searchRow('j-9'))).toHaveTextContent('greylisted');
    const first = srv.requestsTo('GET', SEARCH_URL)[0].params!;
    expect(first).toEqual({
      q: 'status:failed "greylisted"',
      queue: 'email-sending',
      from: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      limit: 50,
    });
    // Last 24 hours by default: `from` is a day before the search.
    expectDaysBefore(first.from, before, 1);

    // The next page keeps the window of the search it continues.
    await userEvent.click(screen.getByTestId(testIds.queueDetail.searchNext));
    expect(await screen.findByTestId(testIds.queueDetail.searchRow('j-10'))).toBeInTheDocument();
    expect(srv.requestsTo('GET', SEARCH_URL)[1].params).toMatchObject({ cursor: 'cursor-2', from: first.from });
    expect(screen.getByTestId(testIds.queueDetail.searchNext)).toBeDisabled();
  });

  it('never lets a slow earlier search answer replace the results of a later search', async () => {
    const SEARCH_URL = `${BASE}/api/jobs/search`;
    const row = (id: string, lastError: string) => ({
      id,
      queue: 'email-sending',
      name: 'send-email',
      priority: 5,
      status: 'failed',
      payload: {},
      requestId: `req-${id}`,
      attempts: 1,
      lastError,
      createdAt: '2026-01-02T03:00:00.000Z',
      updatedAt: '2026-01-02T03:00:00.000Z',
      startedAt: null,
      finishedAt: null,
    });
    const slowAnswer = deferred<FakeReply>();
    srv.on('GET', SEARCH_URL, (request) =>
      request.params?.q === 'greylisted'
        ? slowAnswer.promise
        : { data: { rows: [row('j-new', 'mailbox full')], nextCursor: null } }
    );
    renderPage();
    const input = screen.getByTestId(testIds.queueDetail.searchInput);
    await userEvent.type(input, 'greylisted{enter}');
    await userEvent.clear(input);
    await userEvent.type(input, '"mailbox full"{enter}');
    expect(await screen.findByTestId(testIds.queueDetail.searchRow('j-new'))).toBeInTheDocument();

    await act(async () => slowAnswer.resolve({ data: { rows: [row('j-old', 'greylisted')], nextCursor: null } }));
    expect(screen.getByTestId(testIds.queueDetail.searchRow('j-new'))).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.queueDetail.searchRow('j-old'))).not.toBeInTheDocument();
    expect(srv.requestsTo('GET', SEARCH_URL).map((r) => r.params?.q)).toEqual(['greylisted', '"mailbox full"']);
  });

  it('shows the page asked for last when an earlier page answers after it', async () => {
    const slowPage2 = deferred<FakeReply>();
    const pages = failedJobs(100);
    srv.on('GET', JOBS_URL, (request) => (Number(request.params?.start) === 25 ? slowPage2.promise : pages(request)));
    renderPage();
    const pagination = await screen.findByTestId(testIds.queueDetail.pagination);
    await screen.findByTestId(testIds.queueDetail.jobRow('1000'));
    await userEvent.click(within(pagination).getByRole('button', { name: '2' }));
    await userEvent.click(within(pagination).getByRole('button', { name: '3' }));
    expect(await screen.findByTestId(testIds.queueDetail.jobRow('1050'))).toBeInTheDocument();

    await act(async () => slowPage2.resolve(pages({ params: { start: 25, count: 25 } })));
    expect(screen.getByTestId(testIds.queueDetail.jobRow('1050'))).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.queueDetail.jobRow('1025'))).not.toBeInTheDocument();
    expect(screen.getByTestId(testIds.queueDetail.jobsRange)).toHaveTextContent('51–75 of 100');
  });

  it('shows the job opened last in the drawer when an earlier job answers after it', async () => {
    const slowJob = deferred<FakeReply>();
    srv
      .on('GET', `${JOBS_URL}/1001`, () => slowJob.promise)
      .on('GET', `${JOBS_URL}/1002`, { data: jobDetail({ id: '1002', name: 'send-receipt' }) });
    renderPage();
    await userEvent.click(await screen.findByTestId(testIds.queueDetail.jobOpen('1001')));
    expect(await screen.findByTestId(testIds.jobDrawer.loading)).toBeInTheDocument();
    await userEvent.click(screen.getByTestId(testIds.queueDetail.jobOpen('1002')));
    expect(await screen.findByText('send-receipt')).toBeInTheDocument();

    await act(async () => slowJob.resolve({ data: jobDetail({ id: '1001', name: 'send-campaign' }) }));
    expect(screen.getByTestId(testIds.jobDrawer.container)).toHaveAttribute('data-job', '1002');
    expect(screen.getByText('send-receipt')).toBeInTheDocument();
    expect(screen.queryByText('send-campaign')).not.toBeInTheDocument();
  });

  it('sends the `from` of the chosen range and names the range when nothing matched', async () => {
    const SEARCH_URL = `${BASE}/api/jobs/search`;
    srv.on('GET', SEARCH_URL, { data: { rows: [], nextCursor: null } });
    renderPage();
    await userEvent.type(screen.getByTestId(testIds.queueDetail.searchInput), 'request_id:req-none{enter}');
    expect(await screen.findByTestId(testIds.queueDetail.searchEmpty)).toHaveTextContent(
      'No jobs matched in the last 24 hours.'
    );

    // Another range searches again at once, further back.
    const before = Date.now();
    await userEvent.click(within(screen.getByTestId(testIds.queueDetail.searchRange)).getByText('30 days'));
    await waitFor(() => expect(srv.requestsTo('GET', SEARCH_URL)).toHaveLength(2));
    const second = srv.requestsTo('GET', SEARCH_URL)[1].params!;
    expect(second).toMatchObject({ q: 'request_id:req-none', queue: 'email-sending' });
    expectDaysBefore(second.from, before, 30);
    expect(await screen.findByTestId(testIds.queueDetail.searchEmpty)).toHaveTextContent(
      'No jobs matched in the last 30 days.'
    );
    expect(screen.getByTestId(testIds.queueDetail.searchHint)).toHaveTextContent('the last 30 days');

    // And a new search uses the range chosen.
    await userEvent.clear(screen.getByTestId(testIds.queueDetail.searchInput));
    await userEvent.type(screen.getByTestId(testIds.queueDetail.searchInput), 'name:send-email{enter}');
    await waitFor(() => expect(srv.requestsTo('GET', SEARCH_URL)).toHaveLength(3));
    expectDaysBefore(srv.requestsTo('GET', SEARCH_URL)[2].params!.from, before, 30);
  });

  it('confirms a bulk retry with the number of jobs it will touch, then POSTs the count', async () => {
    const retryUrl = `${BASE}/operator/queues/email-sending/retry-failed`;
    srv.on('POST', retryUrl, { data: { queue: 'email-sending', retried: 60 } });
    renderPage();
    const count = await screen.findByTestId(testIds.queueDetail.bulkRetryCount);
    await userEvent.clear(count);
    await userEvent.type(count, '500');
    await userEvent.click(screen.getByTestId(testIds.queueDetail.bulkRetry));
    expect(await screen.findByTestId(testIds.actions.confirmBody)).toHaveTextContent('60 of the 60 failed jobs');
    await userEvent.click(screen.getByTestId(testIds.actions.confirmButton));
    await waitFor(() => expect(srv.requestsTo('POST', retryUrl)).toHaveLength(1));
    expect(srv.requestsTo('POST', retryUrl)[0].data).toEqual({ count: 500 });
    expect(await screen.findByTestId(testIds.actions.outcome)).toHaveTextContent('Retried 60 jobs');
  });

  it('sends one bulk retry for a double click on Confirm, disabled until the service answers', async () => {
    const retryUrl = `${BASE}/operator/queues/email-sending/retry-failed`;
    const answer = deferred<FakeReply>();
    srv.on('POST', retryUrl, () => answer.promise);
    renderPage();
    await userEvent.click(await screen.findByTestId(testIds.queueDetail.bulkRetry));
    const confirm = await screen.findByTestId(testIds.actions.confirmButton);
    doubleClickBeforeRender(confirm);
    await waitFor(() => expect(confirm).toBeDisabled());
    expect(srv.requestsTo('POST', retryUrl)).toHaveLength(1);

    answer.resolve({ data: { queue: 'email-sending', retried: 60 } });
    expect(await screen.findByTestId(testIds.actions.outcome)).toHaveTextContent('Retried 60 jobs');
    expect(srv.requestsTo('POST', retryUrl)).toHaveLength(1);
  });

  it('sends one retry of a job for a double click on Confirm, from the list and from the drawer', async () => {
    const retryUrl = `${BASE}/operator/queues/email-sending/jobs/1001/retry`;
    srv.on('GET', `${JOBS_URL}/1001`, { data: jobDetail({ id: '1001' }) });
    let answer = deferred<FakeReply>();
    srv.on('POST', retryUrl, () => answer.promise);
    renderPage('/a/penguinmails-sysmon-app/queues/email-sending?job=1001');
    await userEvent.click(await screen.findByTestId(testIds.queueDetail.jobRetry('1001')));
    doubleClickBeforeRender(await screen.findByTestId(testIds.actions.confirmButton));
    answer.resolve({ data: { queue: 'email-sending', id: '1001', state: 'waiting' } });
    expect(await screen.findByTestId(testIds.actions.outcome)).toHaveTextContent('Job 1001 is waiting');
    expect(srv.requestsTo('POST', retryUrl)).toHaveLength(1);

    answer = deferred<FakeReply>();
    await userEvent.click(await screen.findByTestId(testIds.jobDrawer.retry));
    doubleClickBeforeRender(await screen.findByTestId(testIds.actions.confirmButton));
    answer.resolve({ data: { queue: 'email-sending', id: '1001', state: 'waiting' } });
    await waitFor(() => expect(screen.queryByTestId(testIds.actions.confirmBody)).not.toBeInTheDocument());
    expect(srv.requestsTo('POST', retryUrl)).toHaveLength(2);
  });

  it('removes one job after confirmation through the operator route', async () => {
    const removeUrl = `${BASE}/operator/queues/email-sending/jobs/1001`;
    srv.on('DELETE', removeUrl, { data: { queue: 'email-sending', id: '1001', removed: true } });
    renderPage();
    await userEvent.click(await screen.findByTestId(testIds.queueDetail.jobRemove('1001')));
    expect(await screen.findByTestId(testIds.actions.confirmBody)).toHaveTextContent('Deletes job 1001');
    await userEvent.click(screen.getByTestId(testIds.actions.confirmButton));
    await waitFor(() => expect(srv.requestsTo('DELETE', removeUrl)).toHaveLength(1));
  });

  it('shows Viewers no bulk, pause, retry or remove buttons', async () => {
    srv.answerOperatorWhoamiAs('Viewer');
    renderPage();
    await screen.findByTestId(testIds.queueDetail.jobRow('1000'));
    await waitFor(() => expect(srv.requestsTo('GET', WHOAMI_URL)).toHaveLength(1));
    expect(screen.queryByTestId(testIds.queueDetail.pause)).not.toBeInTheDocument();
    expect(screen.queryByTestId(testIds.queueDetail.bulkRetry)).not.toBeInTheDocument();
    expect(screen.queryByTestId(testIds.queueDetail.jobRetry('1000'))).not.toBeInTheDocument();
    expect(screen.queryByTestId(testIds.queueDetail.jobRemove('1000'))).not.toBeInTheDocument();
  });

  it('reports an unknown queue', async () => {
    srv.on('GET', QUEUE_URL, {
      status: 404,
      statusText: 'Not Found',
      data: { error: { code: 'queue_not_found', message: 'No queue named email-sending' } },
    });
    renderPage();
    expect(await screen.findByTestId(testIds.queueDetail.error)).toHaveTextContent('No queue named email-sending');
  });

  it('shows "no data" and why for a queue the service could not read: no numbers, no counters, no bulk actions', async () => {
    const error = 'WRONGTYPE Operation against a key holding the wrong kind of value';
    const zeros = { waiting: 0, prioritized: 0, active: 0, delayed: 0, waitingChildren: 0, failed: 0, completed: 0 };
    srv.on('GET', QUEUE_URL, { data: queueSnapshot({ depth: 0, counts: zeros, workers: null, error }) });
    renderPage();
    const header = await screen.findByTestId(testIds.queueDetail.header);
    expect(within(header).getByTestId(testIds.queueDetail.noData)).toHaveTextContent(`no data — ${error}`);
    expect(within(header).queryAllByTestId(/qd-count-/)).toHaveLength(0);
    expect(within(header).queryByText('0')).not.toBeInTheDocument();
    // The job list still loads (from BullMQ directly); its state tabs carry no counts of the unreadable snapshot.
    await screen.findByTestId(testIds.queueDetail.jobRow('1000'));
    expect(screen.getByTestId(testIds.queueDetail.stateTab('waiting'))).not.toHaveTextContent('0');
    expect(screen.queryByTestId(testIds.queueDetail.bulkRetry)).not.toBeInTheDocument();
    // The pause button stays (pausing works without the counts); its confirmation does not claim 0 jobs.
    await userEvent.click(screen.getByTestId(testIds.queueDetail.pause));
    expect(screen.getByTestId(testIds.actions.confirmBody)).toHaveTextContent('how many is unknown');
  });

  it('explains a 503 when Redis is unreachable, with no numbers in the header', async () => {
    const message = 'Redis is unreachable (connect ECONNREFUSED 127.0.0.1:6390); queue data is unknown';
    const unavailable = {
      status: 503,
      statusText: 'Service Unavailable',
      data: { error: { code: 'redis_unavailable', message } },
    };
    srv.on('GET', QUEUE_URL, unavailable).on('GET', JOBS_URL, unavailable);
    renderPage();
    const error = await screen.findByTestId(testIds.queueDetail.error);
    expect(error).toHaveTextContent('Could not load queue email-sending');
    expect(error).toHaveTextContent(`HTTP 503 Service Unavailable: ${message}`);
    expect(screen.queryByTestId(testIds.queueDetail.header)).not.toBeInTheDocument();
    expect(screen.queryAllByTestId(/qd-count-/)).toHaveLength(0);
  });
});
