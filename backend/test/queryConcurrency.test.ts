// One /api/query request of 100 slow searches must not take the service from everyone else (issue 7): its queries
// run at most QUERY_CONCURRENCY at a time, and health checks and audit rows have a pool of their own. The searches
// are slow because another session holds the ledger locked.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startServer, type RunningServer } from '../src/server.ts';
import { bearer, dropSchema, randomSchema, testConfig, TEST_DATABASE_URL, TOKENS } from './helpers.ts';

describe('bounded query concurrency (real PostgreSQL)', () => {
  const schema = randomSchema();
  let server: RunningServer;
  let holder: pg.Client;

  before(async () => {
    server = await startServer(testConfig(schema), { migrate: true });
    holder = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await holder.connect();
  });
  after(async () => {
    await holder.query('ROLLBACK').catch(() => undefined);
    await holder.end();
    await server?.close();
    await dropSchema(schema);
  });

  it('health, another search and an audited action answer while a request of 100 slow searches runs', async () => {
    await holder.query('BEGIN');
    await holder.query(`LOCK TABLE "${schema}".job_ledger IN ACCESS EXCLUSIVE MODE`);
    const slow = fetch(`${server.url}/api/query`, {
      method: 'POST',
      headers: { ...bearer(TOKENS.api), 'Content-Type': 'application/json' },
      body: JSON.stringify({
        queries: Array.from({ length: 100 }, (_, i) => ({ refId: `S${i}`, queryType: 'jobs', search: `word${i}` })),
      }),
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = Date.now();
      const health = await fetch(`${server.url}/api/health`, { headers: bearer(TOKENS.api) });
      const body = (await health.json()) as { dependencies: Array<{ name: string; status: string }> };
      const healthMs = Date.now() - started;
      assert.equal(body.dependencies.find((d) => d.name === 'postgres')?.status, 'up');
      assert.ok(healthMs < 1_000, `health answered in ${healthMs} ms`);

      // Other requests still get a connection (the slow request holds at most QUERY_CONCURRENCY).
      const audit = await fetch(`${server.url}/api/audit?limit=1`, { headers: bearer(TOKENS.api) });
      assert.equal(audit.status, 200);
      const action = await fetch(`${server.url}/api/tiers/low/pause`, {
        method: 'POST',
        headers: bearer(TOKENS.operator),
      });
      assert.equal(action.status, 200, 'an action writes its audit intent through the system pool');
    } finally {
      await holder.query('ROLLBACK');
    }
    const results = ((await (await slow).json()) as { results: Record<string, { error?: string }> }).results;
    assert.equal(Object.keys(results).length, 100);
  });
});
