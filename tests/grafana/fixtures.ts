/**
 * @grafana/plugin-e2e fixtures for a real Grafana (GRAFANA_URL) with the app and its data source
 * provisioned (provisioning/). Without GRAFANA_URL every spec here is skipped.
 */
import { test as base, type AppConfigPage, type AppPage } from '@grafana/plugin-e2e';

import pluginJson from '../../src/plugin.json';

export { testIds } from '../../src/components/testIds';
export { expect } from '@grafana/plugin-e2e';

export const GRAFANA_URL = process.env.GRAFANA_URL;
export const SKIP_REASON = 'GRAFANA_URL is not set: these specs need a running Grafana with the plugin provisioned';

export const test = base.extend<{ appConfigPage: AppConfigPage; gotoPage: (path?: string) => Promise<AppPage> }>({
  appConfigPage: async ({ gotoAppConfigPage }, use) => {
    await use(await gotoAppConfigPage({ pluginId: pluginJson.id }));
  },
  gotoPage: async ({ gotoAppPage }, use) => {
    await use((path) => gotoAppPage({ pluginId: pluginJson.id, path }));
  },
});
