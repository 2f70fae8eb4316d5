/**
 * Browser tests. Debian's Chromium only (never downloaded browsers).
 *  - project "harness": tests/harness/*.spec.ts against the Grafana harness (tests/harness/server.ts),
 *    the real sysmon service and local PostgreSQL/Redis, all started by tests/harness/global.setup.ts.
 *    Needs the built plugin in dist/ (npm run build).
 *  - project "grafana": tests/grafana/*.spec.ts (@grafana/plugin-e2e) against a real Grafana at GRAFANA_URL
 *    with the plugin provisioned; preceded by plugin-e2e's auth setup. Without GRAFANA_URL its specs are skipped.
 */
import type { PluginOptions } from '@grafana/plugin-e2e';
import { defineConfig, type PlaywrightTestOptions, type PlaywrightWorkerOptions, type Project } from '@playwright/test';
import { dirname } from 'node:path';

const grafanaUrl = process.env.GRAFANA_URL;
const pluginE2eAuth = `${dirname(require.resolve('@grafana/plugin-e2e'))}/auth`;

const chromium = {
  browserName: 'chromium' as const,
  viewport: { width: 1400, height: 900 },
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  },
};

const grafanaProjects: Array<Project<PluginOptions & PlaywrightTestOptions, PlaywrightWorkerOptions>> = grafanaUrl
  ? [
      {
        name: 'grafana-auth',
        testDir: pluginE2eAuth,
        testMatch: [/.*\.js/],
        use: { ...chromium, baseURL: grafanaUrl },
      },
      {
        name: 'grafana',
        testDir: './tests/grafana',
        testMatch: /.*\.spec\.ts/,
        use: { ...chromium, baseURL: grafanaUrl, storageState: 'playwright/.auth/admin.json' },
        dependencies: ['grafana-auth'],
      },
    ]
  : [{ name: 'grafana', testDir: './tests/grafana', testMatch: /.*\.spec\.ts/, use: chromium }];

export default defineConfig<PluginOptions>({
  globalSetup: './tests/harness/global.setup.ts',
  fullyParallel: false,
  // One worker: the harness server's state (signed-in user, stored data source) is shared by all specs.
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { open: 'never' }]],
  outputDir: 'test-results',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'harness', testDir: './tests/harness', testMatch: /.*\.spec\.ts/, use: chromium },
    ...grafanaProjects,
  ],
});
