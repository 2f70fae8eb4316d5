// The PostgreSQL probe against the real local server (127.0.0.1:5432, database `test`), through a proxy that slows
// every answer or never answers, and against a primary + streaming standby of the test's own (initdb +
// pg_basebackup on spare ports) for replication lag on both sides.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { freePort, startOwnedPostgres, type OwnedPostgres } from '../../../test/faults.ts';
import { TEST_DATABASE_URL, waitFor } from '../../../test/helpers.ts';
import { codes, NO_DEPENDENCIES, startDelayProxy } from '../../../test/probeSupport.ts';
import { probeSchema, type PostgresProbeConfig } from '../probeConfig.ts';
import { runProbe, type RunProbeContext } from './index.ts';

const probe = (fields: Record<string, unknown> = {}) =>
  probeSchema.parse({ name: 'postgres', kind: 'postgres', ...fields }) as PostgresProbeConfig;

const withUrl = (databaseUrl: string, env: Record<string, string> = {}): RunProbeContext => ({
  ...NO_DEPENDENCIES,
  databaseUrl,
  env,
});

/** The same server through another port: postgres://…@127.0.0.1:<port>/… */
function viaPort(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.port = String(port);
  return parsed.toString();
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('PostgreSQL probe (the local server)', () => {
  it('a healthy server is ok: SELECT 1 is the headline, connections and role are facts, the client is closed', async () => {
    const name = `sysmon-probe-test-${process.pid}`;
    const url = `${TEST_DATABASE_URL}${TEST_DATABASE_URL.includes('?') ? '&' : '?'}application_name=${name}`;
    const result = await runProbe(probe(), withUrl(url));
    assert.equal(result.outcome, 'ok', JSON.stringify(result.problems));
    assert.deepEqual(
      result.steps.map((step) => step.name),
      ['connect', 'query', 'stats']
    );
    assert.ok(result.latencyMs !== null && result.latencyMs < 250);
    const { connectionsUsed, maxConnections, replica, replicas, replicationLagSeconds } = result.facts;
    const [expected] = await query<{ max: number }>(
      TEST_DATABASE_URL,
      "SELECT current_setting('max_connections')::int AS max"
    );
    assert.equal(maxConnections, expected!.max);
    assert.ok(typeof connectionsUsed === 'number' && connectionsUsed >= 1);
    assert.equal(replica, false);
    assert.equal(replicas, 0);
    assert.equal(replicationLagSeconds, null);
    const [left] = await query<{ n: number }>(
      TEST_DATABASE_URL,
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = '${name}'`
    );
    assert.equal(left!.n, 0, 'the probe left its connection open');
  });

  it('connections at or over the ratio are soft: "N of M connections in use (P %)"', async () => {
    const result = await runProbe(probe({ thresholds: { connectionsRatio: 0.001 } }), withUrl(TEST_DATABASE_URL));
    assert.equal(result.outcome, 'soft');
    assert.deepEqual(codes(result), ['connections_high']);
    const { connectionsUsed: used, maxConnections: max } = result.facts as {
      connectionsUsed: number;
      maxConnections: number;
    };
    assert.equal(
      result.problems[0]!.text,
      `${used} of ${max} connections in use (${Math.round((used / max) * 100)} %)`
    );
  });

  it('a primary whose sessions start read-only is hard read_only: it refuses every write', async () => {
    // What `ALTER SYSTEM SET default_transaction_read_only = on` does to every session (the fault suite's log store
    // outage), here for the probe's own session only. Before, the probe said operational while ingest got 503s.
    const url = new URL(TEST_DATABASE_URL);
    url.searchParams.set('options', '-c default_transaction_read_only=on');
    const result = await runProbe(probe(), withUrl(url.toString()));
    assert.equal(result.outcome, 'hard');
    assert.deepEqual(codes(result), ['read_only']);
    assert.match(result.problems[0]!.text, /^PostgreSQL at \S+ refuses writes: it is read-only/);
    assert.equal(result.facts.readOnly, true);
    const writable = await runProbe(probe(), withUrl(TEST_DATABASE_URL));
    assert.equal(writable.facts.readOnly, false);
  });

  it('a slow server (every answer 150 ms late) is soft slow_query, with the time and the threshold', async () => {
    const proxy = await startDelayProxy(Number(new URL(TEST_DATABASE_URL).port || 5432), 150);
    try {
      const result = await runProbe(
        probe({ thresholds: { latencyMs: 100 } }),
        withUrl(viaPort(TEST_DATABASE_URL, proxy.port))
      );
      assert.equal(result.outcome, 'soft', JSON.stringify(result.problems));
      assert.deepEqual(codes(result), ['slow_query']);
      assert.match(result.problems[0]!.text, /^SELECT 1 took 1\d\d ms, threshold 100 ms$/);
      assert.ok(result.latencyMs! >= 150);
    } finally {
      await proxy.close();
    }
  });

  it('a server that never answers is hard within the budget, and the connection is closed', async () => {
    const proxy = await startDelayProxy(Number(new URL(TEST_DATABASE_URL).port || 5432), null);
    try {
      const started = Date.now();
      const result = await runProbe(probe({ timeoutMs: 800 }), withUrl(viaPort(TEST_DATABASE_URL, proxy.port)));
      assert.ok(Date.now() - started < 1_300, `took ${Date.now() - started} ms`);
      assert.deepEqual(result.problems, [
        {
          code: 'timeout',
          severity: 'hard',
          text: `no connection to PostgreSQL at 127.0.0.1:${proxy.port} within 800 ms`,
        },
      ]);
      await waitFor('the probe to close its connection', async () => proxy.open() === 0, 2_000);
    } finally {
      await proxy.close();
    }
  });

  it('a refused port is hard, and neither the URL nor its password appears anywhere', async () => {
    const port = await freePort();
    const result = await runProbe(probe(), withUrl(`postgres://postgres:s3cret-pw@127.0.0.1:${port}/test`));
    assert.equal(result.outcome, 'hard');
    assert.deepEqual(result.problems, [
      {
        code: 'connect_failed',
        severity: 'hard',
        text: `connection to PostgreSQL at 127.0.0.1:${port} refused (ECONNREFUSED)`,
      },
    ]);
    assert.doesNotMatch(JSON.stringify(result), /s3cret-pw|postgres:\/\//);
  });

  it('urlEnv: read from the environment; a variable that is not set is unknown', async () => {
    const fromEnv = await runProbe(
      probe({ urlEnv: 'PG_REPLICA_URL' }),
      withUrl('', { PG_REPLICA_URL: TEST_DATABASE_URL })
    );
    assert.equal(fromEnv.outcome, 'ok', JSON.stringify(fromEnv.problems));
    const missing = await runProbe(probe({ urlEnv: 'PG_REPLICA_URL' }), withUrl(TEST_DATABASE_URL));
    assert.equal(missing.outcome, 'unknown');
    assert.deepEqual(missing.problems, [
      { code: 'not_configured', severity: 'unknown', text: 'environment variable PG_REPLICA_URL is not set' },
    ]);
  });

  it('a login the server refuses (no such database) is unknown: the probe is misconfigured, not the server down', async () => {
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = '/sysmon_no_such_database';
    const result = await runProbe(probe(), withUrl(url.toString()));
    assert.equal(result.outcome, 'unknown');
    assert.deepEqual(codes(result), ['probe_rejected']);
    assert.match(result.problems[0]!.text, /database "sysmon_no_such_database" does not exist/);
  });

  it('a host name that does not resolve is unknown', async () => {
    const result = await runProbe(probe(), withUrl('postgres://postgres@nosuchhost.invalid:5432/test'));
    assert.equal(result.outcome, 'unknown');
    assert.deepEqual(codes(result), ['dns_failure']);
  });
});

describe('PostgreSQL probe (a primary and a streaming standby of the test’s own)', () => {
  let primary: OwnedPostgres;
  let standbyDir: string;
  let standbyUrl: string;
  let pgCtl: (...args: string[]) => void;

  before(async () => {
    primary = await startOwnedPostgres();
    const bin = path.join(
      '/usr/lib/postgresql',
      readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))[0]!,
      'bin'
    );
    const asRoot = process.getuid?.() === 0;
    const run = (binary: string, args: string[]) =>
      execFileSync(
        asRoot ? 'runuser' : path.join(bin, binary),
        asRoot ? ['-u', 'postgres', '--', path.join(bin, binary), ...args] : args,
        { stdio: 'pipe' }
      );
    standbyDir = mkdtempSync(path.join(tmpdir(), 'sysmon-pg-standby-'));
    if (asRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      chownSync(standbyDir, uid, gid);
    }
    const data = path.join(standbyDir, 'data');
    run('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primary.port),
      '-U',
      'postgres',
      '-D',
      data,
      '-R',
      '-X',
      'stream',
    ]);
    const port = await freePort();
    pgCtl = (...args: string[]) =>
      void run('pg_ctl', [
        '-D',
        data,
        '-l',
        path.join(standbyDir, 'log'),
        '-w',
        '-o',
        `-p ${port} -k ${standbyDir} -c listen_addresses=127.0.0.1`,
        ...args,
      ]);
    pgCtl('start');
    standbyUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    await query(primary.url, 'CREATE TABLE lag_probe (id serial PRIMARY KEY, at timestamptz DEFAULT now())');
  });
  after(() => {
    try {
      pgCtl?.('stop', '-m', 'immediate');
    } catch {
      // not running
    }
    if (standbyDir) {
      rmSync(standbyDir, { recursive: true, force: true });
    }
    primary?.destroy();
  });

  const caughtUp = async () => {
    const [row] = await query<{ done: boolean }>(
      standbyUrl,
      'SELECT pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() AND pg_last_xact_replay_timestamp() IS NOT NULL AS done'
    );
    return row!.done;
  };

  it('a standby that keeps up is ok (no lag while everything received is replayed)', async () => {
    await query(primary.url, 'INSERT INTO lag_probe DEFAULT VALUES');
    await waitFor('the standby to replay', caughtUp);
    const result = await runProbe(probe({ thresholds: { replicationLagSeconds: 1 } }), withUrl(standbyUrl));
    assert.equal(result.outcome, 'ok', JSON.stringify(result.problems));
    assert.equal(result.facts.replica, true);
    assert.equal(result.facts.readOnly, true, 'a standby is read-only, and that is no problem');
    assert.equal(result.facts.replicationLagSeconds, 0);
    const onPrimary = await runProbe(probe(), withUrl(primary.url));
    assert.equal(onPrimary.outcome, 'ok', JSON.stringify(onPrimary.problems));
    assert.equal(onPrimary.facts.replica, false);
    assert.equal(onPrimary.facts.replicas, 1);
  });

  it('a standby whose replay is behind is soft replication_lag — on the standby and on its primary', async () => {
    await query(standbyUrl, 'SELECT pg_wal_replay_pause()');
    try {
      await query(primary.url, 'INSERT INTO lag_probe DEFAULT VALUES');
      await waitFor('the standby to receive WAL it does not replay', async () => !(await caughtUp()));
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const behind = await runProbe(probe({ thresholds: { replicationLagSeconds: 1 } }), withUrl(standbyUrl));
      assert.equal(behind.outcome, 'soft', JSON.stringify(behind.problems));
      assert.deepEqual(codes(behind), ['replication_lag']);
      assert.match(behind.problems[0]!.text, /^this replica is \d\.\d s behind its primary \(threshold 1\.0 s\)$/);
      assert.ok((behind.facts.replicationLagSeconds as number) >= 1.5);
    } finally {
      await query(standbyUrl, 'SELECT pg_wal_replay_resume()');
    }
    // The primary sees the lag once the standby reports the late replay (replay_lag of pg_stat_replication).
    await waitFor('the standby to catch up', caughtUp);
    const onPrimary = await runProbe(probe({ thresholds: { replicationLagSeconds: 1 } }), withUrl(primary.url));
    assert.deepEqual(codes(onPrimary), ['replication_lag'], JSON.stringify(onPrimary.facts));
    assert.match(onPrimary.problems[0]!.text, /^replica \S+ is \d\.\d s behind \(threshold 1\.0 s\)$/);
  });
});
