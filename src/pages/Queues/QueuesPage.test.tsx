import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueuesPage } from './QueuesPage';
import { testIds } from '../../components/testIds';
import { withLayoutStubs } from '../../testUtils/layoutStubs';
import { deferred } from '../../testUtils/deferred';
import { doubleClickBeforeRender } from '../../testUtils/events';
import { FakeBackendSrv, type FakeReply } from '../../testUtils/fakeBackendSrv';
import { demoQueues, queueSnapshot, queuesResponse } from '../../testUtils/queueFixtures';

const BASE = '/api/datasources/proxy/uid/penguinmails-sysmon';
const QUEUES_URL = `${BASE}/api/queues`;
const HISTORY_URL = `${BASE}/api/queues/history`;
const DRIFT_URL = `${BASE}/api/drift`;
const WHOAMI_URL = `${BASE}/operator/whoami`;

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

function renderPage(props: Partial<React.ComponentProps<typeof QueuesPage>> = {}) {
  return render(
    <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <QueuesPage datasourceUid="penguinmails-sysmon" {...props} />
    </MemoryRouter>
  );
}

const noDrift = { checkedAt: '2026-01-02T03:04:05.000Z', kinds: [] };

describe('QueuesPage', () => {
  let srv: FakeBackendSrv;
  withLayoutStubs();

  beforeEach(() => {
    srv = new FakeBackendSrv().install().answerOperatorWhoamiAs('Editor');
    setVisibility('visible');
    const now = Date.now();
    srv
      .on('GET', QUEUES_URL, { data: queuesResponse() })
      .on('GET', HISTORY_URL, {
        data: {
          field: 'depth',
          series: [
            {
              name: 'email-sending',
              points: [
                [now - 60_000, 100],
                [now - 30_000, 140],
                [now, 160],
              ],
            },
          ],
        },
      })
      .on('GET', DRIFT_URL, { data: noDrift });
  });

  it('renders queues grouped by tier with their snapshot and one history request for all sparklines', async () => {
    renderPage();
    const high = await screen.findByTestId(testIds.queues.tier('high'));
    expect(within(high).getByTestId(testIds.queues.row('email-sending'))).toBeInTheDocument();
    expect(
      within(screen.getByTestId(testIds.queues.tier('normal'))).getByText('warmup-processing')
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId(testIds.queues.tier('low'))).getByText('analytics-aggregation')
    ).toBeInTheDocument();
    // tiers in order high, normal, low
    const tiers = screen.getAllByRole('region').map((el) => el.getAttribute('aria-label'));
    expect(tiers).toEqual(['high tier', 'normal tier', 'low tier']);

    expect(screen.getByTestId(testIds.queues.count('email-sending', 'depth'))).toHaveTextContent('160');
    expect(screen.getByTestId(testIds.queues.count('email-sending', 'waiting'))).toHaveAttribute('data-value', '120');
    expect(screen.getByTestId(testIds.queues.count('email-sending', 'oldest_wait'))).toHaveTextContent('42 s');
    expect(screen.getByTestId(testIds.queues.count('email-sending', 'throughput'))).toHaveTextContent('55.5 jobs/min');
    expect(screen.getByTestId(testIds.queues.count('email-sending', 'drain_eta'))).toHaveTextContent('≈ 10 mins');
    expect(screen.getByTestId(testIds.queues.count('warmup-processing', 'drain_eta'))).toHaveTextContent(
      'not draining'
    );
    expect(screen.getByTestId(testIds.queues.pausedBadge('analytics-aggregation'))).toHaveTextContent('Paused');
    expect(screen.queryByTestId(testIds.queues.pausedBadge('email-sending'))).not.toBeInTheDocument();
    expect(screen.getByTestId(testIds.queues.link('email-sending'))).toHaveAttribute(
      'href',
      '/a/penguinmails-sysmon-app/queues/email-sending'
    );

    const sparkline = await screen.findByTestId(testIds.queues.sparkline('email-sending'));
    await waitFor(() => expect(sparkline.querySelector('canvas')).not.toBeNull());
    expect(sparkline).toHaveAttribute('data-points', '3');
    expect(screen.getByTestId(testIds.queues.sparkline('warmup-processing'))).toHaveTextContent('no data yet');

    const history = srv.requestsTo('GET', HISTORY_URL);
    expect(history).toHaveLength(1);
    expect(history[0].params).toMatchObject({ field: 'depth', groupBy: 'queue' });
    expect(Date.now() - Date.parse(history[0].params!.from)).toBeGreaterThanOrEqual(30 * 60_000);
    expect(screen.queryByTestId(testIds.queues.driftBanner)).not.toBeInTheDocument();
  });

  it('asks for confirmation before pausing, then POSTs through the operator route and refreshes', async () => {
    const pauseUrl = `${BASE}/operator/queues/email-sending/pause`;
    srv.on('POST', pauseUrl, { data: { queue: 'email-sending', paused: true } });
    renderPage();
    await userEvent.click(await screen.findByTestId(testIds.queues.pause('email-sending')));

    const body = await screen.findByTestId(testIds.actions.confirmBody);
    expect(body).toHaveTextContent('Workers stop taking new jobs from email-sending');
    expect(body).toHaveTextContent('160 jobs waiting');
    expect(srv.requestsTo('POST', pauseUrl)).toHaveLength(0);
    const snapshotsBefore = srv.requestsTo('GET', QUEUES_URL).length;

    srv.on('GET', QUEUES_URL, {
      data: queuesResponse([queueSnapshot({ paused: true }), ...demoQueues().slice(1)]),
    });
    await userEvent.click(screen.getByTestId(testIds.actions.confirmButton));
    await waitFor(() => expect(srv.requestsTo('POST', pauseUrl)).toHaveLength(1));
    expect(srv.requestsTo('POST', pauseUrl)[0]).toMatchObject({ method: 'POST', showErrorAlert: false });

    expect(await screen.findByTestId(testIds.actions.outcome)).toHaveTextContent('email-sending is paused');
    expect(await screen.findByTestId(testIds.queues.pausedBadge('email-sending'))).toBeInTheDocument();
    expect(srv.requestsTo('GET', QUEUES_URL).length).toBeGreaterThan(snapshotsBefore);
    expect(screen.getByTestId(testIds.queues.resume('email-sending'))).toBeInTheDocument();
  });

  it('sends one pause for a double click on Confirm and keeps Confirm disabled until the service answers', async () => {
    const pauseUrl = `${BASE}/operator/queues/email-sending/pause`;
    const answer = deferred<FakeReply>();
    srv.on('POST', pauseUrl, () => answer.promise);
    renderPage();
    await userEvent.click(await screen.findByTestId(testIds.queues.pause('email-sending')));
    const confirm = await screen.findByTestId(testIds.actions.confirmButton);

    doubleClickBeforeRender(confirm);
    await waitFor(() => expect(confirm).toBeDisabled());
    await userEvent.dblClick(confirm);
    expect(srv.requestsTo('POST', pauseUrl)).toHaveLength(1);

    answer.resolve({ data: { queue: 'email-sending', paused: true } });
    expect(await screen.findByTestId(testIds.actions.outcome)).toHaveTextContent('email-sending is paused');
    expect(srv.requestsTo('POST', pauseUrl)).toHaveLength(1);
  });

  it('sends one tier resume for a double click, even when Cancel is pressed while it runs', async () => {
    const resumeUrl = `${BASE}/operator/tiers/low/resume`;
    const answer = deferred<FakeReply>();
    srv.on('POST', resumeUrl, () => answer.promise);
    renderPage();
    await userEvent.click(await screen.findByTestId(testIds.queues.tierResume('low')));
    doubleClickBeforeRender(await screen.findByTestId(testIds.actions.confirmButton));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    // The dialog stays until the answer, so the tier's Resume cannot be asked again meanwhile.
    expect(screen.getByTestId(testIds.actions.confirmButton)).toBeDisabled();

    answer.resolve({ data: { tier: 'low', paused: false, queues: ['analytics-aggregation'] } });
    expect(await screen.findByTestId(testIds.actions.outcome)).toHaveTextContent('Resumed the low tier');
    expect(srv.requestsTo('POST', resumeUrl)).toHaveLength(1);
  });

  it('does nothing when the confirmation is dismissed', async () => {
    renderPage();
    await userEvent.click(await screen.findByTestId(testIds.queues.tierPause('high')));
    expect(await screen.findByTestId(testIds.actions.confirmBody)).toHaveTextContent(
      'Pauses all 1 queue of the high tier (email-sending)'
    );
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByTestId(testIds.actions.confirmBody)).not.toBeInTheDocument());
    expect(srv.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('resumes a paused tier and shows a refused action as an error', async () => {
    const resumeUrl = `${BASE}/operator/tiers/low/resume`;
    srv.on('POST', resumeUrl, {
      status: 403,
      statusText: 'Forbidden',
      data: { message: 'Permission denied' },
    });
    renderPage();
    await userEvent.click(await screen.findByTestId(testIds.queues.tierResume('low')));
    await userEvent.click(await screen.findByTestId(testIds.actions.confirmButton));
    const outcome = await screen.findByTestId(testIds.actions.outcome);
    expect(outcome).toHaveAttribute('data-ok', 'false');
    expect(outcome).toHaveTextContent('Resume 1 queue failed: HTTP 403 Forbidden: Permission denied');
    expect(srv.requestsTo('POST', resumeUrl)).toHaveLength(1);
  });

  it('shows Viewers no action buttons', async () => {
    srv.answerOperatorWhoamiAs('Viewer');
    renderPage();
    await screen.findByTestId(testIds.queues.row('email-sending'));
    await waitFor(() => expect(srv.requestsTo('GET', WHOAMI_URL)).toHaveLength(1));
    expect(screen.queryByTestId(testIds.queues.pause('email-sending'))).not.toBeInTheDocument();
    expect(screen.queryByTestId(testIds.queues.resume('analytics-aggregation'))).not.toBeInTheDocument();
    expect(screen.queryByTestId(testIds.queues.tierPause('high'))).not.toBeInTheDocument();
    expect(screen.queryByTestId(testIds.queues.tierResume('low'))).not.toBeInTheDocument();
    expect(screen.queryAllByRole('button')).toHaveLength(0);
  });

  it('shows an Editor no action buttons when the operator route refuses the token', async () => {
    srv.on('GET', WHOAMI_URL, {
      status: 401,
      statusText: 'Unauthorized',
      data: { error: { code: 'unauthorized', message: 'Missing or unknown bearer token' } },
    });
    renderPage();
    await screen.findByTestId(testIds.queues.row('email-sending'));
    await waitFor(() => expect(srv.requestsTo('GET', WHOAMI_URL)).toHaveLength(1));
    expect(screen.queryAllByRole('button')).toHaveLength(0);
  });

  it('shows a drift banner with a count per kind', async () => {
    srv.on('GET', DRIFT_URL, {
      data: {
        checkedAt: 'x',
        kinds: [
          { kind: 'ledger_without_job', count: 4, oldestAgeMs: 120_000, examples: [], lowerBound: false },
          { kind: 'job_without_ledger', count: 0, oldestAgeMs: null, examples: [], lowerBound: false },
          { kind: 'active_past_lock', count: 1, oldestAgeMs: null, examples: [], lowerBound: false },
        ],
      },
    });
    renderPage();
    const banner = await screen.findByTestId(testIds.queues.driftBanner);
    expect(banner).toHaveTextContent('5 findings');
    expect(screen.getByTestId(testIds.queues.driftKind('ledger_without_job'))).toHaveTextContent(
      '4 ledger rows that never started, without a live job (oldest 2 mins)'
    );
    expect(screen.getByTestId(testIds.queues.driftKind('active_past_lock'))).toHaveAttribute('data-value', '1');
    expect(screen.queryByTestId(testIds.queues.driftKind('job_without_ledger'))).not.toBeInTheDocument();
  });

  it('keeps the last good data with a stale marker while the service is down, and shows an error before any data', async () => {
    let up = true;
    srv.on('GET', QUEUES_URL, () =>
      up ? { data: queuesResponse() } : { status: 502, statusText: 'Bad Gateway', data: { message: 'Bad Gateway' } }
    );
    renderPage({ pollIntervalMs: 50 });
    await screen.findByTestId(testIds.queues.row('email-sending'));
    up = false;
    const stale = await screen.findByTestId(testIds.queues.stale);
    expect(stale).toHaveTextContent('the service is not answering');
    expect(stale).toHaveTextContent('HTTP 502 Bad Gateway');
    expect(screen.getByTestId(testIds.queues.row('email-sending'))).toBeInTheDocument();
    up = true;
    await waitFor(() => expect(screen.queryByTestId(testIds.queues.stale)).not.toBeInTheDocument());
  });

  it('shows an error when the first load fails', async () => {
    srv.on('GET', QUEUES_URL, { networkError: 'Failed to fetch' });
    renderPage();
    expect(await screen.findByTestId(testIds.queues.error)).toHaveTextContent('Could not load queues');
    expect(screen.queryByTestId(testIds.queues.tier('high'))).not.toBeInTheDocument();
  });

  it('polls every interval and pauses while the tab is hidden', async () => {
    renderPage({ pollIntervalMs: 50 });
    await screen.findByTestId(testIds.queues.row('email-sending'));
    await waitFor(() => expect(srv.requestsTo('GET', QUEUES_URL).length).toBeGreaterThanOrEqual(3));

    act(() => setVisibility('hidden'));
    expect(await screen.findByTestId(testIds.queues.pollingPaused)).toBeInTheDocument();
    const whenHidden = srv.requestsTo('GET', QUEUES_URL).length;
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(srv.requestsTo('GET', QUEUES_URL).length).toBe(whenHidden);

    act(() => setVisibility('visible'));
    await waitFor(() => expect(srv.requestsTo('GET', QUEUES_URL).length).toBeGreaterThan(whenHidden));
    expect(screen.queryByTestId(testIds.queues.pollingPaused)).not.toBeInTheDocument();
  });

  describe('drift recovery', () => {
    const RECOVER_URL = `${BASE}/operator/drift/recover`;
    const driftWithStartedRows = {
      checkedAt: 'x',
      kinds: [
        { kind: 'ledger_without_job', count: 3, oldestAgeMs: 120_000, examples: [], lowerBound: false },
        { kind: 'started_without_job', count: 2, oldestAgeMs: 300_000, examples: [], lowerBound: false },
        { kind: 'active_past_lock', count: 1, oldestAgeMs: null, examples: [], lowerBound: false },
      ],
    };
    const recovered = (overrides: Record<string, unknown> = {}) => ({
      data: {
        mode: 'not_started',
        recovered: 3,
        recoveredRows: [],
        skipped: 0,
        skippedExamples: [],
        needsDecision: 2,
        ...overrides,
      },
    });

    beforeEach(() => {
      srv.on('GET', DRIFT_URL, { data: driftWithStartedRows });
    });

    it('re-enqueues only never-started rows by default, sending includeStarted: false, and shows the outcome', async () => {
      srv.on('POST', RECOVER_URL, recovered());
      renderPage();
      await userEvent.click(await screen.findByTestId(testIds.queues.driftRecover));

      expect(screen.getByTestId(testIds.actions.confirmBody)).toHaveTextContent(
        'Re-enqueues 3 rows of the job ledger that never started'
      );
      expect(screen.getByTestId(testIds.actions.confirmBody)).toHaveTextContent(
        '2 rows last seen active are left alone'
      );
      expect(screen.getByTestId(testIds.actions.confirmChoice)).not.toBeChecked();
      expect(screen.queryByTestId(testIds.actions.confirmWarning)).not.toBeInTheDocument();
      const confirm = screen.getByTestId(testIds.actions.confirmButton);
      expect(confirm).toHaveTextContent('Re-enqueue 3 rows that never started');
      expect(srv.requestsTo('POST', RECOVER_URL)).toHaveLength(0);
      const driftPolls = srv.requestsTo('GET', DRIFT_URL).length;

      await userEvent.click(confirm);
      const outcome = await screen.findByTestId(testIds.actions.outcome);
      expect(outcome).toHaveAttribute('data-ok', 'true');
      expect(outcome).toHaveTextContent(
        'Re-enqueued 3 rows; 2 rows last seen active need a decision (left alone: they may have run)'
      );
      const posts = srv.requestsTo('POST', RECOVER_URL);
      expect(posts).toHaveLength(1);
      expect(posts[0].data).toEqual({ limit: 3, includeStarted: false });
      // The banner is re-read at once (drift polls only every minute).
      await waitFor(() => expect(srv.requestsTo('GET', DRIFT_URL).length).toBeGreaterThan(driftPolls));
    });

    it('includes the started rows only when explicitly chosen, after a warning that they may run twice', async () => {
      srv.on('POST', RECOVER_URL, recovered({ mode: 'include_started', recovered: 5, needsDecision: 0 }));
      renderPage();
      await userEvent.click(await screen.findByTestId(testIds.queues.driftRecover));
      await userEvent.click(screen.getByTestId(testIds.actions.confirmChoice));

      const warning = screen.getByTestId(testIds.actions.confirmWarning);
      expect(warning).toHaveTextContent('may have run already');
      expect(warning).toHaveTextContent('an email may be sent twice');
      const confirm = screen.getByTestId(testIds.actions.confirmButton);
      expect(confirm).toHaveTextContent('Re-enqueue 5 rows, including 2 that may have run');
      await userEvent.click(confirm);

      expect(await screen.findByTestId(testIds.actions.outcome)).toHaveTextContent(
        'Re-enqueued 5 rows (rows last seen active included)'
      );
      expect(srv.requestsTo('POST', RECOVER_URL).map((r) => r.data)).toEqual([{ limit: 5, includeStarted: true }]);
    });

    it('sends one recovery for a double click on Confirm', async () => {
      const answer = deferred<FakeReply>();
      srv.on('POST', RECOVER_URL, () => answer.promise);
      renderPage();
      await userEvent.click(await screen.findByTestId(testIds.queues.driftRecover));
      const confirm = screen.getByTestId(testIds.actions.confirmButton);
      doubleClickBeforeRender(confirm);
      await waitFor(() => expect(confirm).toBeDisabled());
      expect(screen.getByTestId(testIds.actions.confirmChoice)).toBeDisabled();
      answer.resolve(recovered());
      expect(await screen.findByTestId(testIds.actions.outcome)).toHaveTextContent('Re-enqueued 3 rows');
      expect(srv.requestsTo('POST', RECOVER_URL)).toHaveLength(1);
    });

    it('shows a refused recovery as an error naming the mode', async () => {
      srv.on('POST', RECOVER_URL, {
        status: 503,
        statusText: 'Service Unavailable',
        data: { error: { code: 'redis_unavailable', message: 'Redis is unreachable (x); queue data is unknown' } },
      });
      renderPage();
      await userEvent.click(await screen.findByTestId(testIds.queues.driftRecover));
      await userEvent.click(screen.getByTestId(testIds.actions.confirmButton));
      const outcome = await screen.findByTestId(testIds.actions.outcome);
      expect(outcome).toHaveAttribute('data-ok', 'false');
      expect(outcome).toHaveTextContent(
        'Re-enqueue 3 rows that never started failed: HTTP 503 Service Unavailable: Redis is unreachable'
      );
    });

    it('offers no Recover to Viewers, nor when no ledger row lost its job', async () => {
      srv.answerOperatorWhoamiAs('Viewer');
      const { unmount } = renderPage();
      await screen.findByTestId(testIds.queues.driftBanner);
      await waitFor(() => expect(srv.requestsTo('GET', WHOAMI_URL)).toHaveLength(1));
      expect(screen.queryByTestId(testIds.queues.driftRecover)).not.toBeInTheDocument();
      unmount();

      srv = new FakeBackendSrv().install().answerOperatorWhoamiAs('Editor');
      srv
        .on('GET', QUEUES_URL, { data: queuesResponse() })
        .on('GET', HISTORY_URL, { data: { field: 'depth', series: [] } })
        .on('GET', DRIFT_URL, {
          data: {
            checkedAt: 'x',
            kinds: [{ kind: 'job_without_ledger', count: 2, oldestAgeMs: null, examples: [], lowerBound: false }],
          },
        });
      renderPage();
      await screen.findByTestId(testIds.queues.driftBanner);
      await screen.findByTestId(testIds.queues.pause('email-sending'));
      expect(screen.queryByTestId(testIds.queues.driftRecover)).not.toBeInTheDocument();
    });
  });

  describe('queues the service could not read', () => {
    const REDIS_ERROR = 'Redis is unreachable (connect ECONNREFUSED 127.0.0.1:6390); queue data is unknown';

    it('shows "no data" and why in place of a failed queue\'s numbers, never zeros, also in its tier summary', async () => {
      const broken = queueSnapshot({
        name: 'broken-queue',
        tier: 'low',
        depth: 0,
        counts: { waiting: 0, prioritized: 0, active: 0, delayed: 0, waitingChildren: 0, failed: 0, completed: 0 },
        oldestWaitingAgeMs: null,
        workers: null,
        throughputPerMin: null,
        failuresPerMin: null,
        failureRate: null,
        drainEtaSeconds: null,
        error: 'WRONGTYPE Operation against a key holding the wrong kind of value',
      });
      srv.on('GET', QUEUES_URL, { data: queuesResponse([...demoQueues(), broken]) });
      renderPage();
      const row = await screen.findByTestId(testIds.queues.row('broken-queue'));
      expect(within(row).getByTestId(testIds.queues.noData('broken-queue'))).toHaveTextContent(
        'no data — WRONGTYPE Operation against a key holding the wrong kind of value'
      );
      expect(within(row).queryAllByTestId(/queues-count-/)).toHaveLength(0);
      expect(within(row).queryByText('0')).not.toBeInTheDocument();
      expect(within(row).getByText('Unreadable')).toBeInTheDocument();
      // The low tier holds analytics-aggregation (depth 0) and the broken queue: a lower bound, not a sum.
      expect(screen.getByTestId(testIds.queues.tierSummary('low'))).toHaveTextContent(
        '2 queues · depth ≥ 0 (1 queue: no data) · 1 paused'
      );
      // Readable queues are shown as before.
      expect(screen.getByTestId(testIds.queues.count('email-sending', 'depth'))).toHaveTextContent('160');
      expect(screen.getByTestId(testIds.queues.tierSummary('high'))).toHaveTextContent('1 queue · depth 160');
    });

    it('says the tier depth is unknown when no queue of it could be read', async () => {
      const unreadable = (name: string) =>
        queueSnapshot({ name, depth: 0, workers: null, drainEtaSeconds: null, error: REDIS_ERROR });
      srv.on('GET', QUEUES_URL, { data: queuesResponse([unreadable('a'), unreadable('b')]) });
      renderPage();
      expect(await screen.findByTestId(testIds.queues.tierSummary('high'))).toHaveTextContent(
        '2 queues · depth unknown (no data)'
      );
      expect(screen.getByTestId(testIds.queues.noData('a'))).toHaveTextContent(`no data — ${REDIS_ERROR}`);
      expect(screen.queryAllByTestId(/queues-count-/)).toHaveLength(0);
    });

    it('explains a 503 from the service (Redis unreachable) before any data, with no numbers', async () => {
      srv.on('GET', QUEUES_URL, {
        status: 503,
        statusText: 'Service Unavailable',
        data: { error: { code: 'redis_unavailable', message: REDIS_ERROR } },
      });
      renderPage();
      const error = await screen.findByTestId(testIds.queues.error);
      expect(error).toHaveTextContent('Could not load queues');
      expect(error).toHaveTextContent(`HTTP 503 Service Unavailable: ${REDIS_ERROR}`);
      expect(screen.queryByTestId(testIds.queues.tier('high'))).not.toBeInTheDocument();
      expect(screen.queryAllByTestId(/queues-count-/)).toHaveLength(0);
    });

    it('keeps the last numbers marked as old when Redis goes away, without claiming the service is down', async () => {
      let redisUp = true;
      srv.on('GET', QUEUES_URL, () =>
        redisUp
          ? { data: queuesResponse() }
          : {
              status: 503,
              statusText: 'Service Unavailable',
              data: { error: { code: 'redis_unavailable', message: REDIS_ERROR } },
            }
      );
      renderPage({ pollIntervalMs: 50 });
      await screen.findByTestId(testIds.queues.row('email-sending'));
      redisUp = false;
      const stale = await screen.findByTestId(testIds.queues.stale);
      expect(stale).toHaveTextContent(/Showing queues from .+: the latest update failed/);
      expect(stale).not.toHaveTextContent('not answering');
      expect(stale).toHaveTextContent(REDIS_ERROR);
    });
  });
});
