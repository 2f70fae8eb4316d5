// The audit log against a real PostgreSQL schema (migrated like production).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dropSchema, randomSchema, TEST_DATABASE_URL } from '../../test/helpers.ts';
import { migrate } from '../server.ts';
import { createPool, type Pool } from '../db/pool.ts';
import {
  boundedParams,
  completeAudit,
  listAudit,
  MAX_PARAMS_JSON,
  recordAudit,
  recordIntent,
  storableText,
} from './auditLog.ts';

describe('storableText', () => {
  it('shows NUL as \\0 and cuts between code points', () => {
    assert.equal(storableText('a\u0000b'), 'a\\0b');
    assert.equal(storableText(`${'x'.repeat(9)}😀yy`, 11), `${'x'.repeat(9)}…`, 'never half a surrogate pair');
    assert.equal(storableText(`${'x'.repeat(8)}😀yy`, 11), `${'x'.repeat(8)}😀…`);
    assert.equal(storableText('short', 11), 'short');
  });
});

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
      token: 'operator',
    });
    await recordAudit(pool, schema, {
      actor: 'unknown',
      action: 'queue.retry_failed',
      target: 'queue:email-sending',
      params: { count: 250 },
      outcome: 'error: boom',
      requestId: null,
      token: 'operator',
    });
    const events = await listAudit(pool, schema, 10);
    assert.equal(events.length, 2);
    assert.deepEqual(
      events.map(({ at, finishedAt, ...rest }) => (assert.ok(!Number.isNaN(Date.parse(at)) && finishedAt), rest)),
      [
        {
          actor: 'unknown',
          action: 'queue.retry_failed',
          target: 'queue:email-sending',
          params: { count: 250 },
          outcome: 'error: boom',
          requestId: null,
          token: 'operator',
        },
        {
          actor: 'alice',
          action: 'queue.pause',
          target: 'queue:email-sending',
          params: {},
          outcome: 'ok',
          requestId: 'r-1',
          token: 'operator',
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
    assert.ok(String(bounded.preview).endsWith('…'));
    assert.equal(boundedParams({ count: 1 }).count, 1);
    await recordAudit(pool, schema, {
      actor: 'a',
      action: 'queue.clean',
      target: null,
      params: huge,
      outcome: 'ok',
      requestId: null,
      token: 'operator',
    });
    const [latest] = await listAudit(pool, schema, 1);
    assert.equal(latest?.params.truncated, true);
    assert.equal(latest?.target, '');
  });

  it('stores what PostgreSQL refuses: NUL anywhere, and a cut inside a surrogate pair', async () => {
    // The NULs come from a query string; the emojis are surrogate pairs, some of which a preview cut meets.
    const nasty = { note: '\u0000x', ['k\u0000']: 'é'.repeat(5), long: '😀'.repeat(MAX_PARAMS_JSON) };
    const id = await recordIntent(pool, schema, {
      actor: 'bob\u0000',
      action: 'queue.pause',
      target: 'queue:q\u0000',
      params: nasty,
      requestId: null,
      token: 'operator',
    });
    await completeAudit(pool, schema, id, { outcome: 'error: bad \u0000 input', result: { note: '\u0000' } });
    const [latest] = await listAudit(pool, schema, 1);
    assert.equal(latest?.actor, 'bob\\0');
    assert.equal(latest?.target, 'queue:q\\0');
    assert.equal(latest?.outcome, 'error: bad \\0 input');
    assert.equal(latest?.params.truncated, true);
    assert.ok(typeof latest?.params.preview === 'string' && !/[\ud800-\udbff]…$/.test(latest.params.preview));
  });

  it('an intent is pending until completed, then carries the outcome, the finish time and the result', async () => {
    const id = await recordIntent(pool, schema, {
      actor: 'carol',
      action: 'queue.retry_failed',
      target: 'queue:q',
      params: { count: 10 },
      requestId: 'r-9',
      token: 'operator',
    });
    const [pending] = await listAudit(pool, schema, 1);
    assert.equal(pending?.outcome, 'pending');
    assert.equal(pending?.finishedAt, null);
    await completeAudit(pool, schema, id, { outcome: 'ok', result: { retried: 7 } });
    const [done] = await listAudit(pool, schema, 1);
    assert.equal(done?.outcome, 'ok');
    assert.ok(done?.finishedAt);
    assert.deepEqual(done?.params, { count: 10, result: { retried: 7 } });
  });
});
