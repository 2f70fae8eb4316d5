import React from 'react';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import { HomePage } from './HomePage';
import { testIds } from '../../components/testIds';
import { FakeBackendSrv } from '../../testUtils/fakeBackendSrv';
import { degradedResponse, healthyResponse } from '../../testUtils/fixtures';

const HEALTH_URL = '/api/datasources/proxy/uid/penguinmails-sysmon/api/health';

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('HomePage', () => {
  let srv: FakeBackendSrv;
  beforeEach(() => {
    srv = new FakeBackendSrv().install();
    setVisibility('visible');
  });

  it('renders the health the service returns', async () => {
    srv.on('GET', HEALTH_URL, { data: healthyResponse() });
    render(<HomePage datasourceUid="penguinmails-sysmon" />);
    expect(screen.getByTestId(testIds.home.loading)).toHaveTextContent('Checking the service');

    const badge = await screen.findByTestId(testIds.home.statusBadge);
    expect(badge).toHaveTextContent('OK · 2/2 dependencies up');
    expect(screen.getByTestId(testIds.home.version)).toHaveTextContent('0.1.0');
    expect(screen.getByTestId(testIds.home.lastChecked)).toHaveAttribute('dateTime', '2026-01-02T03:04:05.000Z');

    const postgres = screen.getByTestId(testIds.home.dependencyRow('postgres'));
    expect(within(postgres).getByText('Up')).toBeInTheDocument();
    expect(screen.getByTestId(testIds.home.dependencyLatency('postgres'))).toHaveTextContent('1.2 ms');
    expect(screen.getByTestId(testIds.home.dependencyLatency('redis'))).toHaveTextContent('0.4 ms');
    expect(srv.requestsTo('GET', HEALTH_URL)).toHaveLength(1);
  });

  it('shows a down dependency with its error', async () => {
    srv.on('GET', HEALTH_URL, { data: degradedResponse() });
    render(<HomePage datasourceUid="penguinmails-sysmon" />);

    expect(await screen.findByTestId(testIds.home.statusBadge)).toHaveTextContent('Degraded · 1/2 dependencies up');
    const redis = screen.getByTestId(testIds.home.dependencyRow('redis'));
    expect(screen.getByTestId(testIds.home.dependencyStatus('redis'))).toHaveAttribute('data-status', 'down');
    expect(within(redis).getByText('connect ECONNREFUSED 127.0.0.1:6379')).toBeInTheDocument();
  });

  it('shows an error with a link to the configuration when the service is unreachable', async () => {
    srv.on('GET', HEALTH_URL, { status: 502, statusText: 'Bad Gateway', data: { message: 'Bad Gateway' } });
    render(<HomePage datasourceUid="penguinmails-sysmon" />);

    const error = await screen.findByTestId(testIds.home.error);
    expect(error).toHaveAttribute('data-kind', 'unreachable');
    expect(error).toHaveTextContent('The monitoring service is unreachable');
    expect(error).toHaveTextContent('HTTP 502 Bad Gateway: Bad Gateway');
    expect(screen.getByTestId(testIds.home.configLink)).toHaveAttribute('href', '/plugins/penguinmails-sysmon-app');
    expect(screen.queryByTestId(testIds.home.statusBadge)).not.toBeInTheDocument();
  });

  it('explains a missing data source', async () => {
    render(<HomePage datasourceUid="missing-uid" />);
    const error = await screen.findByTestId(testIds.home.error);
    expect(error).toHaveAttribute('data-kind', 'not-configured');
    expect(error).toHaveTextContent('Grafana has no data source with uid "missing-uid"');
  });

  it('polls again, recovers from an error, and pauses while the tab is hidden', async () => {
    let healthy = false;
    srv.on('GET', HEALTH_URL, () => (healthy ? { data: healthyResponse() } : { networkError: 'Failed to fetch' }));
    render(<HomePage datasourceUid="penguinmails-sysmon" pollIntervalMs={50} />);
    expect(await screen.findByTestId(testIds.home.error)).toHaveAttribute('data-kind', 'unreachable');

    healthy = true;
    expect(await screen.findByTestId(testIds.home.statusBadge)).toHaveTextContent('OK');
    expect(screen.queryByTestId(testIds.home.error)).not.toBeInTheDocument();

    act(() => setVisibility('hidden'));
    expect(await screen.findByTestId(testIds.home.pollingPaused)).toBeInTheDocument();
    const countWhenHidden = srv.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(srv.requests.length).toBe(countWhenHidden);

    act(() => setVisibility('visible'));
    await waitFor(() => expect(srv.requests.length).toBeGreaterThan(countWhenHidden));
    expect(screen.queryByTestId(testIds.home.pollingPaused)).not.toBeInTheDocument();
  });
});
