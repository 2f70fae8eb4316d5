import React from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { infraTestIds } from '../../components/infraTestIds';
import { FakeBackendSrv } from '../../testUtils/fakeBackendSrv';
import {
  FINDING_LOGS_VIEW,
  INFRA_NOW,
  infrastructureResponse,
  NO_REPUTATION,
  reputationResponse,
  serviceHistoryResponse,
} from '../../testUtils/infraFixtures';
import { withLayoutStubs } from '../../testUtils/layoutStubs';
import { linkedLogsView } from '../../testUtils/logsLink';
import { InfrastructurePage } from './InfrastructurePage';

const BASE = '/api/datasources/proxy/uid/penguinmails-sysmon';
const STATE_URL = `${BASE}/api/infrastructure`;
const HISTORY_URL = `${BASE}/api/infrastructure/history`;
const REPUTATION_URL = `${BASE}/api/reputation`;
const T = infraTestIds.infrastructure;

function LocationDisplay() {
  const location = useLocation();
  return <span data-testid="location">{`${location.pathname}${location.search}`}</span>;
}

function renderPage(path = '/a/penguinmails-sysmon-app/infrastructure', props: { pollIntervalMs?: number } = {}) {
  return render(
    <MemoryRouter initialEntries={[path]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <Routes>
        <Route
          path="/a/penguinmails-sysmon-app/infrastructure"
          element={
            <>
              <InfrastructurePage datasourceUid="penguinmails-sysmon" {...props} />
              <LocationDisplay />
            </>
          }
        />
      </Routes>
    </MemoryRouter>
  );
}

describe('InfrastructurePage', () => {
  let srv: FakeBackendSrv;
  withLayoutStubs();

  beforeEach(() => {
    srv = new FakeBackendSrv()
      .install()
      .on('GET', STATE_URL, { data: infrastructureResponse() })
      .on('GET', REPUTATION_URL, { data: reputationResponse() })
      .on('GET', HISTORY_URL, (request) => {
        const history = serviceHistoryResponse(request.params?.service ? [request.params.service] : ['smtp', 'api']);
        if (!request.params?.service) {
          history.series.push({ service: 'redis', points: [[INFRA_NOW - 60_000, 2.5, 0]] });
        }
        return { data: history };
      });
  });

  it('shows a card per service in the configuration’s order with state, latency, since, uptime and cause', async () => {
    renderPage();
    const smtp = await screen.findByTestId(T.card('smtp'));
    const cards = within(screen.getByRole('region', { name: 'Services' })).getAllByRole('button');
    expect(cards.map((card) => card.getAttribute('data-testid'))).toEqual(
      ['smtp', 'api', 'postgres', 'redis', 'workers'].map(T.card)
    );
    expect(smtp).toHaveAttribute('data-state', 'degraded');
    expect(screen.getByTestId(T.cardState('smtp'))).toHaveTextContent('Degraded');
    expect(screen.getByTestId(T.cardLatency('smtp'))).toHaveTextContent('4.20 s banner');
    expect(screen.getByTestId(T.cardSince('smtp'))).toHaveTextContent('for 4 min');
    expect(screen.getByTestId(T.cardSince('smtp'))).toHaveAttribute('dateTime', '2026-01-02T03:00:05.000Z');
    expect(screen.getByTestId(T.cardCause('smtp'))).toHaveTextContent('banner took 4.2 s, threshold 1 s');
    expect(screen.getByTestId(T.cardUptime('smtp', '24h'))).toHaveTextContent('24 h 98%');
    // Unknown uptime is a dash, never 100%.
    expect(screen.getByTestId(T.cardUptime('smtp', '30d'))).toHaveTextContent('30 d —');
    expect(screen.getByTestId(T.cardState('api'))).toHaveTextContent('Operational');
    expect(screen.getByTestId(T.cardLatency('api'))).toHaveTextContent('12 ms response');
    expect(screen.queryByTestId(T.cardCause('api'))).not.toBeInTheDocument();

    // One request for every sparkline: the last 24 h.
    const sparkline = screen.getByTestId(T.cardSparkline('smtp'));
    await waitFor(() => expect(sparkline.querySelector('canvas')).not.toBeNull());
    expect(sparkline).toHaveAttribute('data-points', '96');
    expect(screen.getByTestId(T.cardSparkline('postgres'))).toHaveTextContent('24 h latency: none measured');
    // A service checked for less than one bucket has a value but no line yet: said so, not "none".
    expect(screen.getByTestId(T.cardSparkline('redis'))).toHaveTextContent('24 h latency: building up');
    // Workers measure no latency: no number, and no unit pretending to be one.
    expect(screen.getByTestId(T.cardLatency('workers'))).toHaveTextContent('no latency measured');
    const history = srv.requestsTo('GET', HISTORY_URL);
    expect(history).toHaveLength(1);
    expect(history[0].params).toMatchObject({ maxPoints: 96 });
    expect(history[0].params?.service).toBeUndefined();
    expect(Date.now() - Date.parse(history[0].params?.from)).toBeGreaterThanOrEqual(24 * 3600_000);
    expect(screen.getByTestId(T.lastUpdated)).toHaveAttribute('dateTime', new Date(INFRA_NOW).toISOString());
  });

  it('lists the findings with a link to the logs of the service over the finding’s window', async () => {
    renderPage();
    const item = await screen.findByTestId(infraTestIds.findings.item('smtp:slow_banner'));
    expect(item).toHaveTextContent('SMTP is degraded');
    expect(item).toHaveTextContent('SMTP · first seen 4 min ago');
    const link = within(item).getByRole('link', { name: /Search logs/ });
    expect(linkedLogsView(link)).toMatchObject(FINDING_LOGS_VIEW);
  });

  it('shows the IP reputation problems first, unknown as unknown with its reason, and removal links', async () => {
    renderPage();
    const table = await screen.findByTestId(T.reputation);
    // The entries come from GET /api/reputation, read once the state says a pass ran.
    expect(await screen.findByTestId(T.reputationSummary)).toHaveTextContent('1 IP on 3 lists: 1 listed, 1 unknown');
    expect(srv.requests.filter((request) => request.url.endsWith('/api/reputation')).length).toBeGreaterThan(0);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.getAttribute('data-tone'))).toEqual(['bad', 'unknown', 'good']);
    const listed = screen.getByTestId(T.reputationRow('192.0.2.10', 'b.barracudacentral.org'));
    expect(listed).toHaveTextContent('Listed');
    expect(listed).toHaveTextContent('Client host blocked using Barracuda Reputation');
    expect(listed).toHaveTextContent('3 d ago');
    expect(within(listed).getByRole('link', { name: /Request removal/ })).toHaveAttribute(
      'href',
      'https://www.barracudacentral.org/rbl/removal-request'
    );
    const unknown = screen.getByTestId(T.reputationRow('192.0.2.10', 'bl.spamcop.net'));
    expect(unknown).toHaveTextContent('Unknown');
    expect(unknown).toHaveTextContent('SERVFAIL from 127.0.0.1:53');
    expect(unknown).not.toHaveTextContent('Clean');
    expect(within(unknown).queryByRole('link')).not.toBeInTheDocument();
  });

  it('loads the listing history when asked, current listings first', async () => {
    srv.on('GET', `${BASE}/api/reputation/history`, {
      data: {
        periods: [
          {
            ip: '192.0.2.10',
            zone: 'bl.spamcop.net',
            zoneLabel: 'SpamCop',
            firstSeen: '2025-12-01T00:00:00.000Z',
            lastSeen: '2025-12-02T00:00:00.000Z',
            endedAt: '2025-12-02T01:00:00.000Z',
            codes: ['127.0.0.2'],
            reason: 'spam trap hit',
          },
          {
            ip: '192.0.2.10',
            zone: 'b.barracudacentral.org',
            zoneLabel: 'Barracuda',
            firstSeen: '2025-12-30T00:00:00.000Z',
            lastSeen: '2026-01-02T03:00:00.000Z',
            endedAt: null,
            codes: ['127.0.0.2'],
            reason: null,
          },
        ],
      },
    });
    renderPage();
    await userEvent.click(await screen.findByRole('button', { name: 'Listing history' }));
    const table = await screen.findByText('still listed (last seen 2026-01-02 03:00:00)');
    const rows = within(table.closest('table')!).getAllByRole('row').slice(1);
    expect(rows.map((row) => (row as HTMLTableRowElement).cells[1].textContent)).toEqual(['Barracuda', 'SpamCop']);
    expect(rows[1]).toHaveTextContent('spam trap hit');
    expect(srv.requestsTo('GET', `${BASE}/api/reputation/history`)[0].params).toEqual({ limit: 200 });
  });

  it('opens a service’s history from its card, keeps it in the URL, and closes it', async () => {
    renderPage();
    await userEvent.click(await screen.findByTestId(T.card('smtp')));
    expect(screen.getByTestId('location')).toHaveTextContent('/a/penguinmails-sysmon-app/infrastructure?service=smtp');
    expect(screen.getByTestId(T.card('smtp'))).toHaveAttribute('aria-pressed', 'true');
    const history = await screen.findByTestId(T.history.container);
    expect(history).toHaveAttribute('data-service', 'smtp');
    const transitions = await within(history).findByTestId(T.history.transitions);
    expect(transitions).toHaveTextContent('Operational → Degraded');
    expect(transitions).toHaveTextContent('banner took 4.2 s, threshold 1 s');
    expect(screen.getByTestId(T.history.chart)).toHaveAttribute('data-points', '96');
    // The state strip: operational, the gap of bucket 10, operational again, degraded at the end.
    expect(screen.getByTestId(T.history.states)).toHaveAttribute(
      'data-states',
      'operational,none,operational,degraded'
    );
    const forSmtp = srv.requestsTo('GET', HISTORY_URL).filter((r) => r.params?.service === 'smtp');
    expect(forSmtp).toHaveLength(1);
    expect(forSmtp[0].params?.maxPoints).toBe(240);

    // Another range asks again for that range.
    await userEvent.click(within(screen.getByTestId(T.history.range)).getByRole('radio', { name: '1 h' }));
    await waitFor(() =>
      expect(srv.requestsTo('GET', HISTORY_URL).filter((r) => r.params?.service === 'smtp')).toHaveLength(2)
    );
    const last = srv.requestsTo('GET', HISTORY_URL).pop()!;
    expect(Date.now() - Date.parse(last.params?.from)).toBeLessThan(3600_000 + 60_000);

    await userEvent.click(screen.getByTestId(T.history.close));
    expect(screen.queryByTestId(T.history.container)).not.toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(/infrastructure$/);
  });

  it('reads the reputation entries again only when the polled state says a new pass ran', async () => {
    renderPage(undefined, { pollIntervalMs: 50 });
    await screen.findByTestId(T.reputationSummary);
    const reads = () => srv.requests.filter((request) => request.url.endsWith('/api/reputation')).length;
    const first = reads();
    // Several state polls with the same pass: no new read.
    await waitFor(() =>
      expect(srv.requests.filter((request) => request.url.endsWith('/api/infrastructure')).length).toBeGreaterThan(3)
    );
    expect(reads()).toBe(first);
    const summary = infrastructureResponse().reputation;
    srv.on('GET', STATE_URL, {
      data: infrastructureResponse({ reputation: { ...summary, checkedAt: new Date(INFRA_NOW).toISOString() } }),
    });
    await waitFor(() => expect(reads()).toBe(first + 1));
  });

  it('opens the history of the service the URL names', async () => {
    renderPage('/a/penguinmails-sysmon-app/infrastructure?service=api');
    expect(await screen.findByTestId(T.history.container)).toHaveAttribute('data-service', 'api');
    expect(await screen.findByTestId(T.history.transitionsEmpty)).toHaveTextContent('No state changes');
  });

  it('says what to configure when nothing is probed and no sending IP is checked', async () => {
    srv.on('GET', STATE_URL, {
      data: infrastructureResponse({ services: [], findings: [], reputation: NO_REPUTATION }),
    });
    srv.on('GET', REPUTATION_URL, { data: reputationResponse({ checkedAt: null, entries: [] }) });
    renderPage();
    expect(await screen.findByTestId(T.servicesEmpty)).toHaveTextContent('probes');
    expect(screen.getByTestId(T.reputationEmpty)).toHaveTextContent('reputation.sendingIps');
    expect(screen.getByTestId(infraTestIds.findings.empty)).toBeInTheDocument();
  });

  it('shows an error, not cards, when the service cannot be reached', async () => {
    srv.on('GET', STATE_URL, { status: 502, statusText: 'Bad Gateway', data: { message: 'Bad Gateway' } });
    renderPage();
    expect(await screen.findByTestId(T.error)).toHaveTextContent('Could not load the infrastructure state');
    expect(screen.queryByTestId(T.card('smtp'))).not.toBeInTheDocument();
  });

  it('marks the cards as stale, not live, once polls fail', async () => {
    let up = true;
    srv.on('GET', STATE_URL, () => (up ? { data: infrastructureResponse() } : { networkError: 'Failed to fetch' }));
    renderPage(undefined, { pollIntervalMs: 50 });
    await screen.findByTestId(T.card('smtp'));
    up = false;
    const stale = await screen.findByTestId(T.stale);
    expect(stale).toHaveTextContent('the service is not answering');
    expect(screen.getByTestId(T.card('smtp'))).toBeInTheDocument();
  });
});
