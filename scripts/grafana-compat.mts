// Grafana supplies @grafana/data, ui and runtime at run time, so the plugin may use only what both the oldest
// Grafana it claims (plugin.json grafanaDependency) and the newest it is checked with export, with the same types.
// @grafana/levitate compares each package as built against with those versions and finds the changed or removed
// exports the plugin uses (every entry point, tests/compat/pluginEntries.ts). Exits non-zero on any, naming it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTsProgram, getIncompatibilitiesBetweenPackages, printIncompatibilities } from '@grafana/levitate';
import { globSync } from 'glob';

/** The newest Grafana the plugin is checked against; raise it when a newer one is released. */
const NEWEST = '13.2.3';
const PACKAGES = ['@grafana/data', '@grafana/ui', '@grafana/runtime'];

const root = path.resolve(import.meta.dirname, '..');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8'));
const claim: string = readJson('plugin.json').dependencies.grafanaDependency;
const oldest = /^>=\s*(\d+\.\d+\.\d+)$/.exec(claim)?.[1];
if (!oldest) {
  throw new Error(`plugin.json grafanaDependency "${claim}" is not of the form ">=x.y.z"`);
}
// Every nested plugin must list its module in the entries file, or its imports would go unchecked.
const entriesFile = 'tests/compat/pluginEntries.ts';
const entriesText = readFileSync(path.join(root, entriesFile), 'utf8');
for (const manifest of globSync('src/**/plugin.json', { cwd: root })) {
  const module = `../../${path.dirname(manifest)}/module`;
  if (!entriesText.includes(`'${module}'`)) {
    throw new Error(`${entriesFile} does not import ${module} (the module of ${manifest})`);
  }
}

process.chdir(root);
const program = createTsProgram(path.join(root, entriesFile));
let problems = 0;
for (const version of [oldest, NEWEST]) {
  for (const name of PACKAGES) {
    const installed: string = readJson(`node_modules/${name}/package.json`).version;
    const incompatibilities = await getIncompatibilitiesBetweenPackages(
      program,
      `${name}@${installed}`,
      `${name}@${version}`,
      {}
    );
    console.log(`${incompatibilities.length === 0 ? 'ok  ' : 'FAIL'} ${name}@${installed} used as ${name}@${version}`);
    for (const item of incompatibilities) {
      const { line } = item.sourceFile.getLineAndCharacterOfPosition(item.codeIdentifier.getStart());
      console.log(
        `     ${item.removal ? 'removed' : 'changed'}: ${item.name} (${path.relative(root, item.sourceFile.fileName)}:${line + 1})`
      );
    }
    if (incompatibilities.length > 0) {
      printIncompatibilities(incompatibilities);
    }
    problems += incompatibilities.length;
  }
}
console.log(problems === 0 ? `compatible with Grafana ${oldest} and ${NEWEST}` : `${problems} incompatibilities`);
process.exit(problems === 0 ? 0 : 1);
