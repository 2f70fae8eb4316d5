import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
