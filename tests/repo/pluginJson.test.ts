// Every plugin.json the build emits must satisfy Grafana's plugin schema, or Grafana refuses to load the plugin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { globSync } from 'glob';
import Ajv from 'ajv';

const root = path.resolve(import.meta.dirname, '../..');
const schemaPath = path.resolve(root, '../shared/grafana/plugin.schema.json');
const distDir = path.join(root, 'dist');

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

// The schema's patterns use escapes such as `\-` that are fine in JSON Schema's regex dialect but invalid
// under the `u` flag ajv uses by default.
const compileSchema = () =>
  new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(readJson(schemaPath));

/**
 * create-plugin's BuildModeWebpackPlugin stamps `buildMode` into every emitted plugin.json (Grafana shows a warning
 * for development builds); the reference schema does not list that field, so it is the one thing set aside.
 */
function withoutBuildStamp(manifest: Record<string, unknown>) {
  const { buildMode, ...rest } = manifest;
  assert.ok(buildMode === undefined || buildMode === 'production' || buildMode === 'development');
  return rest;
}

test('dist/ holds the app and the nested data source', () => {
  for (const file of ['module.js', 'plugin.json', 'datasource/module.js', 'datasource/plugin.json']) {
    assert.ok(existsSync(path.join(distDir, file)), `dist/${file} is missing; run npm run build`);
  }
});

test('every plugin.json in dist/ validates against Grafana plugin.schema.json', () => {
  const validate = compileSchema();
  const files = globSync('**/plugin.json', { cwd: distDir });
  assert.ok(files.length >= 2, `expected at least 2 plugin.json files in dist/, found ${files.length}`);
  for (const file of files) {
    const ok = validate(withoutBuildStamp(readJson(path.join(distDir, file))));
    assert.ok(ok, `dist/${file}: ${JSON.stringify(validate.errors, null, 2)}`);
  }
});

test('the source manifests validate as written', () => {
  const validate = compileSchema();
  for (const file of ['plugin.json', 'src/datasource/plugin.json']) {
    assert.ok(validate(readJson(path.join(root, file))), `${file}: ${JSON.stringify(validate.errors, null, 2)}`);
  }
});

test('every plugin names a logo that the build shipped next to its plugin.json', () => {
  for (const file of globSync('**/plugin.json', { cwd: distDir })) {
    const manifest = readJson(path.join(distDir, file));
    for (const logo of [manifest.info.logos.small, manifest.info.logos.large]) {
      assert.ok(existsSync(path.join(distDir, path.dirname(file), logo)), `dist/${file}: logo ${logo} is missing`);
    }
  }
});

test('the schema check rejects a manifest Grafana would refuse', () => {
  const validate = compileSchema();
  const app = withoutBuildStamp(readJson(path.join(distDir, 'plugin.json')));
  assert.equal(validate({ ...app, id: 'Not A Valid Id' }), false);
  assert.equal(validate({ ...app, type: 'widget' }), false);
});

test('the build filled in version and date, and the ids fit together', () => {
  const app = readJson(path.join(distDir, 'plugin.json'));
  const datasource = readJson(path.join(distDir, 'datasource/plugin.json'));
  assert.equal(app.id, 'penguinmails-sysmon-app');
  assert.equal(datasource.id, 'penguinmails-sysmon-datasource');
  assert.doesNotMatch(app.info.version, /%VERSION%/);
  assert.doesNotMatch(app.info.updated, /%TODAY%/);
  assert.ok(
    app.includes.some((include: { type: string; name: string }) => include.type === 'datasource'),
    'the app manifest includes the nested data source'
  );
  const routePaths = datasource.routes.map((route: { path: string }) => route.path).sort();
  assert.deepEqual(routePaths, ['api', 'operator']);
  const operatorRoute = datasource.routes.find((route: { path: string }) => route.path === 'operator');
  assert.equal(operatorRoute.reqRole, 'Editor', 'mutations need Editor in Grafana before the service sees them');
});

test('the build ships none of the development tokens', () => {
  const defaults = readFileSync(path.join(root, 'scripts/stack.sh'), 'utf8').matchAll(/_TOKEN:-([^}]+)\}/g);
  const tokens = [...defaults].map((match) => match[1]!);
  assert.ok(tokens.length >= 3, 'found the development tokens in scripts/stack.sh');
  for (const file of globSync('**/*', { cwd: distDir, nodir: true })) {
    const text = readFileSync(path.join(distDir, file), 'utf8');
    for (const token of tokens) {
      assert.ok(!text.includes(token), `dist/${file} contains a development token`);
    }
  }
});
