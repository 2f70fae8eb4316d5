/**
 * Grafana harness server: a small emulation of the parts of Grafana this app plugin touches, so the
 * BUILT plugin (dist/) can be rendered in a browser against a running PenguinMails sysmon service.
 *
 *   npx tsx tests/harness/server.ts        (prints the URL; build the plugin first: npm run build)
 *
 * Environment:
 *   HARNESS_PORT            port to listen on (default 3300; 0 picks a free one)
 *   HARNESS_HOST            interface to bind (default 127.0.0.1)
 *   HARNESS_DIST_DIR        the built plugin (default <repo>/dist)
 *   SYSMON_SERVICE_URL      service base URL for the provisioned data source, e.g. http://127.0.0.1:3001;
 *                           unset = start "unconfigured" (no data source, app not enabled)
 *   SYSMON_API_TOKEN        read token stored as the data source's secureJsonData.apiToken
 *   SYSMON_OPERATOR_TOKEN   operator token stored as secureJsonData.operatorToken
 *   HARNESS_USER_LOGIN      signed-in user's login (default admin)
 *   HARNESS_USER_ROLE       Viewer | Editor | Admin (default Admin)
 *
 * Pages: /a/penguinmails-sysmon-app/home (app root), /plugins/penguinmails-sysmon-app (config page),
 * /harness/panel/<panelId>?query=<json>&options=<json> (one nested panel, as a dashboard would render it);
 * `?theme=light` for the light theme.
 * Harness API for tests: GET /harness/state, POST /harness/user {login, role}, POST /harness/reset [seed].
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { forwardProxyRequest, planProxyRequest, type PluginRoute } from './dataProxy';
import { buildHostBundle, HOST_BUILD_DIR } from './host/build';
import {
  APP_PLUGIN_ID,
  hasRole,
  isOrgRole,
  mergeSecureJsonData,
  secureJsonFields,
  seedState,
  toDataSourceDto,
  type HarnessState,
  type SeedOptions,
  type StoredDataSource,
} from './state';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const PLUGIN_PUBLIC_PATH = `public/plugins/${APP_PLUGIN_ID}`;
const PLACEHOLDER_ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect x="5" y="5" width="14" height="14" rx="3" fill="none" stroke="currentColor" stroke-width="2"/></svg>';
const SPINNER_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M12 2a10 10 0 1 0 10 10h-2a8 8 0 1 1-8-8z"/></svg>';

export interface HarnessServerOptions {
  port?: number;
  host?: string;
  distDir?: string;
  seed: SeedOptions;
}

export interface HarnessServer {
  url: string;
  close(): Promise<void>;
}

type PluginJson = Record<string, any>;

function readJson(file: string): PluginJson | undefined {
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
}

/** Grafana serves plugin.json `info.logos` / screenshots under the plugin's public path. */
function withPublicInfo(pluginJson: PluginJson, baseUrl: string): PluginJson {
  const info = { ...(pluginJson.info ?? {}) };
  const publicUrl = (p: unknown) => (typeof p === 'string' && !/^(https?:)?\//.test(p) ? `${baseUrl}/${p}` : p);
  if (info.logos) {
    info.logos = { small: publicUrl(info.logos.small), large: publicUrl(info.logos.large) };
  }
  return info;
}

/** The nested data source plugins (dist/<folder>/plugin.json with type "datasource"), read fresh per request. */
function readDataSourcePlugins(distDir: string): Array<{ json: PluginJson; folder: string }> {
  if (!fs.existsSync(distDir)) {
    return [];
  }
  return fs
    .readdirSync(distDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ folder: entry.name, json: readJson(path.join(distDir, entry.name, 'plugin.json')) }))
    .filter((plugin): plugin is { json: PluginJson; folder: string } => plugin.json?.type === 'datasource');
}

