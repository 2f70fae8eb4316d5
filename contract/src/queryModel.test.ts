import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { migrateQuery } from './migrateQuery.ts';
import { QUERY_TYPES, queryDefaults, queryFields, querySchema, sysmonQuerySchema } from './queryModel.ts';

describe('query model', () => {
  it('accepts a health query and drops fields Grafana adds', () => {
    const parsed = sysmonQuerySchema.parse({
      refId: 'A',
      queryType: 'health',
      datasource: { uid: 'x' },
      hide: false,
      intervalMs: 1000,
    });
    assert.deepEqual(parsed, { refId: 'A', queryType: 'health' });
  });

  it('rejects unknown query types and empty refIds', () => {
    assert.equal(sysmonQuerySchema.safeParse({ refId: 'A', queryType: 'nope' }).success, false);
    assert.equal(sysmonQuerySchema.safeParse({ refId: '', queryType: 'health' }).success, false);
  });

  it('every query type is valid with only its type: its defaults are what a fresh editor shows', () => {
    for (const { value } of QUERY_TYPES) {
      assert.deepEqual(
        querySchema(value).parse({ refId: 'A', queryType: value }),
        { refId: 'A', ...queryDefaults(value) },
        value
      );
    }
    assert.deepEqual(queryDefaults('jobs'), { queryType: 'jobs', state: 'failed', limit: 100 });
    assert.deepEqual(queryDefaults('queue_metrics'), { queryType: 'queue_metrics', field: 'depth', groupBy: 'queue' });
    assert.deepEqual(queryDefaults('variable'), { queryType: 'variable', variable: 'queue' });
    assert.deepEqual(queryDefaults('health'), { queryType: 'health' });
  });

  it('lists each type’s own fields from its schema', () => {
    assert.deepEqual(queryFields('health'), []);
    assert.deepEqual(queryFields('jobs'), ['queue', 'state', 'search', 'limit']);
    assert.deepEqual(queryFields('variable'), ['variable', 'tier']);
  });

  it('treats blank text as unset and keeps type errors per field', () => {
    assert.deepEqual(sysmonQuerySchema.parse({ refId: 'A', queryType: 'drift', queue: '  ' }), {
      refId: 'A',
      queryType: 'drift',
      queue: undefined,
    });
    const bad = sysmonQuerySchema.safeParse({ refId: 'A', queryType: 'jobs', limit: 5000 });
    assert.equal(bad.success, false);
    assert.deepEqual(
      bad.error?.issues.map((issue) => issue.path.join('.')),
      ['limit']
    );
  });
});

describe('migrateQuery', () => {
  it('turns a variable query saved as text into a variable query', () => {
    assert.deepEqual(migrateQuery('tiers', 'v'), { refId: 'v', queryType: 'variable', variable: 'tier' });
    assert.deepEqual(migrateQuery('queues'), { refId: 'A', queryType: 'variable', variable: 'queue' });
    assert.deepEqual(migrateQuery(undefined), { refId: 'A', queryType: 'variable', variable: 'queue' });
  });

  it('gives a query without a type the default type and keeps everything else', () => {
    assert.deepEqual(migrateQuery({ refId: 'B', hide: true, datasource: { uid: 'u' } }), {
      refId: 'B',
      hide: true,
      datasource: { uid: 'u' },
      queryType: 'health',
    });
  });

  it('returns a current query as it is', () => {
    const query = { refId: 'A', queryType: 'jobs', queue: '$queue', state: 'failed' };
    assert.equal(migrateQuery(query), query);
    const unknownType = { refId: 'A', queryType: 'logs' };
    assert.equal(migrateQuery(unknownType), unknownType, 'an unknown type is left for the service to name');
  });
});
