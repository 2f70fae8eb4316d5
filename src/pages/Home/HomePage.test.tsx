import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import { FieldType } from '@grafana/data';
import { HomePage } from './HomePage';
import { infraTestIds } from '../../components/infraTestIds';
import { testIds } from '../../components/testIds';
import { FakeBackendSrv } from '../../testUtils/fakeBackendSrv';
import { degradedResponse, healthyResponse } from '../../testUtils/fixtures';
import { finding, infrastructureResponse } from '../../testUtils/infraFixtures';
import { withLayoutStubs } from '../../testUtils/layoutStubs';
import { demoQueues, queueSnapshot, queuesResponse } from '../../testUtils/queueFixtures';
import { parseLogsView } from '../../utils/logsUrl';

const BASE = '/api/datasources/proxy/uid/penguinmails-sysmon';
const HEALTH_URL = `${BASE}/api/health`;
const INFRA_URL = `${BASE}/api/infrastructure`;
const QUEUES_URL = `${BASE}/api/queues`;
const QUERY_URL = `${BASE}/api/query`;
const O = infraTestIds.overview;

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

const volumeAnswer = (counts: number[]) => ({
  results: {
    errors: {
      frames: [
        {
          schema: {
            name: 'error',
            fields: [
              { name: 'time', type: FieldType.time },
              { name: 'count', type: FieldType.number, labels: { level: 'error' } },
            ],
          },
          data: { values: [counts.map((_, i) => 1_767_322_800_000 + i * 60_000), counts] },
        },
      ],
    },
  },
});

function renderPage(props: Partial<React.ComponentProps<typeof HomePage>> = {}) {
  return render(
    <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <HomePage datasourceUid="penguinmails-sysmon" {...props} />
    </MemoryRouter>
  );
}

