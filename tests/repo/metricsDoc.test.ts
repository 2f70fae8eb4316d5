// docs/METRICS.md is generated from the contract's definitions (scripts/metrics-doc.mts): regenerated in memory, it
// must equal the checked-in file, so a changed metric or field definition without `npm run docs:metrics` fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { GLOSSARY } from '@penguinmails/sysmon-contract';
import { METRICS_DOC, renderMetricsDoc } from '../../scripts/metrics-doc.mts';

test('docs/METRICS.md is what npm run docs:metrics generates from the definitions', async () => {
  const generated = await renderMetricsDoc();
  const checkedIn = readFileSync(METRICS_DOC, 'utf8');
  assert.ok(
    generated === checkedIn,
    'docs/METRICS.md is stale: run `npm run docs:metrics` and commit the result' +
      (generated.split('\n').length !== checkedIn.split('\n').length
        ? ''
        : ` (first difference at line ${firstDifference(generated, checkedIn)})`)
  );
});

test('docs/METRICS.md names every metric and every query field of the glossary', async () => {
  const doc = readFileSync(METRICS_DOC, 'utf8');
  for (const entry of GLOSSARY) {
    assert.ok(doc.includes(`\`${entry.name}\``), `${entry.id} is in docs/METRICS.md`);
  }
});

function firstDifference(a: string, b: string): number {
  const left = a.split('\n');
  const right = b.split('\n');
  return left.findIndex((line, index) => line !== right[index]) + 1;
}
