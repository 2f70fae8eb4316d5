// searchLedger on real PostgreSQL: the default 24 h window and the statement timeout (503 query_timeout).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { dropSchema, randomSchema, TEST_DATABASE_URL } from '../../test/helpers.ts';
import { migrate } from '../server.ts';
import { createPool, type Pool } from '../db/pool.ts';
import { quoteIdent } from '../db/sql.ts';
import { TimeoutError } from '../errors.ts';
import { DEFAULT_SEARCH_WINDOW_MS, searchLedger } from './search.ts';
import { parseSearch } from './searchLanguage.ts';

describe('searchLedger (real PostgreSQL)', () => {
  const schema = randomSchema();
  const ledgerTable = `${schema}.job_ledger`;
  const now = Date.now();
  let pool: Pool;

  before(async () => {
    pool = createPool(TEST_DATABASE_URL, { max: 2 });
    await migrate(pool, { schema, ledgerTable });
    const insert = (id: string, createdAt: number) =>
      pool.query(
        `INSERT INTO ${quoteIdent(ledgerTable)} (id, queue, name, status, payload, created_at, updated_at)
         VALUES ($1, 'window-q', 'x', 'completed', '{"note":"windowed"}', $2, $2)`,
        [id, new Date(createdAt)]
      );
    await insert('recent', now - 60 * 60 * 1000);
    await insert('two-days-old', now - 2 * DEFAULT_SEARCH_WINDOW_MS);
  });
  after(async () => {
    await pool.end();
    await dropSchema(schema);
  });

  const ids = (result: { rows: Array<{ id: string }> }) => result.rows.map((row) => row.id);

  it('without from searches only the last 24 h, and says so; an explicit from reaches older rows', async () => {
    const query = parseSearch('windowed');
    const recentOnly = await searchLedger(pool, ledgerTable, query, {}, {}, { now });
    assert.deepEqual(ids(recentOnly), ['recent']);
    assert.deepEqual(recentOnly.range, { from: new Date(now - DEFAULT_SEARCH_WINDOW_MS).toISOString(), to: null });

    const from = new Date(now - 3 * DEFAULT_SEARCH_WINDOW_MS);
    const all = await searchLedger(pool, ledgerTable, query, { from }, {}, { now });
    assert.deepEqual(ids(all), ['recent', 'two-days-old']);
    assert.deepEqual(all.range, { from: from.toISOString(), to: null });

    // Without from, the window ends at `to`.
    const to = new Date(now - 2 * DEFAULT_SEARCH_WINDOW_MS + 1_000);
    const before = await searchLedger(pool, ledgerTable, query, { to }, {}, { now });
    assert.deepEqual(ids(before), ['two-days-old']);
    assert.deepEqual(before.range, {
      from: new Date(to.getTime() - DEFAULT_SEARCH_WINDOW_MS).toISOString(),
      to: to.toISOString(),
    });
  });

  it('a search past its statement timeout is a 503 query_timeout naming q', async () => {
    // Another session holds the ledger: the search waits on the lock until statement_timeout ends it.
    const holder = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`LOCK TABLE ${quoteIdent(ledgerTable)} IN ACCESS EXCLUSIVE MODE`);
      await assert.rejects(
        searchLedger(pool, ledgerTable, parseSearch('smtp -"mailbox full"'), {}, {}, { statementTimeoutMs: 100 }),
        (error: unknown) => {
          assert.ok(error instanceof TimeoutError);
          assert.equal(error.code, 'query_timeout');
          assert.match(error.message, /^search q="smtp -\\"mailbox full\\"" took longer than 0\.1 s/);
          assert.match(error.message, /shorter time range \(from\/to\) or a queue/);
          return true;
        }
      );
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    // The timed-out transaction was rolled back and its client reused: searches work again.
    assert.deepEqual(ids(await searchLedger(pool, ledgerTable, parseSearch('windowed'), {}, {}, { now })), ['recent']);
  });
});
