import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PluginType } from '@grafana/data';
import AppConfig, { AppConfigProps } from './AppConfig';
import { testIds } from '../testIds';
import type { AppSettings } from '../../types';
import { FakeBackendSrv } from '../../testUtils/fakeBackendSrv';
import { healthyResponse } from '../../testUtils/fixtures';

const DS_URL = '/api/datasources/uid/penguinmails-sysmon';
const PROXY = '/api/datasources/proxy/uid/penguinmails-sysmon';
const SETTINGS_URL = '/api/plugins/penguinmails-sysmon-app/settings';

const storedDatasource = {
  id: 3,
  uid: 'penguinmails-sysmon',
  orgId: 1,
  name: 'PenguinMails Sysmon',
  type: 'penguinmails-sysmon-datasource',
  access: 'proxy',
  url: '',
  version: 2,
  jsonData: { serviceUrl: 'http://localhost:3001' },
  secureJsonFields: { apiToken: true, operatorToken: true },
};

function renderConfig(jsonData: AppSettings = {}) {
  const props = {
    plugin: {
      meta: { id: 'penguinmails-sysmon-app', name: 'PenguinMails', type: PluginType.app, enabled: true, jsonData },
    },
    query: {},
  } as unknown as AppConfigProps;
  return render(<AppConfig {...props} />);
}

async function waitForLoaded() {
  await waitFor(() =>
    expect(screen.getByTestId(testIds.appConfig.datasourceState)).toHaveAttribute('data-state', 'loaded')
  );
}

