/**
 * Loads plugin modules the way Grafana does: `System.import` of the built AMD module; the app's
 * exported `plugin` gets `init(meta)` + `meta`, a data source plugin gets its `meta` and its
 * DataSourceApi class is instantiated with instance settings, a panel plugin gets its `meta`.
 */
import type {
  AppPlugin,
  AppPluginMeta,
  DataSourcePlugin,
  DataSourcePluginMeta,
  PanelPlugin,
  PanelPluginMeta,
} from '@grafana/data';

export const APP_PLUGIN_ID = 'penguinmails-sysmon-app';
export const APP_BASE_URL = `public/plugins/${APP_PLUGIN_ID}`;

const moduleCache = new Map<string, Promise<Record<string, unknown>>>();

/** Imports a module by its Grafana public path (`public/plugins/...`), once per page. */
export function importPluginModule(modulePath: string): Promise<Record<string, unknown>> {
  const url = new URL(modulePath, document.baseURI).href;
  let module = moduleCache.get(url);
  if (!module) {
    module = window.System.import(url);
    moduleCache.set(url, module);
  }
  return module;
}

export async function loadAppPlugin(meta: AppPluginMeta): Promise<AppPlugin> {
  const exports = await importPluginModule(meta.module);
  const plugin = exports.plugin as AppPlugin | undefined;
  if (!plugin) {
    throw new Error(`${meta.module} does not export "plugin"`);
  }
  plugin.init(meta);
  plugin.meta = meta;
  plugin.setComponentsFromLegacyExports(exports as never);
  return plugin;
}

type AnyDataSourcePlugin = DataSourcePlugin<any>;

export async function loadDataSourcePlugin(meta: DataSourcePluginMeta): Promise<AnyDataSourcePlugin> {
  const exports = await importPluginModule(meta.module);
  const plugin = exports.plugin as AnyDataSourcePlugin | undefined;
  if (!plugin) {
    throw new Error(`${meta.module} does not export "plugin"`);
  }
  plugin.meta = meta;
  return plugin;
}

export async function loadPanelPlugin(meta: PanelPluginMeta): Promise<PanelPlugin> {
  const exports = await importPluginModule(meta.module);
  const plugin = exports.plugin as PanelPlugin | undefined;
  if (!plugin) {
    throw new Error(`${meta.module} does not export "plugin"`);
  }
  plugin.meta = meta;
  return plugin;
}
