// The reputation store on a real PostgreSQL (migration 016_ip_reputation.sql): the current state every replica
// serves, listing periods over listed → listed → clean → listed (two periods) with `since` right, `unknown` neither
// opening nor ending a period; and the periodic job end to end: a real checker against rbldnsd, the store, onPass.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { ReputationEntry } from '@penguinmails/sysmon-contract';
import { quoteIdent, renderMigration } from '../src/db/sql.ts';
import { createReputationChecker } from '../src/reputation/checker.ts';
import { reputationSchema } from '../src/reputation/config.ts';
import { REPUTATION_RETRY_MS, reputationJob } from '../src/reputation/job.ts';
import { createReputationStore, type ReputationStore } from '../src/reputation/store.ts';
import { dropSchema, randomSchema, TEST_DATABASE_URL } from './helpers.ts';
import { startRbldnsd, type RunningDnsServer } from './support/rbldnsd.ts';

const MIGRATION = new URL('../src/health/migrations/016_ip_reputation.sql', import.meta.url);

function entry(state: ReputationEntry['state'], checkedAt: string, overrides: Partial<ReputationEntry> = {}) {
  return {
    ip: '192.0.2.10',
    zone: 'zen.spamhaus.org',
    zoneLabel: 'Spamhaus ZEN',
    zoneKind: 'block',
    state,
    codes: state === 'listed' ? ['127.0.0.2'] : [],
    meanings: state === 'listed' ? ['SBL'] : [],
    reason: state === 'listed' ? 'https://check.spamhaus.org/query/ip/192.0.2.10' : null,
    error: state === 'unknown' ? 'the resolver (127.0.0.1:53) did not answer within 4 s' : null,
    checkedAt,
    since: null,
    delistUrl: 'https://check.spamhaus.org/',
    ...overrides,
  } satisfies ReputationEntry;
}

describe('reputation store (real PostgreSQL)', () => {
  const schema = randomSchema();
  let pool: pg.Pool;
  let store: ReputationStore;

  before(async () => {
    pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 2 });
    // Only this migration (the unit's folder has others, tested with the unit): the tables it creates, twice
    // (IF NOT EXISTS throughout, so a re-run is harmless).
    const sql = renderMigration(await readFile(MIGRATION, 'utf8'), { schema, ledgerTable: `${schema}.job_ledger` });
    await pool.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
    await pool.query(sql);
    await pool.query(sql);
    store = createReputationStore(pool, schema);
  });

  after(async () => {
    await pool?.end();
    await dropSchema(schema);
  });

  it('keeps listing periods: listed → listed → unknown → clean → listed makes two periods, since right', async () => {
    const t = (minute: number) => new Date(Date.UTC(2026, 2, 1, 10, minute)).toISOString();
    const other = entry('clean', t(0), { ip: '2001:db8::25' });

    const pass1 = await store.record([entry('listed', t(0)), other]);
    assert.equal(pass1[0]!.since, t(0));
    assert.equal(pass1[1]!.since, null);

    const pass2 = await store.record([entry('listed', t(15), { codes: ['127.0.0.2', '127.0.0.4'] }), other]);
    assert.equal(pass2[0]!.since, t(0));

    // Unknown neither ends nor opens a period; an unknown row has no `since`.
    const pass3 = await store.record([entry('unknown', t(30)), other]);
    assert.equal(pass3[0]!.since, null);
    let periods = await store.history({ limit: 10 });
    assert.equal(periods.length, 1);
    assert.equal(periods[0]!.endedAt, null);
    assert.equal(periods[0]!.lastSeen, t(15));

    const pass4 = await store.record([entry('clean', t(45)), other]);
    assert.equal(pass4[0]!.since, null);

    const pass5 = await store.record([entry('listed', t(60), { reason: null }), other]);
    assert.equal(pass5[0]!.since, t(60));

    periods = await store.history({ limit: 10 });
    assert.deepEqual(periods, [
      {
        ip: '192.0.2.10',
        zone: 'zen.spamhaus.org',
        zoneLabel: 'Spamhaus ZEN',
        firstSeen: t(60),
        lastSeen: t(60),
        endedAt: null,
        codes: ['127.0.0.2'],
        reason: null,
      },
      {
        ip: '192.0.2.10',
        zone: 'zen.spamhaus.org',
        zoneLabel: 'Spamhaus ZEN',
        firstSeen: t(0),
        lastSeen: t(15),
        endedAt: t(45),
        // Every code seen during the period, in numeric order.
        codes: ['127.0.0.2', '127.0.0.4'],
        reason: 'https://check.spamhaus.org/query/ip/192.0.2.10',
      },
    ]);
    assert.equal((await store.history({ limit: 1 })).length, 1);
    assert.equal((await store.history({ ip: '2001:DB8::25', limit: 10 })).length, 0);
    assert.equal((await store.history({ ip: '192.0.2.10', limit: 10 })).length, 2);

    // What every replica serves: the last pass, with since.
    const current = await store.current();
    assert.deepEqual(current, [
      { ...entry('listed', t(60), { reason: null }), since: t(60) },
      { ...other, since: null },
    ]);
  });

  it('replaces the current state: pairs no longer checked leave it', async () => {
    const at = '2026-03-02T10:00:00.000Z';
    await store.record([
      entry('clean', at, { ip: '198.51.100.10' }),
      entry('unknown', at, { ip: '198.51.100.9', zone: 'bl.spamcop.net' }),
    ]);
    // Ordered by address (numerically), then zone.
    assert.deepEqual(
      (await store.current()).map((row) => [row.ip, row.zone, row.state]),
      [
        ['198.51.100.9', 'bl.spamcop.net', 'unknown'],
        ['198.51.100.10', 'zen.spamhaus.org', 'clean'],
      ]
    );
    await store.record([]);
    assert.deepEqual(await store.current(), []);
  });
});

