import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditOutcome, auditParams, auditTarget } from './auditMiddleware.ts';

describe('audit middleware helpers', () => {
  it('target from path parameters, else the body queue, else *', () => {
    assert.equal(auditTarget({ tier: 'low' }, undefined), 'tier:low');
    assert.equal(auditTarget({ queue: 'q', id: '7' }, { queue: 'other' }), 'queue:q job:7');
    assert.equal(auditTarget({}, { queue: 'q', limit: 5 }), 'queue:q');
    assert.equal(auditTarget({}, { limit: 5 }), '*');
    assert.equal(auditTarget({}, undefined), '*');
  });

  it('params: query string and JSON body', () => {
    assert.deepEqual(auditParams({ prefix: 'bull' }, { count: 5 }), { prefix: 'bull', count: 5 });
    assert.deepEqual(auditParams({}, undefined), {});
    assert.deepEqual(auditParams({}, [1, 2]), { body: [1, 2] });
  });

  it('outcome: ok below 400, else the error message or the status', () => {
    assert.equal(auditOutcome(200, { queue: 'q' }), 'ok');
    assert.equal(
      auditOutcome(409, { error: { code: 'job_active', message: 'job "1" is active' } }),
      'error: job "1" is active'
    );
    assert.equal(auditOutcome(502, undefined), 'error: HTTP 502');
    assert.ok(auditOutcome(500, { error: { message: 'x'.repeat(5_000) } }).length <= 2_000);
  });
});
