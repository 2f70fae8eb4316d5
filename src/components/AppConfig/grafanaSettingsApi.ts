import { lastValueFrom } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';
import { toServiceRequestError } from '../../api/errors';
import { PLUGIN_ID } from '../../constants';
import {
  appSettingsBody,
  AppConfigForm,
  datasourceCreateBody,
  datasourceUpdateBody,
  SysmonDataSourceSettings,
} from './appConfigModel';

// Calls to Grafana's own HTTP API (not the service) made by the configuration page.

async function grafanaRequest<T>(method: 'GET' | 'POST' | 'PUT', url: string, data?: unknown): Promise<T> {
  try {
    const response = await lastValueFrom(
      getBackendSrv().fetch<T>({ url, method, data, showErrorAlert: false, showSuccessAlert: false })
    );
    return response.data;
  } catch (err) {
    throw toServiceRequestError(err);
  }
}

function datasourceUrl(uid: string): string {
  return `/api/datasources/uid/${encodeURIComponent(uid)}`;
}

/** The data source with this uid, or undefined when Grafana has none. */
export async function loadDatasource(uid: string): Promise<SysmonDataSourceSettings | undefined> {
  try {
    return await grafanaRequest<SysmonDataSourceSettings>('GET', datasourceUrl(uid));
  } catch (err) {
    if (toServiceRequestError(err).status === 404) {
      return undefined;
    }
    throw err;
  }
}

/**
 * Saves the data source (updates `existing`, or creates it), then the app settings,
 * and returns the data source as Grafana now stores it (secureJsonFields tell which secrets are set).
 */
export async function saveSettings(
  form: AppConfigForm,
  existing: SysmonDataSourceSettings | undefined
): Promise<SysmonDataSourceSettings | undefined> {
  if (existing) {
    const initiallyConfigured = {
      apiToken: Boolean(existing.secureJsonFields?.apiToken),
      operatorToken: Boolean(existing.secureJsonFields?.operatorToken),
    };
    await grafanaRequest('PUT', datasourceUrl(existing.uid), datasourceUpdateBody(existing, form, initiallyConfigured));
  } else {
    await grafanaRequest('POST', '/api/datasources', datasourceCreateBody(form));
  }
  await grafanaRequest('POST', `/api/plugins/${PLUGIN_ID}/settings`, appSettingsBody(form));
  return loadDatasource(form.datasourceUid);
}
