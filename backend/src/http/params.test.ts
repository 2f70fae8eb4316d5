import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bulkCountBody, cleanBody } from '@penguinmails/sysmon-contract';
import { HttpError } from './errors.ts';
import { parseParams } from './params.ts';

describe('parseParams of a JSON body', () => {
  it('400 invalid_parameter naming the field', () => {
    assert.deepEqual(parseParams(bulkCountBody, { count: 3 }, 'body'), { count: 3 });
    const expectField = (body: unknown, pattern: RegExp) =>
      assert.throws(
        () => parseParams(cleanBody, body, 'body'),
        (error: unknown) => error instanceof HttpError && error.status === 400 && pattern.test(error.message)
      );
    expectField({ state: 'failed', olderThanMs: 0, limit: 0 }, /^invalid parameter limit: /);
    expectField({ state: 'wait', olderThanMs: 0, limit: 1 }, /state/);
    expectField({ state: 'failed', olderThanMs: 1.5, limit: 1 }, /olderThanMs/);
    expectField({ state: 'failed', olderThanMs: 0, limit: 1, force: true }, /^invalid parameter force: unknown field$/);
    expectField(undefined, /^invalid parameter body: expected a JSON object/);
    expectField({}, /state/);
  });
});