describe('reputation job (rbldnsd + PostgreSQL)', () => {
  const schema = randomSchema();
  let pool: pg.Pool;
  let rbldnsd: RunningDnsServer;

  before(async () => {
    rbldnsd = await startRbldnsd([
      { zone: 'zen.spamhaus.org', type: 'ip4set', lines: ['127.0.0.2', '192.0.2.10 :127.0.0.2:SBL listing $'] },
    ]);
    pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 2 });
    await pool.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
    await pool.query(
      renderMigration(await readFile(MIGRATION, 'utf8'), { schema, ledgerTable: `${schema}.job_ledger` })
    );
  });

  after(async () => {
    await rbldnsd?.stop();
    await pool?.end();
    await dropSchema(schema);
  });

  it('checks, records and hands the stored entries (with since) to onPass', async () => {
    const store = createReputationStore(pool, schema);
    const passes: ReputationEntry[][] = [];
    const checker = createReputationChecker({
      config: reputationSchema.parse({
        sendingIps: ['192.0.2.10', '192.0.2.12'],
        zones: ['zen.spamhaus.org'],
        resolver: { servers: [rbldnsd.address], timeoutMs: 1_000, tries: 1 },
      }),
      now: () => new Date('2026-03-01T10:00:00Z'),
    });
    const job = reputationJob({
      checker,
      store,
      intervalMs: 900_000,
      schema,
      onPass: (entries) => passes.push(entries),
    });
    assert.equal(job.lockKey, `sysmon:reputation:${schema}`);
    // The lock holder ticks every REPUTATION_RETRY_MS; a full pass is due every 900 s (src/reputation/job.test.ts).
    assert.equal(job.intervalMs, REPUTATION_RETRY_MS);
    await job.run();
    assert.equal(passes.length, 1);
    assert.deepEqual(
      passes[0]!.map((row) => [row.ip, row.state, row.since, row.reason]),
      [
        ['192.0.2.10', 'listed', '2026-03-01T10:00:00.000Z', 'SBL listing 192.0.2.10'],
        ['192.0.2.12', 'clean', null, null],
      ]
    );
    assert.deepEqual(await store.current(), passes[0]);
  });
});
