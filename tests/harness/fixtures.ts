/**
 * Fixtures for the harness specs: `baseURL` is the harness started by global.setup.ts, `stack` the
 * service URLs/tokens, and `harness` a small client of the harness control API. Every test starts from
 * the provisioned state (data source pointing at the live service, signed in as admin/Admin).
 */
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

export { testIds } from '../../src/components/testIds';

export const APP_PLUGIN_ID = 'penguinmails-sysmon-app';
export const DATASOURCE_UID = 'penguinmails-sysmon';
export const HOME_PATH = `/a/${APP_PLUGIN_ID}/home`;
export const CONFIG_PATH = `/plugins/${APP_PLUGIN_ID}`;
export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', 'test-results', 'screenshots');

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: the harness specs run through playwright.config.ts (global setup)`);
  }
  return value;
}

export interface Stack {
  harnessUrl: string;
  serviceUrl: string;
  degradedServiceUrl: string;
  apiToken: string;
  operatorToken: string;
  /** The service's ingest token (POST /api/logs/ingest). */
  ingestToken: string;
}

export type Role = 'Viewer' | 'Editor' | 'Admin';

export interface HarnessDataSource {
  uid: string;
  name: string;
  type: string;
  version: number;
  jsonData: Record<string, unknown>;
  secureJsonFields: Record<string, boolean>;
}

export interface HarnessState {
  user: { login: string; role: Role };
  app: {
    enabled: boolean;
    pinned: boolean;
    jsonData: Record<string, unknown>;
    secureJsonFields: Record<string, boolean>;
  };
  dataSources: HarnessDataSource[];
}

export class HarnessApi {
  constructor(private readonly request: APIRequestContext) {}

  async reset(seed: { serviceUrl?: string; unconfigured?: boolean } = {}): Promise<HarnessState> {
    const response = await this.request.post('/harness/reset', { data: seed });
    expect(response.status()).toBe(200);
    return response.json();
  }

  async signIn(login: string, role: Role): Promise<void> {
    const response = await this.request.post('/harness/user', { data: { login, role } });
    expect(response.status()).toBe(200);
  }

  async state(): Promise<HarnessState> {
    const response = await this.request.get('/harness/state');
    expect(response.status()).toBe(200);
    return response.json();
  }

  /** Points the stored data source at another URL, as an admin would on the config page. */
  async setServiceUrl(serviceUrl: string): Promise<void> {
    const current = (await this.state()).dataSources.find((ds) => ds.uid === DATASOURCE_UID);
    expect(current, 'provisioned data source').toBeDefined();
    const response = await this.request.put(`/api/datasources/uid/${DATASOURCE_UID}`, {
      data: { ...current, jsonData: { ...current!.jsonData, serviceUrl } },
    });
    expect(response.status()).toBe(200);
  }
}

/** The whole page by default; `fullPage: false` for what the viewport shows (drawers, kiosk screens). */
export async function saveScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, name), fullPage: options.fullPage ?? true });
}

/** Grafana's Roboto Mono web fonts are not in node_modules (Inter is: server.ts); the harness falls back to system fonts. */
const KNOWN_MISSING = /^\/public\/fonts\/roboto\//;

/**
 * Uncaught page errors (a broken plugin often only shows up there) and failed static loads (a lazy
 * chunk or an icon the built plugin asks for under /public/, or the host bundle under /harness/).
 */
function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  const watched = (pathname: string) => /^\/(public|harness)\//.test(pathname) && !KNOWN_MISSING.test(pathname);
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('response', (response) => {
    const { pathname } = new URL(response.url());
    if (response.status() >= 400 && watched(pathname)) {
      errors.push(`${response.status()} for ${pathname}`);
    }
  });
  page.on('requestfailed', (request) => {
    const { pathname } = new URL(request.url());
    if (watched(pathname)) {
      errors.push(`request failed: ${pathname} (${request.failure()?.errorText})`);
    }
  });
  return errors;
}

export const test = base.extend<{ stack: Stack; harness: HarnessApi; pageErrors: string[] }>({
  baseURL: async ({}, use) => {
    await use(required('HARNESS_URL'));
  },
  stack: async ({}, use) => {
    await use({
      harnessUrl: required('HARNESS_URL'),
      serviceUrl: required('SYSMON_E2E_SERVICE_URL'),
      degradedServiceUrl: required('SYSMON_E2E_DEGRADED_SERVICE_URL'),
      apiToken: required('SYSMON_E2E_API_TOKEN'),
      operatorToken: required('SYSMON_E2E_OPERATOR_TOKEN'),
      ingestToken: required('SYSMON_E2E_INGEST_TOKEN'),
    });
  },
  harness: [
    async ({ request }, use) => {
      const harness = new HarnessApi(request);
      await harness.reset();
      await use(harness);
    },
    { auto: true },
  ],
  // Request it in browser tests: it fails the test on uncaught page errors.
  pageErrors: async ({ page }, use) => {
    const errors = watchPageErrors(page);
    await use(errors);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
});

export { expect };
