// The glossary's alert examples are the shipped rules: a metric definition whose alert names a rule in
// prometheus/rules.yml carries that rule's expression and `for` exactly (whitespace aside), and every shipped alert
// is some metric's example, so the Glossary page and docs/METRICS.md show what actually pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { METRICS, type MetricDefinition } from '@penguinmails/sysmon-contract';

const root = path.resolve(import.meta.dirname, '../..');
const rules = new Map<string, { expr: string; for?: string }>(
  (
    parseYaml(readFileSync(path.join(root, 'prometheus/rules.yml'), 'utf8')) as {
      groups: Array<{ rules: Array<{ alert?: string; expr: string; for?: string }> }>;
    }
  ).groups
    .flatMap((group) => group.rules)
    .filter((rule) => rule.alert)
    .map((rule) => [rule.alert!, rule])
);
const squash = (expr: string) => expr.replace(/\s+/g, ' ').trim();
const definitions: MetricDefinition[] = Object.values(METRICS);

test('a metric’s alert example that names a rule is that rule of prometheus/rules.yml', () => {
  const named = definitions.filter((definition) => definition.alert.rule);
  assert.ok(named.length >= 8);
  for (const definition of named) {
    const rule = rules.get(definition.alert.rule!);
    assert.ok(rule, `${definition.name}: no alert ${definition.alert.rule} in prometheus/rules.yml`);
    assert.equal(squash(definition.alert.expr), squash(rule.expr), `${definition.name}: ${definition.alert.rule} expr`);
    assert.equal(definition.alert.for, rule.for, `${definition.name}: ${definition.alert.rule} for`);
  }
});

test('every shipped alert that reads a metric is the example of one of them', () => {
  const examples = new Set(definitions.map((definition) => definition.alert.rule));
  // SysmonQueueMetricsMissing is the absence of sysmon_queues_readable, whose example is SysmonQueuesUnreadable;
  // the service alerts for degraded and unknown are the same gauge as SysmonServiceDown.
  const variants = new Set(['SysmonQueueMetricsMissing', 'SysmonServiceDegraded', 'SysmonServiceUnknown']);
  for (const name of rules.keys()) {
    assert.ok(examples.has(name) || variants.has(name), `${name} is some metric's alert example`);
  }
});
