import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseSearch, SearchSyntaxError, type SearchFieldTable } from './language.ts';

// A log-search table, as the logs vertical will declare it: an enum field, free fields, and an `attrs.` prefix.
const LOG_FIELDS = {
  fields: { level: { values: ['debug', 'info', 'warn', 'error'] }, service: {}, request_id: {} },
  prefixes: { 'attrs.': {} },
} satisfies SearchFieldTable;

describe('the search language with a field table', () => {
  it('parses the fields of the table it is given, enum values lower-cased', () => {
    assert.deepEqual(parseSearch('Level:ERROR service:smtp -request_id:r-1 timeout', LOG_FIELDS).terms, [
      { kind: 'field', field: 'level', value: 'error', negated: false },
      { kind: 'field', field: 'service', value: 'smtp', negated: false },
      { kind: 'field', field: 'request_id', value: 'r-1', negated: true },
      { kind: 'text', value: 'timeout', negated: false },
    ]);
  });

  it('takes open-ended fields under a prefix, keeping the key as written', () => {
    assert.deepEqual(parseSearch('attrs.customerId:"acme corp" -ATTRS.plan:free', LOG_FIELDS).terms, [
      { kind: 'field', field: 'attrs.customerId', value: 'acme corp', negated: false },
      { kind: 'field', field: 'attrs.plan', value: 'free', negated: true },
    ]);
  });

  it('names the table’s fields when one is unknown, and checks enum values', () => {
    const rejects = (input: string, message: RegExp) =>
      assert.throws(
        () => parseSearch(input, LOG_FIELDS),
        (error: unknown) => error instanceof SearchSyntaxError && message.test(error.message)
      );
    rejects('status:failed', /unknown field "status".*known fields: level, service, request_id, attrs\.<key>/);
    rejects('attrs.:x', /unknown field "attrs\."/);
    rejects('level:fatal', /unknown level "fatal"; expected one of: debug, info, warn, error/);
    rejects('service:', /service: needs a value/);
  });

  it('never reads inherited properties as fields', () => {
    assert.throws(() => parseSearch('constructor:x', LOG_FIELDS), SearchSyntaxError);
    assert.throws(() => parseSearch('__proto__:x', LOG_FIELDS), SearchSyntaxError);
  });
});

const ORDERED_FIELDS = {
  fields: { level: { values: ['debug', 'info', 'warn', 'error'], ordered: true }, service: {} },
  prefixes: { 'attrs.': {} },
} satisfies SearchFieldTable;

describe('OR, comparisons and positions', () => {
  const rejects = (input: string, message: RegExp, table: SearchFieldTable = ORDERED_FIELDS) =>
    assert.throws(
      () => parseSearch(input, table),
      (error: unknown) => error instanceof SearchSyntaxError && message.test(error.message)
    );

  it('OR binds tighter than the implicit AND and chains into one group', () => {
    assert.deepEqual(parseSearch('smtp timeout OR -refused OR service:api', ORDERED_FIELDS).terms, [
      { kind: 'text', value: 'smtp', negated: false },
      {
        kind: 'or',
        terms: [
          { kind: 'text', value: 'timeout', negated: false },
          { kind: 'text', value: 'refused', negated: true },
          { kind: 'field', field: 'service', value: 'api', negated: false },
        ],
      },
    ]);
  });

  it('quoted or lower-case or is a word, not the operator', () => {
    assert.deepEqual(parseSearch('a "OR" b or c', ORDERED_FIELDS).terms, [
      { kind: 'text', value: 'a', negated: false },
      { kind: 'text', value: 'OR', negated: false },
      { kind: 'text', value: 'b', negated: false },
      { kind: 'text', value: 'or', negated: false },
      { kind: 'text', value: 'c', negated: false },
    ]);
  });

  it('refuses a dangling or doubled OR, naming where', () => {
    rejects('OR a', /OR at position 1 needs a term on each side/);
    rejects('a OR', /OR at position 3 needs a term on each side/);
    rejects('a OR OR b', /OR at position 3 needs a term/);
  });

  it('refuses OR when the vertical says it has none', () => {
    assert.throws(
      () => parseSearch('a OR b', ORDERED_FIELDS, { or: false }),
      (error: unknown) => error instanceof SearchSyntaxError && /OR at position 3 is not supported/.test(error.message)
    );
    assert.deepEqual(parseSearch('a "OR" b', ORDERED_FIELDS, { or: false }).terms.length, 3);
  });

  it('takes comparisons on ordered fields only', () => {
    assert.deepEqual(parseSearch('level:>=WARN -level:<info level:>debug level:<=error', ORDERED_FIELDS).terms, [
      { kind: 'field', field: 'level', value: 'warn', negated: false, comparison: '>=' },
      { kind: 'field', field: 'level', value: 'info', negated: true, comparison: '<' },
      { kind: 'field', field: 'level', value: 'debug', negated: false, comparison: '>' },
      { kind: 'field', field: 'level', value: 'error', negated: false, comparison: '<=' },
    ]);
    rejects('service:>=api', /service does not take comparisons \(">=" at position 1\)/);
    rejects('level:>=', /level:>= needs a value/);
    rejects('level:>=loud', /unknown level "loud"; expected one of: debug, info, warn, error \(position 1\)/);
    // Quoted: the value as written (here not a level, so refused as a value, not as a comparison).
    assert.deepEqual(parseSearch('service:">=api"', ORDERED_FIELDS).terms, [
      { kind: 'field', field: 'service', value: '>=api', negated: false },
    ]);
  });

  it('OR terms count towards the term limit, the operator does not', () => {
    const terms = Array.from({ length: 32 }, (_, i) => `w${i}`);
    assert.equal(parseSearch(terms.join(' OR '), ORDERED_FIELDS).terms.length, 1);
    rejects([...terms, 'x'].join(' OR '), /33 terms; at most 32/);
  });

  it('any text yields a query or a SearchSyntaxError, never another exception (property)', () => {
    const alphabet = fc.constantFrom(...'ab -":\\>=<.%_ORlevel:service:attrs.x:'.split(''), 'OR', 'level:', '"');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.array(alphabet, { maxLength: 40 }).map((parts) => parts.join(''))
        ),
        (text) => {
          try {
            const query = parseSearch(text, ORDERED_FIELDS);
            for (const clause of query.terms) {
              assert.ok(clause.kind !== 'or' || clause.terms.length >= 2);
            }
          } catch (error) {
            assert.ok(error instanceof SearchSyntaxError, `not a syntax error: ${String(error)}`);
          }
        }
      ),
      { numRuns: 2_000 }
    );
  });
});