/** The nested panel plugins (dist/<folder>/plugin.json or dist/panels/<folder>/plugin.json with type "panel"). */
function readPanelPlugins(distDir: string): Array<{ json: PluginJson; folder: string }> {
  const folders = (dir: string) =>
    fs.existsSync(dir)
      ? fs
          .readdirSync(dir, { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => entry.name)
      : [];
  const candidates = [
    ...folders(distDir),
    ...folders(path.join(distDir, 'panels')).map((name) => path.posix.join('panels', name)),
  ];
  return candidates
    .map((folder) => ({ folder, json: readJson(path.join(distDir, folder, 'plugin.json')) }))
    .filter((plugin): plugin is { json: PluginJson; folder: string } => plugin.json?.type === 'panel');
}

/** A panel's entry in Grafana's `config.panels` (PanelPluginMeta). */
function panelMeta(plugin: { json: PluginJson; folder: string }) {
  const baseUrl = `${PLUGIN_PUBLIC_PATH}/${plugin.folder}`;
  return {
    ...plugin.json,
    type: 'panel',
    info: withPublicInfo(plugin.json, baseUrl),
    module: `${baseUrl}/module.js`,
    baseUrl,
    sort: 100,
    skipDataQuery: plugin.json.skipDataQuery ?? false,
    hideFromList: false,
    signature: 'unsigned',
  };
}

function dataSourceMeta(plugin: { json: PluginJson; folder: string }) {
  const baseUrl = `${PLUGIN_PUBLIC_PATH}/${plugin.folder}`;
  const { routes: _routes, ...json } = plugin.json; // Grafana does not send routes to the browser
  return { ...json, type: 'datasource', info: withPublicInfo(json, baseUrl), module: `${baseUrl}/module.js`, baseUrl };
}

function accessDenied(res: Response, permission: string) {
  res.status(403).json({
    title: 'Access denied',
    message: `You'll need additional permissions to perform this action. Permissions needed: ${permission}`,
  });
}

export function createHarnessApp(options: HarnessServerOptions) {
  const distDir = path.resolve(options.distDir ?? path.join(REPO_ROOT, 'dist'));
  let state: HarnessState = seedState(options.seed);

  const app = express();
  app.disable('x-powered-by');

  const findDataSource = (uid: string) => state.dataSources.find((ds) => ds.uid === uid);
  const requireAdmin = (permission: string) => (_req: Request, res: Response, next: NextFunction) =>
    hasRole(state.user, 'Admin') ? next() : accessDenied(res, permission);

  // --- the host page for Grafana's SPA routes (app pages, config page) and the harness's panel page
  const sendHostPage = (req: Request, res: Response) => {
    const theme = req.query.theme === 'light' ? 'light' : 'dark';
    const dataSourcePlugins = readDataSourcePlugins(distDir);
    const dataSourceMetas = Object.fromEntries(dataSourcePlugins.map((p) => [p.json.id, dataSourceMeta(p)]));
    const panelMetas = Object.fromEntries(readPanelPlugins(distDir).map((p) => [p.json.id, panelMeta(p)]));
    const dataSources = state.dataSources.map(toDataSourceDto);
    res.type('html').send(
      hostPage({
        state,
        theme,
        dataSourceMetas,
        panelMetas,
        dataSources,
        origin: `${req.protocol}://${req.get('host')}`,
      })
    );
  };
  app.get(/^\/harness\/panel\/[^/]+\/?$/, sendHostPage);

  // --- static: host bundle, SystemJS, the built plugin, Grafana's icons
  app.use('/harness/vendor', express.static(path.join(REPO_ROOT, 'node_modules', 'systemjs', 'dist')));
  app.use('/harness', express.static(HOST_BUILD_DIR, { index: false }));
  app.use(`/${PLUGIN_PUBLIC_PATH}`, express.static(distDir, { index: false, fallthrough: false }));
  // Grafana's Inter, the files its GlobalStyles' @font-face rules name (rsms' web fonts, from the inter-ui package):
  // without them the page falls back to Helvetica's stand-in and the canvas (@grafana/ui measureText) to the
  // browser's default font, so the boards would measure one font and draw another.
  app.use('/public/fonts/inter', express.static(path.join(REPO_ROOT, 'node_modules', 'inter-ui', 'web')));
  // Grafana ships a spinner icon of its own that @grafana/ui's icon set lacks.
  app.get('/public/build/img/icons/unicons/spinner.svg', (_req, res) => {
    res.type('image/svg+xml').send(SPINNER_SVG);
  });
  app.use(
    '/public/build/img/icons',
    express.static(path.join(REPO_ROOT, 'node_modules', '@grafana', 'ui', 'dist', 'public', 'img', 'icons'))
  );
  // @grafana/ui ships only the icons Grafana caches (~175 of them); Grafana's build has the full unicons
  // set. Any other valid icon name gets a neutral placeholder instead of a 404.
  app.use('/public/build/img/icons', (_req, res) => {
    res.type('image/svg+xml').send(PLACEHOLDER_ICON_SVG);
  });

  // --- Grafana's data proxy (raw body, forwarded as is)
  app.all(
    /^\/api\/datasources\/proxy\/uid\/([^/]+)\/?(.*)$/,
    express.raw({ type: () => true, limit: '10mb' }),
    async (req: Request, res: Response) => {
      const params = req.params as unknown as Record<string, string>;
      const ds = findDataSource(params[0]);
      if (!ds) {
        res.status(404).json({ message: 'Unable to load datasource meta data' });
        return;
      }
      const plugin = readDataSourcePlugins(distDir).find((p) => p.json.id === ds.type);
      const routes: PluginRoute[] = plugin?.json.routes ?? [];
      const queryIndex = req.originalUrl.indexOf('?');
      const plan = planProxyRequest({
        routes,
        ds,
        user: state.user,
        method: req.method,
        proxyPath: params[1] ?? '',
        search: queryIndex >= 0 ? req.originalUrl.slice(queryIndex) : '',
      });
      if (plan.kind === 'reject') {
        res.status(plan.status).json({ message: plan.message });
        return;
      }
      await forwardProxyRequest(req, res, plan);
    }
  );

  app.use(express.json({ limit: '1mb' }));

  // --- harness control API (tests and humans)
  const publicState = () => ({
    user: state.user,
    app: {
      enabled: state.app.enabled,
      pinned: state.app.pinned,
      jsonData: state.app.jsonData,
      secureJsonFields: secureJsonFields(state.app.secureJsonData),
    },
    dataSources: state.dataSources.map(toDataSourceDto),
  });
  app.get('/harness/state', (_req, res) => {
    res.json(publicState());
  });
  app.post('/harness/user', (req, res) => {
    const { login, role } = req.body ?? {};
    if (typeof login !== 'string' || login === '' || !isOrgRole(role)) {
      res.status(400).json({ message: 'body must be {"login": "<non-empty>", "role": "Viewer"|"Editor"|"Admin"}' });
      return;
    }
    state.user = { login, role };
    res.json(state.user);
  });
  app.post('/harness/reset', (req, res) => {
    const body = (req.body ?? {}) as Partial<SeedOptions> & { unconfigured?: boolean };
    state = seedState(body.unconfigured ? { user: options.seed.user } : { ...options.seed, ...body });
    res.json(publicState());
  });

  // --- Grafana HTTP API used by the plugin
  app.get('/api/plugins/:pluginId/settings', (req, res) => {
    if (req.params.pluginId !== APP_PLUGIN_ID) {
      res.status(404).json({ message: 'Plugin not found, no installed plugin with that id' });
      return;
    }
    const pluginJson = readJson(path.join(distDir, 'plugin.json'));
    if (!pluginJson) {
      res.status(404).json({ message: `Plugin not built: ${path.join(distDir, 'plugin.json')} is missing` });
      return;
    }
    res.json({
      ...pluginJson,
      info: withPublicInfo(pluginJson, PLUGIN_PUBLIC_PATH),
      module: `${PLUGIN_PUBLIC_PATH}/module.js`,
      baseUrl: PLUGIN_PUBLIC_PATH,
      enabled: state.app.enabled,
      pinned: state.app.pinned,
      autoEnabled: pluginJson.autoEnabled ?? false,
      jsonData: state.app.jsonData,
      secureJsonFields: secureJsonFields(state.app.secureJsonData),
      defaultNavUrl: `/a/${APP_PLUGIN_ID}/home`,
      signature: 'unsigned',
      hasUpdate: false,
      latestVersion: '',
    });
  });
  app.post('/api/plugins/:pluginId/settings', requireAdmin('plugins:write'), (req, res) => {
    if (req.params.pluginId !== APP_PLUGIN_ID) {
      res.status(404).json({ message: 'Plugin not found, no installed plugin with that id' });
      return;
    }
    const body = req.body ?? {};
    state.app = {
      enabled: typeof body.enabled === 'boolean' ? body.enabled : state.app.enabled,
      pinned: typeof body.pinned === 'boolean' ? body.pinned : state.app.pinned,
      jsonData: body.jsonData && typeof body.jsonData === 'object' ? body.jsonData : state.app.jsonData,
      secureJsonData: mergeSecureJsonData(state.app.secureJsonData, body.secureJsonData),
    };
    res.json({ message: 'Plugin settings updated' });
  });

  app.get('/api/datasources', requireAdmin('datasources:read'), (_req, res) => {
    res.json(state.dataSources.map(toDataSourceDto));
  });
  app.get('/api/datasources/uid/:uid', requireAdmin('datasources:read'), (req, res) => {
    const ds = findDataSource(String(req.params.uid));
    if (!ds) {
      res.status(404).json({ message: 'Data source not found' });
      return;
    }
    res.json(toDataSourceDto(ds));
  });
  app.post('/api/datasources', requireAdmin('datasources:create'), (req, res) => {
    const body = req.body ?? {};
    if (typeof body.name !== 'string' || body.name === '' || typeof body.type !== 'string' || body.type === '') {
      res.status(400).json({ message: 'Data source name and type are required' });
      return;
    }
    if (state.dataSources.some((ds) => ds.name === body.name)) {
      res.status(409).json({ message: 'data source with the same name already exists' });
      return;
    }
    const uid = typeof body.uid === 'string' && body.uid !== '' ? body.uid : `harness-${state.nextDataSourceId}`;
    if (findDataSource(uid)) {
      res.status(409).json({ message: 'data source with the same uid already exists' });
      return;
    }
    const ds: StoredDataSource = {
      id: state.nextDataSourceId++,
      uid,
      orgId: 1,
      name: body.name,
      type: body.type,
      access: body.access === 'direct' ? 'direct' : 'proxy',
      url: typeof body.url === 'string' ? body.url : '',
      isDefault: body.isDefault === true,
      jsonData: body.jsonData && typeof body.jsonData === 'object' ? body.jsonData : {},
      secureJsonData: mergeSecureJsonData({}, body.secureJsonData),
      version: 1,
      readOnly: false,
    };
    state.dataSources.push(ds);
    res.json({ datasource: toDataSourceDto(ds), id: ds.id, message: 'Datasource added', name: ds.name });
  });
  app.put('/api/datasources/uid/:uid', requireAdmin('datasources:write'), (req, res) => {
    const ds = findDataSource(String(req.params.uid));
    if (!ds) {
      res.status(404).json({ message: 'Data source not found' });
      return;
    }
    if (ds.readOnly) {
      res.status(403).json({ message: 'Cannot update read-only data source' });
      return;
    }
    const body = req.body ?? {};
    if (typeof body.version === 'number' && body.version !== ds.version) {
      res
        .status(409)
        .json({ message: 'Datasource has already been updated by someone else. Please reload and try again' });
      return;
    }
    Object.assign(ds, {
      name: typeof body.name === 'string' && body.name !== '' ? body.name : ds.name,
      type: typeof body.type === 'string' && body.type !== '' ? body.type : ds.type,
      access: body.access === 'direct' ? 'direct' : 'proxy',
      url: typeof body.url === 'string' ? body.url : ds.url,
      isDefault: typeof body.isDefault === 'boolean' ? body.isDefault : ds.isDefault,
      jsonData: body.jsonData && typeof body.jsonData === 'object' ? body.jsonData : ds.jsonData,
      secureJsonData: mergeSecureJsonData(ds.secureJsonData, body.secureJsonData),
      version: ds.version + 1,
    });
    res.json({ datasource: toDataSourceDto(ds), id: ds.id, message: 'Datasource updated', name: ds.name });
  });
  app.delete('/api/datasources/uid/:uid', requireAdmin('datasources:delete'), (req, res) => {
    const ds = findDataSource(String(req.params.uid));
    if (!ds) {
      res.status(404).json({ message: 'Data source not found' });
      return;
    }
    state.dataSources = state.dataSources.filter((item) => item !== ds);
    res.json({ message: 'Data source deleted', id: ds.id });
  });
  app.use('/api', (_req, res) => {
    res.status(404).json({ message: 'Not found (the harness does not emulate this Grafana API)' });
  });

  // --- the host page for every other GET (Grafana's SPA routes)
  app.get('/', (_req, res) => res.redirect(`/a/${APP_PLUGIN_ID}/home`));
  app.get(/^\/(a|plugins)\//, sendHostPage);

  return app;
}

/** The few RBAC actions this plugin could check, granted like Grafana's basic roles do. */
function permissionsFor(role: HarnessState['user']['role']): Record<string, boolean> {
  const permissions: Record<string, boolean> = { 'datasources:query': true, 'plugins.app:access': true };
  if (role === 'Admin') {
    for (const action of [
      'datasources:read',
      'datasources:write',
      'datasources:create',
      'datasources:delete',
      'plugins:write',
    ]) {
      permissions[action] = true;
    }
  }
  return permissions;
}

/** JSON for an inline <script>: `<` escaped so stored strings cannot close the script element. */
function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function hostPage(args: {
  state: HarnessState;
  theme: 'dark' | 'light';
  dataSourceMetas: Record<string, unknown>;
  panelMetas: Record<string, unknown>;
  dataSources: Array<ReturnType<typeof toDataSourceDto>>;
  origin: string;
}): string {
  const { state, theme } = args;
  const datasources = Object.fromEntries(
    args.dataSources
      .filter((ds) => args.dataSourceMetas[ds.type])
      .map((ds) => [
        ds.name,
        { ...ds, meta: args.dataSourceMetas[ds.type], url: `/api/datasources/proxy/uid/${ds.uid}` },
      ])
  );
  const bootData = {
    user: {
      id: 1,
      uid: state.user.login,
      login: state.user.login,
      name: state.user.login,
      email: `${state.user.login}@harness.local`,
      orgId: 1,
      orgName: 'Main Org.',
      orgRole: state.user.role,
      orgCount: 1,
      isGrafanaAdmin: state.user.role === 'Admin',
      isSignedIn: true,
      theme,
      timezone: 'browser',
      weekStart: 'browser',
      locale: 'en-US',
      language: 'en-US',
      regionalFormat: 'en-US',
      permissions: permissionsFor(state.user.role),
    },
    settings: {
      appUrl: `${args.origin}/`,
      appSubUrl: '',
      buildInfo: { version: '12.4.2', commit: 'harness', env: 'production', edition: 'Open Source', latestVersion: '' },
      datasources,
      featureToggles: {},
      apps: {
        [APP_PLUGIN_ID]: { id: APP_PLUGIN_ID, path: `${PLUGIN_PUBLIC_PATH}/module.js`, version: '', preload: false },
      },
      panels: args.panelMetas,
    },
    navTree: [],
    assets: { dark: '', light: '' },
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<base href="/">
<title>Grafana harness · ${APP_PLUGIN_ID}</title>
<link rel="stylesheet" href="/harness/host.css">
<style>body { margin: 0; font-family: Inter, Helvetica, Arial, sans-serif; }</style>
<script>
window.__grafana_public_path__ = '/public/';
window.grafanaBootData = ${inlineJson(bootData)};
window.__harnessBootData = ${inlineJson({ dataSourceMetas: args.dataSourceMetas, dataSources: args.dataSources })};
</script>
<script src="/harness/vendor/system.js"></script>
<script src="/harness/vendor/extras/amd.js"></script>
</head>
<body class="theme-${theme}">
<div id="reactRoot"></div>
<script src="/harness/host.js"></script>
</body>
</html>`;
}

export async function startHarnessServer(options: HarnessServerOptions): Promise<HarnessServer> {
  await buildHostBundle();
  const app = createHarnessApp(options);
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = app.listen(options.port ?? 3300, host, (error?: Error) => {
      if (error) {
        reject(error);
        return;
      }
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

function seedFromEnv(env: NodeJS.ProcessEnv): SeedOptions {
  const role = env.HARNESS_USER_ROLE ?? 'Admin';
  if (!isOrgRole(role)) {
    throw new Error(`HARNESS_USER_ROLE must be Viewer, Editor or Admin (got "${role}")`);
  }
  return {
    serviceUrl: env.SYSMON_SERVICE_URL || undefined,
    apiToken: env.SYSMON_API_TOKEN,
    operatorToken: env.SYSMON_OPERATOR_TOKEN,
    user: { login: env.HARNESS_USER_LOGIN || 'admin', role },
  };
}

if (require.main === module) {
  startHarnessServer({
    port: Number(process.env.HARNESS_PORT ?? 3300),
    host: process.env.HARNESS_HOST,
    distDir: process.env.HARNESS_DIST_DIR,
    seed: seedFromEnv(process.env),
  }).then(
    (server) => {
      console.log(`Grafana harness listening on ${server.url}`);
      console.log(`  app:    ${server.url}/a/${APP_PLUGIN_ID}/home`);
      console.log(`  config: ${server.url}/plugins/${APP_PLUGIN_ID}`);
      const stop = () => server.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    }
  );
}
