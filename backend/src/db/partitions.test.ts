import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dropSchema, randomSchema, TEST_DATABASE_URL } from '../../test/helpers.ts';
import {
  DAY_MS,
  dayPartition,
  ensurePartitions,
  insertIntoPartitions,
  listPartitions,
  maintainPartitions,
  partitionsAround,
  retentionCutoff,
} from './partitions.ts';
import { createPool } from './pool.ts';
import { quoteIdent } from './sql.ts';

describe('day partition arithmetic', () => {
  it('names a partition after its UTC day and bounds it to that day', () => {
    assert.deepEqual(dayPartition('queue_samples', Date.parse('2026-03-01T23:59:59.999Z')), {
      name: 'queue_samples_p20260301',
      from: new Date('2026-03-01T00:00:00.000Z'),
      to: new Date('2026-03-02T00:00:00.000Z'),
    });
    assert.equal(dayPartition('queue_samples', Date.parse('2026-03-02T00:00:00.000Z')).name, 'queue_samples_p20260302');
  });

  it('keeps yesterday .. today + 2 ready, across month ends', () => {
    assert.deepEqual(
      partitionsAround('queue_samples', Date.parse('2026-02-28T12:00:00Z')).map((p) => p.name),
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

describe('partition maintenance of any day-partitioned table (real PostgreSQL)', () => {
  const schema = randomSchema();
  // Not queue_samples: a table like the audit log, kept for 7 years.
  const events = { schema, table: 'events' };
  const pool = createPool(TEST_DATABASE_URL);
  const now = Date.parse('2026-06-10T12:00:00Z');

  before(async () => {
    await pool.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
    await pool.query(
      `CREATE TABLE ${quoteIdent(schema)}.events (at timestamptz NOT NULL, note text) PARTITION BY RANGE (at)`
    );
  });
  after(async () => {
    await pool.end();
    await dropSchema(schema);
  });

  it('creates yesterday .. today + 2, keeps what the retention covers and drops what it does not', async () => {
    const ancient = dayPartition('events', now - 8 * 365 * DAY_MS);
    const lastYear = dayPartition('events', now - 365 * DAY_MS);
    await ensurePartitions(pool, events, [ancient, lastYear]);
    const result = await maintainPartitions(pool, events, { retentionDays: 7 * 365, now });
    assert.deepEqual(result, {
      created: ['events_p20260609', 'events_p20260610', 'events_p20260611', 'events_p20260612'],
      dropped: [ancient.name],
    });
    assert.deepEqual(await listPartitions(pool, events), [lastYear.name, ...result.created]);
    assert.deepEqual(await maintainPartitions(pool, events, { retentionDays: 7 * 365, now }), {
      created: [],
      dropped: [],
    });
  });

  it('an insert of a row no partition holds creates its day and is retried once', async () => {
    const later = new Date(now + 10 * DAY_MS);
    let attempts = 0;
    await insertIntoPartitions(pool, events, [later], () => {
      attempts += 1;
      return pool.query(`INSERT INTO ${quoteIdent(schema)}.events (at, note) VALUES ($1, 'late')`, [later]);
    });
    assert.equal(attempts, 2);
    assert.ok((await listPartitions(pool, events)).includes(dayPartition('events', later).name));
    await assert.rejects(
      insertIntoPartitions(pool, events, [later], () => pool.query('SELECT 1/0')),
      /division by zero/,
      'other errors are not retried'
    );
  });
});
