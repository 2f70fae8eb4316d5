import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactSecrets } from './dependencies.ts';

describe('redactSecrets', () => {
  it('removes user info from URLs and password pairs', () => {
    assert.equal(
      redactSecrets('cannot reach postgres://admin:hunter2@db:5432/app'),
      'cannot reach postgres://***@db:5432/app'
    );
    assert.equal(redactSecrets('redis://:s3cret@cache:6379 refused'), 'redis://***@cache:6379 refused');
    assert.equal(redactSecrets('host=db password=hunter2 user=x'), 'host=db password=*** user=x');
  });
  it('leaves ordinary messages alone', () => {
    assert.equal(redactSecrets('connect ECONNREFUSED 127.0.0.1:1'), 'connect ECONNREFUSED 127.0.0.1:1');
  });
});
