import React from 'react';
import { Field, Input, SecretInput } from '@grafana/ui';
import type { SysmonSecureJsonData } from '../../datasource/types';

/** The data source's two secrets: the read token and the operator token. */
export type ServiceSecret = keyof SysmonSecureJsonData;

type PerInput = Record<'serviceUrl' | ServiceSecret, string>;

interface Props {
  serviceUrl: string;
  /** What the user typed for each secret (Grafana never sends a stored one back). */
  secrets: Partial<Record<ServiceSecret, string>>;
  /** Which secrets Grafana already stores. */
  configured: Partial<Record<ServiceSecret, boolean>>;
  /** Receives the URL trimmed. */
  onServiceUrlChange: (serviceUrl: string) => void;
  onSecretChange: (secret: ServiceSecret, value: string) => void;
  /** Clears a stored secret so a new one can be typed. */
  onSecretReset: (secret: ServiceSecret) => void;
  /** Shown under the URL when set. */
  serviceUrlError?: string;
  /** Element ids and data-testids, so each settings page keeps its own. */
  ids: PerInput;
  testIds: PerInput;
}

/**
 * How Grafana reaches the service: its URL and the tokens the data source's proxy routes send. Used by the app's
 * configuration page and the data source's settings alike.
 */
export function ServiceConnectionFields({
  serviceUrl,
  secrets,
  configured,
  onServiceUrlChange,
  onSecretChange,
  onSecretReset,
  serviceUrlError,
  ids,
  testIds,
}: Props) {
  return (
    <>
      <Field
        label="Service URL"
        description="Base URL of the service as Grafana's server reaches it, e.g. http://localhost:3001 (the proxy appends /api)"
        required
        invalid={Boolean(serviceUrlError)}
        error={serviceUrlError}
      >
        <Input
          id={ids.serviceUrl}
          width={60}
          data-testid={testIds.serviceUrl}
          value={serviceUrl}
          placeholder="http://localhost:3001"
          onChange={(event) => onServiceUrlChange(event.currentTarget.value.trim())}
        />
      </Field>
      <Field label="API token" description="Read token (SYSMON_API_TOKEN), sent on every query and page request">
        <SecretInput
          id={ids.apiToken}
          width={60}
          data-testid={testIds.apiToken}
          value={secrets.apiToken ?? ''}
          isConfigured={Boolean(configured.apiToken)}
          placeholder="Read token"
          onChange={(event) => onSecretChange('apiToken', event.currentTarget.value)}
          onReset={() => onSecretReset('apiToken')}
        />
      </Field>
      <Field
        label="Operator token"
        description="Operator token (SYSMON_OPERATOR_TOKEN), sent only on the operator route, which requires the Editor role"
      >
        <SecretInput
          id={ids.operatorToken}
          width={60}
          data-testid={testIds.operatorToken}
          value={secrets.operatorToken ?? ''}
          isConfigured={Boolean(configured.operatorToken)}
          placeholder="Operator token"
          onChange={(event) => onSecretChange('operatorToken', event.currentTarget.value)}
          onReset={() => onSecretReset('operatorToken')}
        />
      </Field>
    </>
  );
}