describe('AppConfig', () => {
  let srv: FakeBackendSrv;
  beforeEach(() => {
    srv = new FakeBackendSrv().install();
  });

  it('loads the data source settings and shows stored secrets as configured', async () => {
    srv.on('GET', DS_URL, { data: storedDatasource });
    renderConfig();
    await waitForLoaded();

    expect(screen.getByTestId(testIds.appConfig.datasourceUid)).toHaveValue('penguinmails-sysmon');
    expect(screen.getByTestId(testIds.appConfig.serviceUrl)).toHaveValue('http://localhost:3001');
    expect(screen.getByTestId(testIds.appConfig.apiToken)).toHaveValue('configured');
    expect(screen.getByTestId(testIds.appConfig.operatorToken)).toHaveValue('configured');
    expect(screen.getByTestId(testIds.appConfig.datasourceState)).toHaveTextContent(
      'Editing data source "PenguinMails Sysmon"'
    );
  });

  it('saves: updates the data source with only changed secrets, then the app settings', async () => {
    srv
      .on('GET', DS_URL, { data: storedDatasource })
      .on('PUT', DS_URL, { data: { datasource: storedDatasource, message: 'Datasource updated' } })
      .on('POST', SETTINGS_URL, { data: { message: 'Plugin settings updated' } });
    renderConfig();
    await waitForLoaded();

    const url = screen.getByTestId(testIds.appConfig.serviceUrl);
    await userEvent.clear(url);
    await userEvent.type(url, 'http://sysmon:3001/');
    // Replace the operator token: Reset, then type a new one.
    const resetButtons = screen.getAllByRole('button', { name: 'Reset' });
    await userEvent.click(resetButtons[1]);
    await userEvent.type(screen.getByTestId(testIds.appConfig.operatorToken), 'op-secret');
    await userEvent.click(screen.getByTestId(testIds.appConfig.submit));

    expect(await screen.findByTestId(testIds.appConfig.saveSuccess)).toHaveTextContent('Settings saved.');
    const [put] = srv.requestsTo('PUT', DS_URL);
    expect(put.data).toMatchObject({
      id: 3,
      version: 2,
      access: 'proxy',
      jsonData: { serviceUrl: 'http://sysmon:3001' },
      secureJsonData: { operatorToken: 'op-secret' },
    });
    expect(put.data.secureJsonData).not.toHaveProperty('apiToken');
    expect(srv.requestsTo('POST', SETTINGS_URL).map((r) => r.data)).toEqual([
      { enabled: true, pinned: true, jsonData: { datasourceUid: 'penguinmails-sysmon' } },
    ]);
    // The typed secret is not kept in the form after saving.
    expect(screen.getByTestId(testIds.appConfig.operatorToken)).toHaveValue('configured');
  });

  it('creates the data source when Grafana has none with that uid', async () => {
    srv
      .on('POST', '/api/datasources', { data: { datasource: storedDatasource } })
      .on('POST', SETTINGS_URL, { data: {} });
    renderConfig();
    await waitForLoaded();
    expect(screen.getByTestId(testIds.appConfig.datasourceState)).toHaveTextContent('saving creates it');

    await userEvent.type(screen.getByTestId(testIds.appConfig.serviceUrl), 'http://localhost:3001');
    await userEvent.type(screen.getByTestId(testIds.appConfig.apiToken), 'read-secret');
    srv.on('GET', DS_URL, { data: storedDatasource }); // exists once created
    await userEvent.click(screen.getByTestId(testIds.appConfig.submit));

    await screen.findByTestId(testIds.appConfig.saveSuccess);
    expect(srv.requestsTo('POST', '/api/datasources').map((r) => r.data)).toEqual([
      {
        name: 'PenguinMails Sysmon',
        type: 'penguinmails-sysmon-datasource',
        uid: 'penguinmails-sysmon',
        access: 'proxy',
        jsonData: { serviceUrl: 'http://localhost:3001' },
        secureJsonData: { apiToken: 'read-secret' },
      },
    ]);
    expect(srv.requestsTo('PUT', DS_URL)).toHaveLength(0);
  });

  it('does not save an invalid service URL', async () => {
    srv.on('GET', DS_URL, { data: { ...storedDatasource, jsonData: {} } });
    renderConfig();
    await waitForLoaded();
    await userEvent.click(screen.getByTestId(testIds.appConfig.submit));
    expect(await screen.findByText('The service URL is required')).toBeInTheDocument();
    expect(srv.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
  });

  it('shows why saving failed', async () => {
    srv
      .on('GET', DS_URL, { data: storedDatasource })
      .on('PUT', DS_URL, { status: 403, statusText: 'Forbidden', data: { message: 'Permission denied' } });
    renderConfig();
    await waitForLoaded();
    await userEvent.click(screen.getByTestId(testIds.appConfig.submit));
    expect(await screen.findByTestId(testIds.appConfig.saveError)).toHaveTextContent(
      'HTTP 403 Forbidden: Permission denied'
    );
    expect(srv.requestsTo('POST', SETTINGS_URL)).toHaveLength(0);
  });

  it('tests the connection through the read and operator routes (success)', async () => {
    srv
      .on('GET', DS_URL, { data: storedDatasource })
      .on('GET', `${PROXY}/api/health`, { data: healthyResponse() })
      .on('GET', `${PROXY}/operator/whoami`, { data: { scopes: ['read', 'operator'], user: 'admin' } });
    renderConfig();
    await waitForLoaded();
    await userEvent.click(screen.getByTestId(testIds.appConfig.testConnection));

    const result = await screen.findByTestId(testIds.appConfig.testResult);
    expect(result).toHaveAttribute('data-ok', 'true');
    expect(result).toHaveTextContent('Connection OK');
    expect(screen.getByTestId(testIds.appConfig.testReadRoute)).toHaveTextContent(
      'OK. Service 0.1.0 is ok (postgres up, redis up).'
    );
    expect(screen.getByTestId(testIds.appConfig.testOperatorRoute)).toHaveTextContent(
      'OK. Scopes: read, operator; user admin.'
    );
  });

  it('tests the connection (failure): shows each route error', async () => {
    srv
      .on('GET', DS_URL, { data: storedDatasource })
      .on('GET', `${PROXY}/api/health`, { networkError: 'Failed to fetch' })
      .on('GET', `${PROXY}/operator/whoami`, {
        status: 403,
        statusText: 'Forbidden',
        data: { error: { code: 'forbidden', message: 'The token lacks the operator scope' } },
      });
    renderConfig();
    await waitForLoaded();
    await userEvent.click(screen.getByTestId(testIds.appConfig.testConnection));

    const result = await screen.findByTestId(testIds.appConfig.testResult);
    expect(result).toHaveAttribute('data-ok', 'false');
    expect(screen.getByTestId(testIds.appConfig.testReadRoute)).toHaveTextContent('Failed. Failed to fetch');
    expect(screen.getByTestId(testIds.appConfig.testOperatorRoute)).toHaveTextContent(
      'Failed. HTTP 403 Forbidden: The token lacks the operator scope'
    );
  });

  it('loads the data source named in the app settings', async () => {
    srv.on('GET', '/api/datasources/uid/custom-uid', { data: { ...storedDatasource, uid: 'custom-uid' } });
    renderConfig({ datasourceUid: 'custom-uid' });
    await waitForLoaded();
    expect(screen.getByTestId(testIds.appConfig.datasourceUid)).toHaveValue('custom-uid');
    expect(screen.getByTestId(testIds.appConfig.serviceUrl)).toHaveValue('http://localhost:3001');
  });
});