describe('HomePage (operations overview)', () => {
  let srv: FakeBackendSrv;
  withLayoutStubs();

  beforeEach(() => {
    setVisibility('visible');
    srv = new FakeBackendSrv()
      .install()
      .on('GET', HEALTH_URL, { data: healthyResponse() })
      .on('GET', INFRA_URL, { data: infrastructureResponse() })
      .on('GET', QUEUES_URL, {
        data: queuesResponse([
          queueSnapshot({ depth: 2400, oldestWaitingAgeMs: 180_000, failuresPerMin: 3 }),
          ...demoQueues().slice(1),
        ]),
      })
      .on('POST', QUERY_URL, { data: volumeAnswer([2, 0, 5]) });
  });

  it('shows services, findings, queues and errors in one round of four requests', async () => {
    renderPage();
    const smtp = await screen.findByTestId(O.service('smtp'));
    expect(smtp).toHaveAttribute('data-state', 'degraded');
    expect(smtp).toHaveTextContent('SMTPDegradedfor 4 min4.20 sbanner took 4.2 s, threshold 1 s');
    expect(within(smtp).getByRole('link')).toHaveAttribute(
      'href',
      '/a/penguinmails-sysmon-app/infrastructure?service=smtp'
    );
    expect(screen.getByRole('region', { name: 'Services' })).toHaveTextContent('1 degraded · 4 operational');
    expect(screen.getByTestId(infraTestIds.findings.item('smtp:slow_banner'))).toHaveTextContent('SMTP is degraded');

    const high = await screen.findByTestId(O.tier('high'));
    expect(high).toHaveAttribute('data-depth', '2400');
    expect(high).toHaveAttribute('data-backing-up', '1');
    expect(high).toHaveTextContent('3 jobs/min');
    expect(screen.getByTestId(O.backlog('email-sending'))).toHaveTextContent(
      'email-sending: 2,400 waiting, oldest 3 min'
    );
    expect(screen.getByTestId(O.backlog('email-sending'))).toHaveAttribute(
      'href',
      '/a/penguinmails-sysmon-app/queues/email-sending'
    );
    expect(screen.getByTestId(O.tier('normal'))).toHaveAttribute('data-backing-up', '0');
    expect(screen.getByRole('region', { name: 'Queues' })).toHaveTextContent('1 queue backing up');

    const errors = await screen.findByTestId(O.errorVolume);
    expect(errors).toHaveAttribute('data-total', '7');
    expect(errors).toHaveTextContent('7 error and fatal lines in the last hour');
    const logsLink = screen.getByTestId(O.sectionLink('logs'));
    expect(parseLogsView(new URL(logsLink.getAttribute('href')!, 'http://g').searchParams)).toMatchObject({
      levels: ['error', 'fatal'],
      from: 'now-1h',
    });
    expect(screen.getByTestId(O.sectionLink('services'))).toHaveAttribute(
      'href',
      '/a/penguinmails-sysmon-app/infrastructure'
    );
    expect(screen.getByTestId(O.sectionLink('queues'))).toHaveAttribute('href', '/a/penguinmails-sysmon-app/queues');

    // The service's own health stays, secondary.
    expect(await screen.findByTestId(testIds.home.statusBadge)).toHaveTextContent('OK · 2/2 dependencies up');
    expect(screen.getByTestId(testIds.home.dependencyLatency('postgres'))).toHaveTextContent('1.2 ms');

    const [query] = srv.requestsTo('POST', QUERY_URL);
    expect(query.data).toMatchObject({ queries: [{ queryType: 'log_volume', levels: ['error', 'fatal'] }] });
    expect(srv.requests.map((r) => `${r.method ?? 'GET'} ${r.url}`).sort()).toEqual(
      [`GET ${HEALTH_URL}`, `GET ${INFRA_URL}`, `GET ${QUEUES_URL}`, `POST ${QUERY_URL}`].sort()
    );
  });

  it('shows at most five findings, most severe first', async () => {
    const findings = Array.from({ length: 7 }, (_, i) =>
      finding({ id: `f${i}`, severity: i === 6 ? 'critical' : 'info', title: `Finding ${i}` })
    );
    srv.on('GET', INFRA_URL, { data: infrastructureResponse({ findings }) });
    renderPage();
    const list = await screen.findByTestId(infraTestIds.findings.list);
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(5);
    expect(items[0]).toHaveAttribute('data-severity', 'critical');
    expect(screen.getByText('and 2 more')).toBeInTheDocument();
  });

  it('shows a section’s own failure in place, never as zero, while the others work', async () => {
    srv.on('POST', QUERY_URL, { data: { results: { errors: { error: 'log store unavailable', status: 503 } } } });
    renderPage();
    expect(await screen.findByTestId(O.sectionError('logs'))).toHaveTextContent('Unavailable: log store unavailable');
    expect(screen.queryByTestId(O.errorVolume)).not.toBeInTheDocument();
    expect(await screen.findByTestId(O.service('smtp'))).toBeInTheDocument();
  });

  it('shows a down dependency of the monitoring service with its error', async () => {
    srv.on('GET', HEALTH_URL, { data: degradedResponse() });
    renderPage();
    expect(await screen.findByTestId(testIds.home.statusBadge)).toHaveTextContent('Degraded · 1/2 dependencies up');
    expect(screen.getByTestId(testIds.home.dependencyStatus('redis'))).toHaveAttribute('data-status', 'down');
    expect(
      within(screen.getByTestId(testIds.home.dependencyRow('redis'))).getByText('connect ECONNREFUSED 127.0.0.1:6379')
    ).toBeInTheDocument();
  });

  it('shows one clear error with a link to the configuration when the service is unreachable', async () => {
    for (const [method, url] of [
      ['GET', HEALTH_URL],
      ['GET', INFRA_URL],
      ['GET', QUEUES_URL],
      ['POST', QUERY_URL],
    ]) {
      srv.on(method, url, { status: 502, statusText: 'Bad Gateway', data: { message: 'Bad Gateway' } });
    }
    renderPage();
    const error = await screen.findByTestId(testIds.home.error);
    expect(error).toHaveAttribute('data-kind', 'unreachable');
    expect(error).toHaveTextContent('The monitoring service is unreachable');
    expect(screen.getByTestId(testIds.home.configLink)).toHaveAttribute('href', '/plugins/penguinmails-sysmon-app');
    await waitFor(() => expect(screen.queryByTestId(O.container)).not.toBeInTheDocument());
    expect(screen.queryByTestId(testIds.home.statusBadge)).not.toBeInTheDocument();
    expect(screen.queryByTestId(O.dependencies)).not.toBeInTheDocument();
  });

  it('marks data stale when polls start failing, recovers, and pauses while the tab is hidden', async () => {
    let up = true;
    const reply = (data: unknown) => () => (up ? { data } : { networkError: 'Failed to fetch' });
    srv
      .on('GET', HEALTH_URL, reply(healthyResponse()))
      .on('GET', INFRA_URL, reply(infrastructureResponse()))
      .on('GET', QUEUES_URL, reply(queuesResponse()));
    renderPage({ pollIntervalMs: 50 });
    await screen.findByTestId(O.service('smtp'));
    up = false;
    expect(await screen.findByTestId(O.sectionStale('services'))).toHaveTextContent('the service is not answering');
    expect(screen.getByTestId(O.service('smtp'))).toBeInTheDocument();
    up = true;
    await waitFor(() => expect(screen.queryByTestId(O.sectionStale('services'))).not.toBeInTheDocument());

    act(() => setVisibility('hidden'));
    expect(await screen.findByTestId(testIds.home.pollingPaused)).toBeInTheDocument();
    const countWhenHidden = srv.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(srv.requests.length).toBe(countWhenHidden);
    act(() => setVisibility('visible'));
    await waitFor(() => expect(srv.requests.length).toBeGreaterThan(countWhenHidden));
  });

  it('explains a missing data source', async () => {
    renderPage({ datasourceUid: 'missing-uid' });
    const error = await screen.findByTestId(testIds.home.error);
    expect(error).toHaveAttribute('data-kind', 'not-configured');
    expect(error).toHaveTextContent('Grafana has no data source with uid "missing-uid"');
  });
});
