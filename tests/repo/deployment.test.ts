// docker compose cannot run on the CI machines, so this checks that docker-compose.yml, Grafana provisioning,
// the plugin manifests and the service's config schema agree with each other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { globSync } from 'glob';
import { parse as parseYaml } from 'yaml';
import { CONFIG_ENV_VARS, loadConfig } from '../../backend/src/config.ts';
import { DEMO_QUEUES } from '../../backend/src/demo/catalog.ts';
import { DEMO_FLAGS, parseDemoArgs } from '../../backend/src/demo/main.ts';
import {
  isQueryType,
  LOG_LEVELS,
  queryFields,
  querySchema,
  queueTier,
  sysmonQuerySchema,
} from '@penguinmails/sysmon-contract';
import { interpolateQuery } from '../../src/datasource/queryRequest.ts';
import type { SysmonDataQuery } from '../../src/datasource/types.ts';

const root = path.resolve(import.meta.dirname, '../..');
const readYaml = (file: string) => parseYaml(readFileSync(path.join(root, file), 'utf8'), { merge: true });
const readJson = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8'));

const compose = readYaml('docker-compose.yml');
const datasources = readYaml('provisioning/datasources/datasources.yaml').datasources;
const apps = readYaml('provisioning/plugins/apps.yaml').apps;
const appManifest = readJson('plugin.json');
const datasourceManifest = readJson('src/datasource/plugin.json');
const sysmonDatasource = datasources.find((ds: { type: string }) => ds.type === datasourceManifest.id);
const panelManifests = globSync('src/panels/*/plugin.json', { cwd: root }).sort().map(readJson);
const dashboardFiles = readdirSync(path.join(root, 'dashboards')).filter((file) => file.endsWith('.json'));

/** Resolves compose's `${NAME:-default}` the way compose does when NAME is unset. */
function withComposeDefaults(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, String(value).replace(/\$\{\w+:-([^}]*)\}/g, '$1')])
  );
}

test('the service environment in compose is a valid configuration, with only known variables', () => {
  const demoEnvVars: string[] = Object.values(DEMO_FLAGS).map((flag) => flag.env);
  for (const name of ['sysmon', 'demo']) {
    const env = withComposeDefaults(compose.services[name].environment);
    for (const key of Object.keys(env)) {
      const known = CONFIG_ENV_VARS.includes(key) || (name === 'demo' && demoEnvVars.includes(key));
      assert.ok(known, `${name}: ${key} is read by neither the service config nor the demo`);
    }
    const config = loadConfig(env);
    assert.ok(config.tokens.api && config.tokens.operator, `${name}: serve needs both tokens`);
  }
  const demoEnv = withComposeDefaults(compose.services.demo.environment);
  const demoOptions = parseDemoArgs([], demoEnv);
  assert.ok(compose.services.demo.ports.includes(`127.0.0.1:${demoOptions.control.port}:${demoOptions.control.port}`));
});

