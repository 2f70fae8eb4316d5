import React from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { AppRootProps, PluginType } from '@grafana/data';
import { render, screen } from '@testing-library/react';
import App from './App';
import { infraTestIds } from '../infraTestIds';
import { testIds } from '../testIds';
import type { AppSettings } from '../../types';
import { FakeBackendSrv } from '../../testUtils/fakeBackendSrv';
import { healthyResponse } from '../../testUtils/fixtures';

function renderApp(path: string, jsonData: AppSettings = {}) {
  const props = {
    basename: '/a/penguinmails-sysmon-app',
    meta: { id: 'penguinmails-sysmon-app', name: 'PenguinMails', type: PluginType.app, enabled: true, jsonData },
    query: {},
    path: '',
    onNavChanged: jest.fn(),
  } as unknown as AppRootProps<AppSettings>;
  return render(
    <MemoryRouter initialEntries={[path]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <Routes>
        <Route path="/a/penguinmails-sysmon-app/*" element={<App {...props} />} />
      </Routes>
    </MemoryRouter>
  );
}

describe('App', () => {
  let srv: FakeBackendSrv;
  beforeEach(() => {
    srv = new FakeBackendSrv().install();
  });

  it('renders the home page at /home using the default data source', async () => {
    srv.on('GET', '/api/datasources/proxy/uid/penguinmails-sysmon/api/health', { data: healthyResponse() });
    renderApp('/a/penguinmails-sysmon-app/home');
    expect(await screen.findByTestId(testIds.home.statusBadge, {}, { timeout: 3000 })).toHaveTextContent('OK');
  });

  it('renders the queues page at /queues and a queue page at /queues/:queue', async () => {
    srv
      .on('GET', '/api/datasources/proxy/uid/penguinmails-sysmon/api/queues', {
        data: { generatedAt: '2026-01-02T03:04:05.000Z', queues: [] },
      })
      .on('GET', '/api/datasources/proxy/uid/penguinmails-sysmon/api/queues/email-sending', {
        status: 404,
        data: { error: { code: 'queue_not_found', message: 'No queue named email-sending' } },
      });
    const { unmount } = renderApp('/a/penguinmails-sysmon-app/queues');
    expect(await screen.findByTestId(testIds.queues.empty, {}, { timeout: 3000 })).toBeInTheDocument();
    unmount();
    renderApp('/a/penguinmails-sysmon-app/queues/email-sending');
    expect(await screen.findByTestId(testIds.queueDetail.container, {}, { timeout: 3000 })).toHaveAttribute(
      'data-queue',
      'email-sending'
    );
  });

  it('renders the infrastructure page at /infrastructure', async () => {
    srv.on('GET', '/api/datasources/proxy/uid/penguinmails-sysmon/api/infrastructure', {
      data: {
        generatedAt: '2026-01-02T03:04:05.000Z',
        services: [],
        findings: [],
        reputation: { checkedAt: null, entries: 0, listed: 0, allowlisted: 0, unknown: 0 },
      },
    });
    srv.on('GET', '/api/datasources/proxy/uid/penguinmails-sysmon/api/reputation', {
      data: { checkedAt: null, entries: [] },
    });
    renderApp('/a/penguinmails-sysmon-app/infrastructure');
    expect(
      await screen.findByTestId(infraTestIds.infrastructure.servicesEmpty, {}, { timeout: 3000 })
    ).toBeInTheDocument();
  });

  it('renders the glossary at /glossary, without calling the service', async () => {
    renderApp('/a/penguinmails-sysmon-app/glossary?q=sysmon_queue_depth');
    expect(
      await screen.findByTestId(testIds.glossary.entry('metric:sysmon_queue_depth'), {}, { timeout: 3000 })
    ).toBeInTheDocument();
  });

  it('redirects unknown paths to the home page and uses the configured data source uid', async () => {
    srv.on('GET', '/api/datasources/proxy/uid/other-uid/api/health', { data: healthyResponse() });
    renderApp('/a/penguinmails-sysmon-app/nope', { datasourceUid: 'other-uid' });
    expect(await screen.findByTestId(testIds.home.statusBadge, {}, { timeout: 3000 })).toBeInTheDocument();
    expect(srv.requests.length).toBeGreaterThan(0);
    for (const request of srv.requests) {
      expect(request.url.startsWith('/api/datasources/proxy/uid/other-uid/api/')).toBe(true);
    }
  });
});
