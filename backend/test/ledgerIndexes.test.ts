// Every index on the job ledger earns its keep (issue 7): each ledger query the service runs is captured from the
// real code paths (search, job detail, drift, recovery, the rate fallback) on a realistic ledger, EXPLAINed, and
// must use an index; and every index must be used by at least one query. An index nothing uses only costs the
// platform's writes (and one on status or updated_at also stops HOT updates).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createQueueHandles } from '../src/queues/bullmq/index.ts';
import { createDriftChecker, nonTerminalLedgerRows } from '../src/queues/drift.ts';
import { createDriftRecovery } from '../src/queues/driftRecovery.ts';
import { getLedgerFinishes, getLedgerRequestIds, getLedgerRow } from '../src/queues/ledgerQueries.ts';
import { decodeCursor, searchLedger } from '../src/queues/search.ts';
import { parseSearch } from '../src/queues/searchLanguage.ts';
import { migrate } from '../src/server.ts';
import { deletePrefix, dropSchema, randomPrefix, randomSchema, TEST_DATABASE_URL, TEST_REDIS_URL } from './helpers.ts';

const ROWS = 120_000;
const QUEUES = 12;

interface Captured {
  what: string;
  text: string;
  values: unknown[];
}

/** A pool that runs every query for real and keeps the ledger's statements (what the EXPLAINs replay). */
function recordingPool(pool: pg.Pool, ledger: string, captured: Captured[], what: () => string): pg.Pool {
  const record = (text: unknown, values: unknown) => {
    if (typeof text === 'string' && text.includes(ledger)) {
      captured.push({ what: what(), text, values: (values as unknown[]) ?? [] });
    }
  };
  const wrapped = new WeakSet<pg.PoolClient>();
  return {
    query: (text: string, values?: unknown[]) => (record(text, values), pool.query(text, values)),
    connect: async () => {
      const client = await pool.connect();
      // Wrapped once per client (clients go back to the pool and come out again); every argument passed on, as
      // the pool's own query() hands the client a callback.
      if (!wrapped.has(client)) {
        wrapped.add(client);
        const query = client.query.bind(client) as (...args: unknown[]) => unknown;
        (client as unknown as { query: typeof query }).query = (...args: unknown[]) => (
          record(args[0], args[1]),
          query(...args)
        );
      }
      return client;
    },
  } as unknown as pg.Pool;
}

/** Index names and scans on the ledger in an EXPLAIN (FORMAT JSON) plan. */
function planUse(plan: unknown, table: string): { indexes: string[]; seqScans: number } {
  const indexes: string[] = [];
  let seqScans = 0;
  const walk = (node: Record<string, unknown>) => {
    if (typeof node['Index Name'] === 'string') {
      indexes.push(node['Index Name']);
    }
    if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] === table) {
      seqScans += 1;
    }
    for (const child of (node.Plans as Array<Record<string, unknown>> | undefined) ?? []) {
      walk(child);
    }
  };
  walk((plan as Array<{ Plan: Record<string, unknown> }>)[0]!.Plan);
  return { indexes, seqScans };
}

