import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { queueTier } from './tiers.ts';

describe('queueTier', () => {
  it('uses the configured map first, even against the name suffix', () => {
    const tiers = { 'email-sending': 'high', 'bulk-high': 'low' } as const;
    assert.equal(queueTier('email-sending', tiers), 'high');
    assert.equal(queueTier('bulk-high', tiers), 'low');
  });

  it('falls back to the -high, -normal and -low suffixes', () => {
    assert.equal(queueTier('webhooks-high'), 'high');
    assert.equal(queueTier('webhooks-normal'), 'normal');
    assert.equal(queueTier('reports-low', { other: 'high' }), 'low');
  });

  it('is normal without a map entry or a suffix, including near-miss suffixes', () => {
    assert.equal(queueTier('warmup-processing'), 'normal');
    assert.equal(queueTier('highway'), 'normal');
    assert.equal(queueTier('x-lowest'), 'normal');
    assert.equal(queueTier('x_low'), 'normal');
    assert.equal(queueTier('low'), 'normal');
    assert.equal(queueTier('x-LOW'), 'normal');
  });

  it('never reads inherited properties of the map', () => {
    assert.equal(queueTier('constructor', {}), 'normal');
    assert.equal(queueTier('toString-low', {}), 'low');
  });
});
