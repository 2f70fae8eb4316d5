import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import express from 'express';
import type { Pool } from '../db/pool.ts';
import { errorHandler } from './errors.ts';
import { auditMiddleware, auditOutcome, auditParams, auditTarget } from './auditMiddleware.ts';

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

describe('audit middleware', () => {
  it('a response that cannot be serialised reaches the error handler, not an unhandled rejection', async () => {
    const written: unknown[][] = [];
    const pool = { query: async (_sql: string, values: unknown[]) => void written.push(values) } as unknown as Pool;
    const app = express();
    app.post('/act', auditMiddleware({ action: 'test.act', pool, schema: 'audit_test' }).begin, (_req, res) => {
      res.json({ count: 1n }); // JSON.stringify throws on a BigInt, after the audit write
    });
    app.use(errorHandler('1mb'));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const server = app.listen(0, '127.0.0.1');
    try {
      await new Promise((resolve) => server.once('listening', resolve));
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/act`, { method: 'POST' });
      assert.equal(res.status, 500);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'internal_error');
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(unhandled, []);
      assert.equal(written.length, 1, 'one audit event');
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await new Promise((resolve) => server.close(resolve));
    }
  });

  async function call(app: express.Express, path: string): Promise<Response> {
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      return await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`, { method: 'POST' });
    } finally {
      server.close();
    }
  }

  it('writes the intent before the handler acts and completes it with the outcome and the result after', async () => {
    const statements: string[] = [];
    const pool = {
      query: async (sql: string) => {
        statements.push(sql.trim().split(/\s+/)[0]!);
        return { rows: [{ id: '41' }] };
      },
    } as unknown as Pool;
    const audit = auditMiddleware({ action: 'test.act', pool, schema: 'audit_test' });
    const app = express();
    app.post('/act', audit.begin, audit.intent, (_req, res) => {
      assert.deepEqual(statements, ['INSERT'], 'the intent is written before the action');
      res.json({ moved: 3 });
    });
    const res = await call(app, '/act');
    assert.equal(res.status, 200);
    assert.deepEqual(statements, ['INSERT', 'UPDATE']);
  });

  it('refuses the action with 503 when its intent cannot be written', async () => {
    let acted = false;
    const pool = {
      query: async () => {
        throw new Error('relation "audit_events" does not exist');
      },
    } as unknown as Pool;
    const audit = auditMiddleware({ action: 'test.act', pool, schema: 'audit_test' });
    const app = express();
    app.post('/act', audit.begin, audit.intent, (_req, res) => {
      acted = true;
      res.json({ ok: true });
    });
    app.use(errorHandler('1mb'));
    const res = await call(app, '/act');
    assert.equal(res.status, 503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'audit_unavailable');
    assert.match(body.error.message, /not performed: the audit log cannot be written/);
    assert.equal(acted, false);
  });
});