describe('job ledger indexes (EXPLAIN of every ledger query the service runs)', () => {
  const schema = randomSchema();
  const prefix = randomPrefix('ledger-idx');
  const ledgerTable = `${schema}.job_ledger`;
  const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 4 });
  const redis = new Redis(TEST_REDIS_URL);
  const handles = createQueueHandles(redis);
  const captured: Captured[] = [];
  let current = '';

  before(async () => {
    await migrate(pool, { schema, ledgerTable });
    // Almost three days of traffic: mostly finished jobs, some in flight, spread over queues.
    await pool.query(
      `INSERT INTO "${schema}".job_ledger (id, queue, name, status, request_id, payload, last_error, created_at, updated_at, finished_at)
       SELECT 'j-' || g, 'queue-' || (g % ${QUEUES}), 'send',
              CASE WHEN g % 50 = 0 THEN 'queued' WHEN g % 97 = 0 THEN 'active' WHEN g % 10 = 0 THEN 'failed' ELSE 'completed' END,
              'req-' || g, jsonb_build_object('to', 'user' || g || '@example.com'),
              CASE WHEN g % 10 = 0 THEN '421 greylisted' END,
              now() - (g * 2 || ' seconds')::interval, now() - (g * 2 || ' seconds')::interval,
              CASE WHEN g % 50 <> 0 AND g % 97 <> 0 THEN now() - (g * 2 - 1 || ' seconds')::interval END
         FROM generate_series(1, $1) AS g`,
      [ROWS]
    );
    // And a small queue among them (real ledgers are skewed): searching it is what the queue-leading index is for.
    await pool.query(
      `INSERT INTO "${schema}".job_ledger (id, queue, name, status, created_at)
       SELECT 'r-' || g, 'queue-rare', 'report', 'completed', now() - (g * 3600 || ' seconds')::interval
         FROM generate_series(1, 60) AS g`
    );
    await pool.query(`ANALYZE "${schema}".job_ledger`);
    // Live BullMQ jobs for some of those rows, so drift checks run their ledger lookups.
    const queue = new Queue('queue-1', { connection: redis, prefix });
    await queue.addBulk([1, 13, 25].map((n) => ({ name: 'send', data: {}, opts: { jobId: `j-${n}` } })));
    await queue.close();
  });
  after(async () => {
    await handles.close();
    await pool.end();
    await deletePrefix(redis, prefix);
    await redis.quit();
    await dropSchema(schema);
  });

  it('uses an index for every query and every index for some query', async (t) => {
    const recording = recordingPool(pool, `"${schema}"."job_ledger"`, captured, () => current);
    const as = async (what: string, work: () => Promise<unknown>) => {
      current = what;
      await work();
    };
    const ref = { prefix, name: 'queue-1' };
    const queues = { discovery: { get: async () => [ref] }, byName: async () => [ref] };

    await as('job detail', () => getLedgerRow(recording, ledgerTable, 'queue-3', 'j-15'));
    await as('request ids of a job page', () =>
      getLedgerRequestIds(recording, ledgerTable, 'queue-1', ['j-1', 'j-13'])
    );
    await as('rate fallback', () => getLedgerFinishes(recording, ledgerTable));
    await as('drift paging', () =>
      nonTerminalLedgerRows(recording, ledgerTable, 'queue-2', { limit: 1000, graceMs: 0 })
    );
    await as('drift check', () => createDriftChecker({ redis, pool: recording, ledgerTable, graceMs: 0 }).check([ref]));
    await as('drift recovery', () =>
      createDriftRecovery({ redis, pool: recording, ledgerTable, handles, queues, graceMs: 0 }).recover({
        queue: 'queue-1',
        limit: 2,
        includeStarted: false,
      })
    );
    for (const q of [
      '',
      'queue:queue-3',
      'request_id:req-77',
      'id:j-77',
      'status:failed queue:queue-2',
      'queue:queue-rare',
    ]) {
      await as(`search "${q}"`, () => searchLedger(recording, ledgerTable, parseSearch(q), {}, { limit: 50 }));
    }
    await as('text search', () => searchLedger(recording, ledgerTable, parseSearch('greylisted'), {}, { limit: 50 }));
    await as('search, next page', async () => {
      const first = await searchLedger(pool, ledgerTable, parseSearch(''), {}, { limit: 50 });
      await searchLedger(
        recording,
        ledgerTable,
        parseSearch(''),
        {},
        { limit: 50, cursor: decodeCursor(first.nextCursor!) }
      );
    });

    const used = new Set<string>();
    const scanning: string[] = [];
    // A copy: the EXPLAINs run on clients that record too.
    for (const statement of [...captured]) {
      const { rows } = await pool.query<{ 'QUERY PLAN': unknown }>(
        `EXPLAIN (FORMAT JSON) ${statement.text}`,
        statement.values
      );
      const use = planUse(rows[0]!['QUERY PLAN'], 'job_ledger');
      use.indexes.forEach((name) => used.add(name));
      t.diagnostic(`${statement.what}: ${use.indexes.join(', ') || 'no index'}${use.seqScans ? ' + seq scan' : ''}`);
      // Text terms are a filter over the searched window (README: trigram indexes are the scale-up path).
      if (use.seqScans > 0 && !statement.what.startsWith('text search')) {
        scanning.push(statement.what);
      }
    }
    assert.deepEqual(scanning, [], 'no ledger query reads the whole table');
    const { rows: indexes } = await pool.query<{ name: string }>(
      `SELECT i.relname AS name FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = $1::regclass ORDER BY 1`,
      [`"${schema}".job_ledger`]
    );
    assert.deepEqual(
      indexes.map((row) => row.name).filter((name) => !used.has(name)),
      [],
      `every index is used (used: ${[...used].sort().join(', ')})`
    );
  });
});
