import React, { ChangeEvent } from 'react';
import { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Field, FieldSet, Input, SecretInput } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import type { SysmonDataSourceOptions, SysmonSecureJsonData } from '../types';

type Props = DataSourcePluginOptionsEditorProps<SysmonDataSourceOptions, SysmonSecureJsonData>;
type SecretKey = keyof SysmonSecureJsonData;

/** Data source settings: the service URL and the two tokens the proxy routes send. */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const { jsonData, secureJsonFields } = options;
  const secureJsonData = options.secureJsonData ?? {};

  const onServiceUrlChange = (event: ChangeEvent<HTMLInputElement>) => {
    onOptionsChange({ ...options, jsonData: { ...jsonData, serviceUrl: event.target.value.trim() } });
  };

  const onSecretChange = (key: SecretKey) => (event: ChangeEvent<HTMLInputElement>) => {
    onOptionsChange({ ...options, secureJsonData: { ...secureJsonData, [key]: event.target.value } });
  };

  // Grafana clears a stored secret when it receives an empty value with the field marked unset.
  const onSecretReset = (key: SecretKey) => () => {
    onOptionsChange({
      ...options,
      secureJsonFields: { ...secureJsonFields, [key]: false },
      secureJsonData: { ...secureJsonData, [key]: '' },
    });
  };

  return (
    <FieldSet label="PenguinMails System Monitoring service">
      <Field
        label="Service URL"
        description="Base URL of the sysmon service as Grafana's server reaches it (the proxy appends /api)"
        required
      >
        <Input
          id="ds-config-service-url"
          data-testid={testIds.datasource.configServiceUrl}
          width={60}
          value={jsonData.serviceUrl ?? ''}
          placeholder="http://localhost:3001"
          onChange={onServiceUrlChange}
        />
      </Field>
      <Field label="API token" description="Read token (SYSMON_API_TOKEN), sent on every query and page request">
        <SecretInput
          id="ds-config-api-token"
          data-testid={testIds.datasource.configApiToken}
          width={60}
          isConfigured={Boolean(secureJsonFields?.apiToken)}
          value={secureJsonData.apiToken ?? ''}
          placeholder="Read token"
          onChange={onSecretChange('apiToken')}
          onReset={onSecretReset('apiToken')}
        />
      </Field>
      <Field
        label="Operator token"
        description="Operator token (SYSMON_OPERATOR_TOKEN), sent only on the operator route, which requires the Editor role"
      >
        <SecretInput
          id="ds-config-operator-token"
          data-testid={testIds.datasource.configOperatorToken}
          width={60}
          isConfigured={Boolean(secureJsonFields?.operatorToken)}
          value={secureJsonData.operatorToken ?? ''}
          placeholder="Operator token"
          onChange={onSecretChange('operatorToken')}
          onReset={onSecretReset('operatorToken')}
        />
      </Field>
    </FieldSet>
  );
}
