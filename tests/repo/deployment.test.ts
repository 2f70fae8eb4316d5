// docker compose cannot run on the CI machines, so this checks that docker-compose.yml, Grafana provisioning,
// the plugin manifests and the service's config schema agree with each other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CONFIG_ENV_VARS, loadConfig } from '../../backend/src/config.ts';
import { DEMO_FLAGS, parseDemoArgs } from '../../backend/src/demo/main.ts';

const root = path.resolve(import.meta.dirname, '../..');
const readYaml = (file: string) => parseYaml(readFileSync(path.join(root, file), 'utf8'), { merge: true });
const readJson = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8'));

const compose = readYaml('docker-compose.yml');
const datasources = readYaml('provisioning/datasources/datasources.yaml').datasources;
const apps = readYaml('provisioning/plugins/apps.yaml').apps;
const appManifest = readJson('plugin.json');
const datasourceManifest = readJson('src/datasource/plugin.json');
const sysmonDatasource = datasources.find((ds: { type: string }) => ds.type === datasourceManifest.id);

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

test('service URL, port and scrape target agree', () => {
  const config = loadConfig(withComposeDefaults(compose.services.sysmon.environment));
  assert.equal(sysmonDatasource.jsonData.serviceUrl, `http://sysmon:${config.port}`);
  assert.ok(compose.services.sysmon.ports.includes(`${config.port}:${config.port}`));
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
  assert.deepEqual(unsigned.sort(), [appManifest.id, datasourceManifest.id].sort());
  const dashboard = readJson('dashboards/service-health.json');
  for (const panel of dashboard.panels) {
    assert.equal(panel.datasource.uid, sysmonDatasource.uid, `panel "${panel.title}" uses the provisioned data source`);
  }
});

test('Redis runs with noeviction, which BullMQ requires', () => {
  const command: string[] = compose.services.redis.command;
  assert.equal(command[command.indexOf('--maxmemory-policy') + 1], 'noeviction');
});
