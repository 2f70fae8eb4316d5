import React from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DataSourceSettings } from '@grafana/data';
import { ConfigEditor } from './ConfigEditor';
import { testIds } from '../../components/testIds';
import type { SysmonDataSourceOptions, SysmonSecureJsonData } from '../types';

function settings(
  overrides: Partial<DataSourceSettings<SysmonDataSourceOptions, SysmonSecureJsonData>> = {}
): DataSourceSettings<SysmonDataSourceOptions, SysmonSecureJsonData> {
  return {
    id: 1,
    uid: 'penguinmails-sysmon',
    name: 'PenguinMails Sysmon',
    type: 'penguinmails-sysmon-datasource',
    access: 'proxy',
    jsonData: { serviceUrl: 'http://localhost:3001' },
    secureJsonFields: { apiToken: true },
    ...overrides,
  } as DataSourceSettings<SysmonDataSourceOptions, SysmonSecureJsonData>;
}

describe('ConfigEditor', () => {
  it('edits the service URL', async () => {
    const onOptionsChange = jest.fn();
    render(<ConfigEditor options={settings({ jsonData: {} })} onOptionsChange={onOptionsChange} />);
    await userEvent.type(screen.getByTestId(testIds.datasource.configServiceUrl), 'h');
    expect(onOptionsChange).toHaveBeenLastCalledWith(expect.objectContaining({ jsonData: { serviceUrl: 'h' } }));
  });

  it('shows a configured token as configured and resets it', async () => {
    const onOptionsChange = jest.fn();
    render(<ConfigEditor options={settings()} onOptionsChange={onOptionsChange} />);
    expect(screen.getByTestId(testIds.datasource.configApiToken)).toHaveValue('configured');
    await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(onOptionsChange).toHaveBeenCalledWith(
      expect.objectContaining({
        secureJsonFields: { apiToken: false },
        secureJsonData: { apiToken: '' },
      })
    );
  });

  it('writes a new operator token into secureJsonData', async () => {
    const onOptionsChange = jest.fn();
    render(<ConfigEditor options={settings()} onOptionsChange={onOptionsChange} />);
    await userEvent.type(screen.getByTestId(testIds.datasource.configOperatorToken), 'x');
    expect(onOptionsChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ secureJsonData: { operatorToken: 'x' } })
    );
  });
});
