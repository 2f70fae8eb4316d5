import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayPartition, partitionsAround, retentionCutoff } from './samplesRetention.ts';

describe('queue_samples partition arithmetic', () => {
  it('names a partition after its UTC day and bounds it to that day', () => {
    assert.deepEqual(dayPartition(Date.parse('2026-03-01T23:59:59.999Z')), {
      name: 'queue_samples_p20260301',
      from: new Date('2026-03-01T00:00:00.000Z'),
      to: new Date('2026-03-02T00:00:00.000Z'),
    });
    assert.equal(dayPartition(Date.parse('2026-03-02T00:00:00.000Z')).name, 'queue_samples_p20260302');
  });

  it('keeps yesterday .. today + 2 ready, across month ends', () => {
    assert.deepEqual(
      partitionsAround(Date.parse('2026-02-28T12:00:00Z')).map((p) => p.name),
      ['queue_samples_p20260227', 'queue_samples_p20260228', 'queue_samples_p20260301', 'queue_samples_p20260302']
    );
  });

  it('puts the retention cutoff retentionDays before now', () => {
    assert.equal(
      retentionCutoff(Date.parse('2026-06-10T05:00:00Z'), 90).toISOString(),
      new Date(Date.parse('2026-06-10T05:00:00Z') - 90 * 86_400_000).toISOString()
    );
  });
});
