import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jobDataFromLedger, unrecoverableReason } from './driftRecovery.ts';

describe('drift recovery rules', () => {
  it('re-enqueues with the producers envelope', () => {
    assert.deepEqual(jobDataFromLedger({ payload: { to: 'a@b' }, request_id: 'r1' }), {
      requestId: 'r1',
      payload: { to: 'a@b' },
    });
  });

  it('skips what BullMQ 6 would refuse', () => {
    assert.equal(unrecoverableReason({ id: 'em-1', priority: 5 }), undefined);
    assert.equal(unrecoverableReason({ id: 'em-1', priority: null }), undefined);
    assert.match(unrecoverableReason({ id: '42', priority: 0 })!, /integer/);
    assert.match(unrecoverableReason({ id: 'a:b', priority: 0 })!, /":"/);
    assert.match(unrecoverableReason({ id: 'x', priority: 2 ** 21 })!, /priority/);
    assert.match(unrecoverableReason({ id: 'x', priority: -1 })!, /priority/);
  });
});
