/**
 * In-memory Grafana state the harness emulates: app plugin settings, data sources (with their
 * secure values kept server-side only) and the signed-in user. Seeded from options so a test run can
 * start "provisioned" (data source pointing at a running service) or "unconfigured".
 */

export const APP_PLUGIN_ID = 'penguinmails-sysmon-app';
export const DATASOURCE_TYPE = 'penguinmails-sysmon-datasource';
export const DEFAULT_DATASOURCE_UID = 'penguinmails-sysmon';

export type OrgRole = 'Viewer' | 'Editor' | 'Admin';
export const ORG_ROLES: readonly OrgRole[] = ['Viewer', 'Editor', 'Admin'];

export interface HarnessUser {
  login: string;
  role: OrgRole;
}

export interface AppSettings {
  enabled: boolean;
  pinned: boolean;
  jsonData: Record<string, unknown>;
  secureJsonData: Record<string, string>;
}

/** A data source as stored server-side; `secureJsonData` never leaves the harness server. */
export interface StoredDataSource {
  id: number;
  uid: string;
  orgId: number;
  name: string;
  type: string;
  access: 'proxy' | 'direct';
  url: string;
  isDefault: boolean;
  jsonData: Record<string, unknown>;
  secureJsonData: Record<string, string>;
  version: number;
  readOnly: boolean;
}

export interface HarnessState {
  user: HarnessUser;
  app: AppSettings;
  dataSources: StoredDataSource[];
  nextDataSourceId: number;
}

export interface SeedOptions {
  /** Service base URL; when absent the harness starts "unconfigured" (no data source, app jsonData empty). */
  serviceUrl?: string;
  apiToken?: string;
  operatorToken?: string;
  user?: HarnessUser;
}

export function seedState(seed: SeedOptions): HarnessState {
  const user = seed.user ?? { login: 'admin', role: 'Admin' };
  if (!seed.serviceUrl) {
    return {
      user,
      app: { enabled: false, pinned: false, jsonData: {}, secureJsonData: {} },
      dataSources: [],
      nextDataSourceId: 1,
    };
  }
  const secureJsonData: Record<string, string> = {};
  if (seed.apiToken) {
    secureJsonData.apiToken = seed.apiToken;
  }
  if (seed.operatorToken) {
    secureJsonData.operatorToken = seed.operatorToken;
  }
  return {
    user,
    app: { enabled: true, pinned: true, jsonData: { datasourceUid: DEFAULT_DATASOURCE_UID }, secureJsonData: {} },
    dataSources: [
      {
        id: 1,
        uid: DEFAULT_DATASOURCE_UID,
        orgId: 1,
        name: 'PenguinMails Sysmon',
        type: DATASOURCE_TYPE,
        access: 'proxy',
        url: '',
        isDefault: false,
        jsonData: { serviceUrl: seed.serviceUrl },
        secureJsonData,
        version: 1,
        readOnly: false,
      },
    ],
    nextDataSourceId: 2,
  };
}

/** Grafana reports which secure fields are set, never their values. */
export function secureJsonFields(secure: Record<string, string>): Record<string, boolean> {
  const fields: Record<string, boolean> = {};
  for (const [key, value] of Object.entries(secure)) {
    if (value !== '') {
      fields[key] = true;
    }
  }
  return fields;
}

/**
 * Grafana keeps stored secure values that an update does not mention, replaces the ones it sends,
 * and an empty string clears a value (that is what a SecretInput "Reset" followed by save sends).
 */
export function mergeSecureJsonData(
  stored: Record<string, string>,
  update: Record<string, unknown> | undefined
): Record<string, string> {
  const merged = { ...stored };
  for (const [key, value] of Object.entries(update ?? {})) {
    if (typeof value !== 'string' || value === '') {
      delete merged[key];
    } else {
      merged[key] = value;
    }
  }
  return merged;
}

/** The data source as Grafana's /api/datasources endpoints return it (no secure values). */
export function toDataSourceDto(ds: StoredDataSource) {
  const { secureJsonData, ...rest } = ds;
  return {
    ...rest,
    typeLogoUrl: `public/plugins/${APP_PLUGIN_ID}/datasource/img/logo.svg`,
    user: '',
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    withCredentials: false,
    secureJsonFields: secureJsonFields(secureJsonData),
  };
}

export function hasRole(user: HarnessUser, required: OrgRole): boolean {
  return ORG_ROLES.indexOf(user.role) >= ORG_ROLES.indexOf(required);
}

export function isOrgRole(value: unknown): value is OrgRole {
  return typeof value === 'string' && (ORG_ROLES as readonly string[]).includes(value);
}
