import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_TERMS, parseSearch, SearchSyntaxError } from './searchLanguage.ts';

describe('parseSearch', () => {
  it('parses words, phrases, negation and fields', () => {
    assert.deepEqual(parseSearch('smtp  "greylisted for" -bounce id:42 request_id:req-1 -status:completed').terms, [
      { kind: 'text', value: 'smtp', negated: false },
      { kind: 'text', value: 'greylisted for', negated: false },
      { kind: 'text', value: 'bounce', negated: true },
      { kind: 'field', field: 'id', value: '42', negated: false },
      { kind: 'field', field: 'request_id', value: 'req-1', negated: false },
      { kind: 'field', field: 'status', value: 'completed', negated: true },
    ]);
  });

  it('takes quoted field values, escapes, case-insensitive field names and statuses', () => {
    assert.deepEqual(parseSearch('NAME:"send email" Status:FAILED queue:email-sending "say \\"hi\\""').terms, [
      { kind: 'field', field: 'name', value: 'send email', negated: false },
      { kind: 'field', field: 'status', value: 'failed', negated: false },
      { kind: 'field', field: 'queue', value: 'email-sending', negated: false },
      { kind: 'text', value: 'say "hi"', negated: false },
    ]);
  });

  it('keeps a lone dash and colons inside values and quotes as text', () => {
    assert.deepEqual(parseSearch('- id:repeat:abc:1 "smtp:421"').terms, [
      { kind: 'text', value: '-', negated: false },
      { kind: 'field', field: 'id', value: 'repeat:abc:1', negated: false },
      { kind: 'text', value: 'smtp:421', negated: false },
    ]);
  });

  it('an empty or blank query has no terms', () => {
    assert.deepEqual(parseSearch('').terms, []);
    assert.deepEqual(parseSearch('   ').terms, []);
  });

  const rejects = (input: string, message: RegExp) =>
    assert.throws(
      () => parseSearch(input),
      (error: unknown) => error instanceof SearchSyntaxError && message.test(error.message)
    );

  it('rejects bad syntax with a message that says what is wrong', () => {
    rejects('smtp "unterminated', /unterminated quote starting at position 6/);
    rejects('status:sent', /unknown status "sent"; expected one of: queued, active, completed/);
    rejects('foo:bar', /unknown field "foo".*known fields: id, request_id, name, status, queue/);
    rejects('id:', /id: needs a value/);
    rejects('""', /empty phrase/);
    rejects('x'.repeat(1_001), /longer than 1000/);
    rejects(Array.from({ length: MAX_TERMS + 1 }, (_, i) => `w${i}`).join(' '), /at most 32/);
  });
});

describe('parseSearch and OR', () => {
  it('refuses OR (the ledger search has none) and keeps a quoted "OR" as a word', () => {
    assert.throws(
      () => parseSearch('smtp OR bounce'),
      (error: unknown) => error instanceof SearchSyntaxError && /OR at position 6 is not supported/.test(error.message)
    );
    assert.deepEqual(
      parseSearch('smtp "OR" bounce').terms.map((term) => term.value),
      ['smtp', 'OR', 'bounce']
    );
  });
});
