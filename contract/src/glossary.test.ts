// The glossary is built from the definitions alone: every metric and every query field is in it, once, with what
// the glossary promises (meaning, source, update frequency; PromQL and an alert for metrics; query type, frame and
// field for fields), and the links between metrics and fields point both ways.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GLOSSARY, GLOSSARY_AREAS, QUERY_TYPE_FRAMES, type FieldEntry, type MetricEntry } from './glossary.ts';
import { METRICS, metricDefinitionOf } from './metrics.ts';
import { APP_PAGES } from './pages.ts';
import { QUERY_TYPES } from './queryModel.ts';

const metrics = GLOSSARY.filter((entry): entry is MetricEntry => entry.kind === 'metric');
const fields = GLOSSARY.filter((entry): entry is FieldEntry => entry.kind === 'field');

describe('GLOSSARY', () => {
  it('has one entry per metric definition and per field of every frame a query type answers with', () => {
    assert.deepEqual(
      metrics.map((entry) => entry.name),
      Object.values(METRICS).map((definition) => definition.name)
    );
    const frames = new Set(Object.values(QUERY_TYPE_FRAMES).flat());
    const expected = [...frames].flatMap((frame) =>
      Object.values(frame.fields).map((field) => `field:${frame.about.key}.${field.name}`)
    );
    assert.deepEqual(fields.map((entry) => entry.id).sort(), expected.sort());
    const ids = GLOSSARY.map((entry) => entry.id);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
    const keys = [...frames].map((frame) => frame.about.key);
    assert.equal(new Set(keys).size, keys.length, 'frame keys are unique');
  });

  it('lists every query type with its frames, and each field with the query types that carry it', () => {
    assert.deepEqual(Object.keys(QUERY_TYPE_FRAMES).sort(), QUERY_TYPES.map((type) => type.value).sort());
    const logBody = fields.find((entry) => entry.id === 'field:logs.body')!;
    assert.deepEqual(logBody.queryTypes, ['logs', 'log_context']);
    const ledgerError = fields.find((entry) => entry.id === 'field:jobs_ledger.last_error')!;
    assert.deepEqual(
      [ledgerError.queryTypes, ledgerError.frame, ledgerError.field],
      [['jobs'], 'jobs_ledger', 'last_error']
    );
  });

  it('gives every entry a meaning, a source and an update frequency, and groups them by area in order', () => {
    for (const entry of GLOSSARY) {
      assert.ok(entry.meaning.length > 5, `${entry.id}: meaning`);
      assert.ok(entry.updates.length > 5, `${entry.id}: updates`);
      assert.ok(entry.source, `${entry.id}: source`);
      assert.ok(entry.shownAt || entry.elsewhere, `${entry.id}: where it is shown or used`);
      if (entry.shownAt) {
        assert.ok((Object.values(APP_PAGES) as string[]).includes(entry.shownAt.path), `${entry.id}: page`);
      }
    }
    const areas = GLOSSARY_AREAS.map(({ area }) => area);
    const order = GLOSSARY.map((entry) => areas.indexOf(entry.area));
    assert.ok(!order.includes(-1), 'every area is a glossary area');
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
      'grouped by area in GLOSSARY_AREAS order'
    );
    for (const area of areas) {
      assert.ok(
        GLOSSARY.some((entry) => entry.area === area),
        `${area} has entries`
      );
    }
  });

  it('gives every metric an example query and alert on itself, and links it with the fields that carry it', () => {
    for (const entry of metrics) {
      const names = entry.prefixes ?? [entry.name];
      assert.ok(
        names.some((name) => entry.promql.includes(name)),
        `${entry.name}: its PromQL example reads it`
      );
      assert.ok(
        names.some((name) => entry.alert.expr.includes(name)),
        `${entry.name}: its alert example reads it`
      );
    }
    const depth = metrics.find((entry) => entry.name === 'sysmon_queue_depth')!;
    assert.deepEqual(depth.carriedBy, [{ queryTypes: ['queues'], frame: 'queues', field: 'depth' }]);
    for (const field of fields.filter((entry) => entry.metric)) {
      const metric = metrics.find((entry) => entry.name === field.metric)!;
      assert.ok(
        metric.carriedBy.some((ref) => ref.frame === field.frame && ref.field === field.field),
        `${field.id} <-> ${field.metric}`
      );
    }
  });

  it('follows Prometheus naming: counters end in _total, seconds in the name, defaults by prefix', () => {
    for (const definition of Object.values(METRICS)) {
      if (definition.type === 'counter') {
        assert.match(definition.name, /^sysmon_[a-z_]+_total$/);
      } else if (definition.type === 'mixed') {
        assert.equal(definition.promClientDefaults, true);
        assert.ok(definition.prefixes.length > 0);
      } else {
        assert.match(definition.name, /^sysmon_[a-z_]+$/);
        assert.doesNotMatch(definition.name, /_total$/);
      }
    }
    assert.equal(metricDefinitionOf('sysmon_queue_depth'), METRICS.queueDepth);
    assert.equal(metricDefinitionOf('nodejs_eventloop_lag_seconds'), METRICS.processDefaults);
    assert.equal(metricDefinitionOf('process_cpu_seconds_total'), METRICS.processDefaults);
    assert.equal(metricDefinitionOf('sysmon_nope'), undefined);
  });
});
