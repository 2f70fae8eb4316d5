// The audit log against a real PostgreSQL schema (migrated like production).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dropSchema, randomSchema, TEST_DATABASE_URL } from '../../test/helpers.ts';
import { migrate } from '../server.ts';
import { createPool, type Pool } from '../db/pool.ts';
import { boundedParams, listAudit, MAX_PARAMS_JSON, recordAudit } from './auditLog.ts';

describe('audit log (real PostgreSQL)', () => {
  const schema = randomSchema();
  let pool: Pool;

  before(async () => {
    pool = createPool(TEST_DATABASE_URL);
    await migrate(pool, { schema, ledgerTable: `${schema}.job_ledger` });
  });
  after(async () => {
    await pool.end();
    await dropSchema(schema);
  });

  it('records events and lists them newest first, bounded by limit', async () => {
    await recordAudit(pool, schema, {
      actor: 'alice',
      action: 'queue.pause',
      target: 'queue:email-sending',
      params: {},
      outcome: 'ok',
      requestId: 'r-1',
    });
    await recordAudit(pool, schema, {
      actor: 'unknown',
      action: 'queue.retry_failed',
      target: 'queue:email-sending',
      params: { count: 250 },
      outcome: 'error: boom',
      requestId: null,
    });
    const events = await listAudit(pool, schema, 10);
    assert.equal(events.length, 2);
    assert.deepEqual(
      events.map(({ at, ...rest }) => (assert.ok(!Number.isNaN(Date.parse(at))), rest)),
      [
        {
          actor: 'unknown',
          action: 'queue.retry_failed',
          target: 'queue:email-sending',
          params: { count: 250 },
          outcome: 'error: boom',
          requestId: null,
        },
        {
          actor: 'alice',
          action: 'queue.pause',
          target: 'queue:email-sending',
          params: {},
          outcome: 'ok',
          requestId: 'r-1',
        },
      ]
    );
    assert.equal((await listAudit(pool, schema, 1)).length, 1);
  });

  it('stores a preview instead of huge params', async () => {
    const huge = { text: 'x'.repeat(MAX_PARAMS_JSON) };
    const bounded = boundedParams(huge);
    assert.equal(bounded.truncated, true);
    assert.equal(String(bounded.preview).length, 2_048);
    assert.equal(boundedParams({ count: 1 }).count, 1);
    await recordAudit(pool, schema, {
      actor: 'a',
      action: 'queue.clean',
      target: null,
      params: huge,
      outcome: 'ok',
      requestId: null,
    });
    const [latest] = await listAudit(pool, schema, 1);
    assert.equal(latest?.params.truncated, true);
    assert.equal(latest?.target, '');
  });
});
