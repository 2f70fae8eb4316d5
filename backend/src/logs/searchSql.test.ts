import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOG_SEARCH_FIELDS } from '@penguinmails/sysmon-contract';
import fc from 'fast-check';
import { parseLogSearch } from './search.ts';
import { containsPattern, filterConditions, hasTrigram, levelsOf, SqlParams, usesTrigramIndex } from './searchSql.ts';
import type { LogFilter } from './store.ts';

const RANGE = { from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-01T01:00:00Z') };
const filter = (search: string): LogFilter => ({ search: parseLogSearch(search), levels: [], services: [], ...RANGE });
const compile = (search: string, mode: 'indexed' | 'unindexed' = 'indexed') => {
  const params = new SqlParams();
  const conditions = filterConditions(filter(search), params, mode);
  return { sql: conditions.map((condition) => condition.sql), values: params.values, conditions };
};

describe('log search SQL', () => {
  it('escapes LIKE wildcards and the escape character', () => {
    assert.equal(containsPattern('100%_a\\b'), '%100\\%\\_a\\\\b%');
  });

  it('level comparisons become the set of levels they admit', () => {
    const term = (text: string) => parseLogSearch(text).terms[0] as Parameters<typeof levelsOf>[0];
    assert.deepEqual(levelsOf(term('level:>=warn')), ['warn', 'error', 'fatal']);
    assert.deepEqual(levelsOf(term('level:<debug')), ['unknown', 'trace']);
    assert.deepEqual(levelsOf(term('level:info')), ['info']);
    const { sql, values } = compile('-level:>=warn');
    assert.equal(sql[0], 'l.level = ANY($1::text[])');
    assert.deepEqual(values[0], ['unknown', 'trace', 'debug', 'info']);
  });

  it('compiles fields, repeated fields, OR groups and words with parameters only', () => {
    const { sql, values } = compile(
      'timeout service:smtp service:api -host:h1 attrs.http.status:421 a OR request_id:r1'
    );
    assert.deepEqual(sql, [
      "l.message ILIKE $1 ESCAPE '\\'",
      'NOT coalesce(l.host = $2, false)',
      "((l.message || '') ILIKE $3 ESCAPE '\\' OR l.request_id = $4)",
      'l.service = ANY($5::text[])',
      'coalesce((l.attrs ->> $6), l.attrs #>> $7::text[]) = $8',
      'l.ts >= $9::timestamptz',
      'l.ts <= $10::timestamptz',
    ]);
    assert.deepEqual(values.slice(0, 8), [
      '%timeout%',
      'h1',
      '%a%',
      'r1',
      ['smtp', 'api'],
      'http.status',
      ['http', 'status'],
      '421',
    ]);
  });

  it('uses the trigram index only for positive words with a trigram', () => {
    assert.equal(hasTrigram('ab'), false);
    assert.equal(hasTrigram('a-b-c'), false);
    assert.equal(hasTrigram('abc'), true);
    assert.equal(usesTrigramIndex(parseLogSearch('timeout').terms), true);
    assert.equal(usesTrigramIndex(parseLogSearch('-timeout service:x').terms), false);
    assert.equal(usesTrigramIndex(parseLogSearch('ab').terms), false);
    assert.equal(usesTrigramIndex(parseLogSearch('refused OR timeout').terms), true);
    assert.equal(usesTrigramIndex(parseLogSearch('refused OR service:x').terms), false);
    assert.deepEqual(compile('timeout', 'unindexed').sql[0], "(l.message || '') ILIKE $1 ESCAPE '\\'");
    assert.equal(compile('timeout').conditions[0]!.text, true);
  });

  it('never puts search text into the SQL: every value is a parameter (property)', () => {
    // Every value carries the marker "zq", which no SQL template contains.
    const value = fc
      .string({
        unit: fc.constantFrom(...'zq\'";\\%_$-:.() OR'.split(''), 'ab', '--', '/*', "'; DROP TABLE x; --"),
        maxLength: 12,
      })
      .map((text) => `zq${text.replaceAll('"', '')}`);
    const term = fc.oneof(
      value.map((text) => JSON.stringify(text)),
      fc
        .tuple(
          // Every free-text field of the contract (level takes only level names, tried below), and attributes.
          fc.constantFrom(...LOG_SEARCH_FIELDS.filter((field) => field !== 'level'), 'attrs.zqk', 'attrs.a.zqb'),
          value
        )
        .map(([field, text]) => `${field}:${JSON.stringify(text)}`),
      fc.constantFrom('level:>=warn', '-level:error', 'OR')
    );
    fc.assert(
      fc.property(fc.array(term, { maxLength: 10 }), fc.boolean(), (terms, indexed) => {
        let parsed;
        try {
          parsed = filter(terms.join(' '));
        } catch (error) {
          assert.equal((error as Error).name, 'SearchSyntaxError');
          return;
        }
        const params = new SqlParams();
        const sql = filterConditions(parsed, params, indexed ? 'indexed' : 'unindexed')
          .map((condition) => condition.sql)
          .join(' AND ');
        assert.ok(!sql.toLowerCase().includes('zq'), sql);
        const placeholders = new Set([...sql.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])));
        assert.equal(placeholders.size, params.values.length);
      }),
      { numRuns: 1_000 }
    );
  });
});
