import type { DataSourceSettings } from '@grafana/data';
import { DATASOURCE_NAME, DATASOURCE_TYPE } from '../../constants';
import type { SysmonDataSourceOptions, SysmonSecureJsonData } from '../../datasource/types';

export type SysmonDataSourceSettings = DataSourceSettings<SysmonDataSourceOptions, SysmonSecureJsonData>;
type SecretKey = keyof SysmonSecureJsonData;
export const SECRET_KEYS: SecretKey[] = ['apiToken', 'operatorToken'];

/** What the configuration form edits. Token values are only ever what the user typed now. */
export interface AppConfigForm {
  datasourceUid: string;
  serviceUrl: string;
  apiToken: string;
  operatorToken: string;
  /** Whether Grafana holds a value for each secret (from secureJsonFields, cleared by Reset). */
  configured: Record<SecretKey, boolean>;
}

export function emptyForm(datasourceUid: string): AppConfigForm {
  return {
    datasourceUid,
    serviceUrl: '',
    apiToken: '',
    operatorToken: '',
    configured: { apiToken: false, operatorToken: false },
  };
}

/** Fills the form from the data source Grafana returned (GET /api/datasources/uid/<uid>). */
export function formFromDatasource(datasourceUid: string, ds: SysmonDataSourceSettings): AppConfigForm {
  return {
    ...emptyForm(datasourceUid),
    serviceUrl: ds.jsonData?.serviceUrl ?? '',
    configured: {
      apiToken: Boolean(ds.secureJsonFields?.apiToken),
      operatorToken: Boolean(ds.secureJsonFields?.operatorToken),
    },
  };
}

const UID_PATTERN = /^[a-zA-Z0-9_-]{1,40}$/;

/** Field errors keyed by field name; empty when the form can be saved. */
export function validateForm(form: AppConfigForm): Partial<Record<'datasourceUid' | 'serviceUrl', string>> {
  const errors: Partial<Record<'datasourceUid' | 'serviceUrl', string>> = {};
  if (!UID_PATTERN.test(form.datasourceUid)) {
    errors.datasourceUid = 'Use 1 to 40 letters, digits, "-" or "_"';
  }
  if (!form.serviceUrl) {
    errors.serviceUrl = 'The service URL is required';
  } else {
    let url: URL | undefined;
    try {
      url = new URL(form.serviceUrl);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      errors.serviceUrl = 'Enter an http:// or https:// URL, e.g. http://localhost:3001';
    } else if (url.pathname.replace(/\/+$/, '').endsWith('/api')) {
      errors.serviceUrl = 'Enter the base URL without /api (the data source adds it)';
    }
  }
  return errors;
}

/**
 * secureJsonData to send: a typed value replaces the secret, a reset secret with nothing typed is
 * cleared with '', an untouched secret is left out so Grafana keeps it.
 */
export function secretsToSend(
  form: AppConfigForm,
  initiallyConfigured: Record<SecretKey, boolean>
): SysmonSecureJsonData {
  const secrets: SysmonSecureJsonData = {};
  for (const key of SECRET_KEYS) {
    if (form[key]) {
      secrets[key] = form[key];
    } else if (initiallyConfigured[key] && !form.configured[key]) {
      secrets[key] = '';
    }
  }
  return secrets;
}

function normaliseServiceUrl(serviceUrl: string): string {
  return serviceUrl.trim().replace(/\/+$/, '');
}

/** PUT /api/datasources/uid/<uid> body: the existing settings with our fields changed. */
export function datasourceUpdateBody(
  existing: SysmonDataSourceSettings,
  form: AppConfigForm,
  initiallyConfigured: Record<SecretKey, boolean>
) {
  return {
    ...existing,
    jsonData: { ...existing.jsonData, serviceUrl: normaliseServiceUrl(form.serviceUrl) },
    secureJsonData: secretsToSend(form, initiallyConfigured),
  };
}

/** POST /api/datasources body for a data source that does not exist yet. */
export function datasourceCreateBody(form: AppConfigForm) {
  return {
    name: DATASOURCE_NAME,
    type: DATASOURCE_TYPE,
    uid: form.datasourceUid,
    access: 'proxy',
    jsonData: { serviceUrl: normaliseServiceUrl(form.serviceUrl) },
    secureJsonData: secretsToSend(form, { apiToken: false, operatorToken: false }),
  };
}

/** POST /api/plugins/<app id>/settings body. */
export function appSettingsBody(form: AppConfigForm) {
  return { enabled: true, pinned: true, jsonData: { datasourceUid: form.datasourceUid } };
}
