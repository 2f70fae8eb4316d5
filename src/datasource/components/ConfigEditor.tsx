import React from 'react';
import { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { FieldSet } from '@grafana/ui';
import {
  ServiceConnectionFields,
  type ServiceSecret,
} from '../../components/ServiceConnectionFields/ServiceConnectionFields';
import { testIds } from '../../components/testIds';
import type { SysmonDataSourceOptions, SysmonSecureJsonData } from '../types';

type Props = DataSourcePluginOptionsEditorProps<SysmonDataSourceOptions, SysmonSecureJsonData>;

/** Data source settings: the service URL and the two tokens the proxy routes send. */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const { jsonData, secureJsonFields } = options;
  const secureJsonData = options.secureJsonData ?? {};

  // Grafana clears a stored secret when it receives an empty value with the field marked unset.
  const onSecretReset = (secret: ServiceSecret) => {
    onOptionsChange({
      ...options,
      secureJsonFields: { ...secureJsonFields, [secret]: false },
      secureJsonData: { ...secureJsonData, [secret]: '' },
    });
  };

  return (
    <FieldSet label="PenguinMails System Monitoring service">
      <ServiceConnectionFields
        serviceUrl={jsonData.serviceUrl ?? ''}
        secrets={secureJsonData}
        configured={secureJsonFields ?? {}}
        onServiceUrlChange={(serviceUrl) => onOptionsChange({ ...options, jsonData: { ...jsonData, serviceUrl } })}
        onSecretChange={(secret, value) =>
          onOptionsChange({ ...options, secureJsonData: { ...secureJsonData, [secret]: value } })
        }
        onSecretReset={onSecretReset}
        ids={{
          serviceUrl: 'ds-config-service-url',
          apiToken: 'ds-config-api-token',
          operatorToken: 'ds-config-operator-token',
        }}
        testIds={{
          serviceUrl: testIds.datasource.configServiceUrl,
          apiToken: testIds.datasource.configApiToken,
          operatorToken: testIds.datasource.configOperatorToken,
        }}
      />
    </FieldSet>
  );
}