test('the config file compose and the stack use gives the demo queues their tiers', () => {
  const env = withComposeDefaults(compose.services.sysmon.environment);
  assert.equal(env.SYSMON_CONFIG, '/app/deploy/sysmon.yaml', 'the Dockerfile copies deploy/sysmon.yaml to /app/deploy');
  assert.match(readFileSync(path.join(root, 'Dockerfile'), 'utf8'), /COPY deploy\/sysmon\.yaml deploy\//);
  assert.match(readFileSync(path.join(root, 'scripts/stack.sh'), 'utf8'), /SYSMON_CONFIG:-deploy\/sysmon\.yaml/);
  const config = loadConfig(env, readFileSync(path.join(root, 'deploy/sysmon.yaml'), 'utf8'));
  const demo = parseDemoArgs([], withComposeDefaults(compose.services.demo.environment));
  assert.ok(config.queues.prefixes.includes(demo.prefix ?? 'bull'), 'the service discovers the demo prefix');
  for (const queue of Object.values(DEMO_QUEUES)) {
    assert.equal(queueTier(queue.name, config.queues.tiers), queue.tier, queue.name);
  }
});

test('service URL, port and scrape target agree', () => {
  const config = loadConfig(withComposeDefaults(compose.services.sysmon.environment));
  assert.equal(sysmonDatasource.jsonData.serviceUrl, `http://sysmon:${config.port}`);
  // Published on the host's loopback only: the development tokens are in the repository.
  assert.ok(compose.services.sysmon.ports.includes(`127.0.0.1:${config.port}:${config.port}`));
  assert.match(
    compose.services.sysmon.healthcheck.test.join(' '),
    new RegExp(`127\\.0\\.0\\.1:${config.port}/healthz`)
  );
  const prometheus = parseYaml(readFileSync(path.join(root, 'deploy/prometheus.yml'), 'utf8'));
  const targets = prometheus.scrape_configs.flatMap((job: { static_configs: Array<{ targets: string[] }> }) =>
    job.static_configs.flatMap((c) => c.targets)
  );
  assert.ok(targets.includes(`sysmon:${config.port}`), 'Prometheus scrapes the service /metrics');
});

test('Grafana gets the same tokens the service accepts', () => {
  const serviceEnv = compose.services.sysmon.environment;
  const grafanaEnv = compose.services.grafana.environment;
  assert.equal(sysmonDatasource.secureJsonData.apiToken, '$SYSMON_API_TOKEN');
  assert.equal(sysmonDatasource.secureJsonData.operatorToken, '$SYSMON_OPERATOR_TOKEN');
  assert.equal(grafanaEnv.SYSMON_API_TOKEN, serviceEnv.SYSMON_API_TOKEN);
  assert.equal(grafanaEnv.SYSMON_OPERATOR_TOKEN, serviceEnv.SYSMON_OPERATOR_TOKEN);
  assert.equal(grafanaEnv.GF_DATAPROXY_SEND_USER_HEADER, 'true', 'the audit log needs X-Grafana-User');
});

test('provisioning names the plugins the build produces', () => {
  assert.equal(apps[0].type, appManifest.id);
  assert.equal(apps[0].jsonData.datasourceUid, sysmonDatasource.uid);
  const unsigned = compose.services.grafana.environment.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS.split(',');
  // Grafana checks the allow-list for every plugin id, nested ones included.
  const ids = [appManifest.id, datasourceManifest.id, ...panelManifests.map((panel: { id: string }) => panel.id)];
  assert.deepEqual(unsigned.sort(), ids.sort());
  for (const panel of panelManifests) {
    assert.ok(
      appManifest.includes.some(
        (include: { type: string; name: string }) => include.type === 'panel' && include.name === panel.name
      ),
      `the app manifest includes the nested panel ${panel.id}`
    );
  }
  assert.ok(
    panelManifests.some((panel: { id: string }) => panel.id === 'penguinmails-queueboard-panel'),
    'the queue board panel is a nested plugin'
  );
});

interface DashboardTarget extends SysmonDataQuery {
  datasource?: { type?: string; uid?: string };
}
interface DashboardPanel {
  title: string;
  type: string;
  datasource?: { type?: string; uid?: string };
  targets?: DashboardTarget[];
  options?: Record<string, unknown>;
  fieldConfig?: {
    defaults: { custom?: Record<string, unknown>; displayName?: string };
    overrides: Array<{ matcher: { id: string; options: string }; properties: Array<{ id: string; value: unknown }> }>;
  };
}
interface DashboardVariable {
  name: string;
  type: string;
  datasource?: { type?: string; uid?: string };
  query?: DashboardTarget | string;
  multi?: boolean;
  includeAll?: boolean;
}

// Panel types of core Grafana the dashboards may use; any other type must be one of our nested panels.
const CORE_PANEL_TYPES = ['table', 'timeseries', 'stat', 'bargauge', 'gauge', 'text', 'row', 'state-timeline', 'logs'];

/** Every $name / ${name} a query field refers to, in strings and in lists (levels, services). */
const variablesIn = (query: object): string[] =>
  Object.values(query)
    .flatMap((value: unknown) => (Array.isArray(value) ? value : [value]))
    .filter((value): value is string => typeof value === 'string')
    .flatMap((value) => [...value.matchAll(/\$\{?(\w+)/g)].map((match) => match[1]));

// Fields Grafana keeps on every query besides the query type's own.
const GRAFANA_QUERY_FIELDS = new Set(['refId', 'queryType', 'datasource', 'hide', 'key']);

/** A saved query's fields that its type does not have (a typo such as `service` for `services` would be lost). */
function unknownFields(query: DashboardTarget): string[] {
  const fields = isQueryType(query.queryType) ? queryFields(query.queryType) : [];
  return Object.keys(query).filter((key) => !GRAFANA_QUERY_FIELDS.has(key) && !fields.includes(key));
}

test('dashboards are provisioned from dashboards/ and use the provisioned data source with valid queries', () => {
  const provider = readYaml('provisioning/dashboards/dashboards.yaml').providers[0];
  assert.ok(
    compose.services.grafana.volumes.includes(`./dashboards:${provider.options.path}:ro`),
    'compose mounts dashboards/ where the dashboard provider reads'
  );
  const ownPanelTypes = panelManifests.map((panel: { id: string }) => panel.id);
  const uids = new Set<string>();
  for (const file of dashboardFiles) {
    const dashboard = readJson(`dashboards/${file}`);
    assert.ok(dashboard.uid && !uids.has(dashboard.uid), `${file}: has a unique uid`);
    uids.add(dashboard.uid);
    const variables: DashboardVariable[] = dashboard.templating?.list ?? [];
    const variableNames = new Set(variables.map((variable) => variable.name));
    // The data source turns a variable set to "All" into no filter; check queries in that state.
    const asAll = (query: DashboardTarget) => {
      const { datasource, ...rest } = query;
      assert.equal(datasource?.uid ?? sysmonDatasource.uid, sysmonDatasource.uid);
      return interpolateQuery(rest, (value) => value.replace(/\$\{?\w+\}?/g, ''));
    };
    for (const variable of variables.filter((v) => v.type === 'query')) {
      assert.equal(variable.datasource?.uid, sysmonDatasource.uid, `${file}: variable ${variable.name} data source`);
      const query = variable.query as DashboardTarget;
      const parsed = sysmonQuerySchema.safeParse(asAll(query));
      assert.ok(parsed.success && parsed.data.queryType === 'variable', `${file}: variable ${variable.name} query`);
      assert.deepEqual(unknownFields(query), [], `${file}: variable ${variable.name} has fields its type lacks`);
    }
    for (const panel of dashboard.panels as DashboardPanel[]) {
      const where = `${file}: panel "${panel.title}"`;
      assert.ok(
        CORE_PANEL_TYPES.includes(panel.type) || ownPanelTypes.includes(panel.type),
        `${where}: type ${panel.type}`
      );
      if (panel.type === 'row' || panel.type === 'text') {
        continue;
      }
      assert.equal(panel.datasource?.uid, sysmonDatasource.uid, `${where} uses the provisioned data source`);
      assert.ok(panel.targets && panel.targets.length > 0, `${where} has queries`);
      for (const target of panel.targets) {
        assert.ok(isQueryType(target.queryType), `${where}: query ${target.refId}: queryType ${target.queryType}`);
        // Checked by its own type's schema, as the service validates it.
        const parsed = querySchema(target.queryType).safeParse(asAll(target));
        assert.ok(parsed.success, `${where}: query ${target.refId}: ${parsed.error?.message}`);
        assert.deepEqual(unknownFields(target), [], `${where}: query ${target.refId} has fields its type lacks`);
        for (const name of variablesIn(target)) {
          assert.ok(variableNames.has(name), `${where}: query ${target.refId} uses undefined variable $${name}`);
        }
      }
    }
  }
  assert.ok(uids.has('penguinmails-queues') && uids.has('penguinmails-wall-screen') && uids.has('penguinmails-logs'));
});

test('the logs dashboard: service, level and search variables feed a volume histogram by level and a Logs panel', () => {
  const logs = readJson('dashboards/logs.json');
  const variables: DashboardVariable[] = logs.templating.list;
  const byName = new Map(variables.map((variable) => [variable.name, variable]));
  for (const [name, kind] of [
    ['service', 'service'],
    ['level', 'level'],
  ] as const) {
    const variable = byName.get(name);
    assert.equal(variable?.type, 'query', `$${name} is a query variable`);
    assert.equal((variable!.query as DashboardTarget).variable, kind, `$${name} lists ${kind} values`);
    assert.ok(variable!.multi && variable!.includeAll, `$${name} allows several values and All`);
  }
  assert.equal(byName.get('search')?.type, 'textbox', '$search is a text box');

  const panels: DashboardPanel[] = logs.panels;
  const volume = panels.find((panel) => panel.targets?.[0]?.queryType === 'log_volume');
  const lines = panels.find((panel) => panel.targets?.[0]?.queryType === 'logs');
  assert.ok(volume && lines, 'a volume panel and a logs panel');
  for (const panel of [volume, lines]) {
    const target = panel.targets![0];
    assert.equal(target.search, '$search', `${panel.title}: searches $search`);
    assert.deepEqual(target.services, ['$service'], `${panel.title}: filters by $service`);
    assert.deepEqual(target.levels, ['$level'], `${panel.title}: filters by $level`);
  }

  assert.equal(volume.type, 'timeseries');
  const custom = volume.fieldConfig!.defaults.custom!;
  assert.equal(custom.drawStyle, 'bars');
  assert.equal((custom.stacking as { mode: string }).mode, 'normal', 'stacked by level');
  assert.equal(volume.fieldConfig!.defaults.displayName, '${__field.labels.level}', 'series named by level');
  const coloured = volume
    .fieldConfig!.overrides.filter((override) => override.properties.some((property) => property.id === 'color'))
    .map((override) => override.matcher.options);
  assert.deepEqual([...coloured].sort(), [...LOG_LEVELS].sort(), 'every level has its colour');

  assert.equal(lines.type, 'logs');
  assert.equal(lines.options?.showTime, true);
  assert.equal(lines.options?.wrapLogMessage, true);
  assert.equal(lines.options?.enableLogDetails, true);
});

test('the queues and wall-screen dashboards refresh every 5 s; the wall screen shows the queue board', () => {
  const queues = readJson('dashboards/queues.json');
  const wall = readJson('dashboards/wall-screen.json');
  assert.equal(queues.refresh, '5s');
  assert.equal(wall.refresh, '5s');
  assert.deepEqual(
    queues.templating.list.map((variable: DashboardVariable) => variable.name),
    ['tier', 'queue'],
    'tier comes first so the queue variable can list the queues of $tier'
  );
  const queryTypes = new Set(
    queues.panels.flatMap((panel: DashboardPanel) => (panel.targets ?? []).map((target) => target.queryType))
  );
  assert.deepEqual([...queryTypes].sort(), ['drift', 'jobs', 'queue_metrics', 'queues']);
  const board = wall.panels.find((panel: DashboardPanel) => panel.type === 'penguinmails-queueboard-panel');
  assert.ok(board, 'the wall screen has the queue board panel');
  assert.equal(board.targets[0].queryType, 'queues');
  assert.ok(board.gridPos.w === 24 && board.gridPos.h >= 16, 'the queue board is big');
});

test('Redis runs with noeviction, which BullMQ requires', () => {
  const command: string[] = compose.services.redis.command;
  assert.equal(command[command.indexOf('--maxmemory-policy') + 1], 'noeviction');
});

test('the Grafana of the Dockerfile is the oldest Grafana every plugin claims to support', () => {
  const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
  const built = /^ARG GRAFANA_VERSION=(\S+)$/m.exec(dockerfile)?.[1];
  const claims = globSync('src/**/plugin.json', { cwd: root, follow: true }).map(
    (file) => readJson(file).dependencies.grafanaDependency as string
  );
  assert.ok(claims.length >= 3, 'the app, the data source and the panel');
  for (const claim of claims) {
    assert.equal(claim, `>=${built}`, 'compose runs the oldest claimed Grafana, so the claim is what is exercised');
  }
});
