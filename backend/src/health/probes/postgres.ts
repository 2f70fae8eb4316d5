// The PostgreSQL probe: a new, short-lived pg.Client per check (never the service's pool, whose waiting queue would
// time the pool, not the server) on `env[urlEnv]` or the service's DATABASE_URL: connect, `SELECT 1` (the headline
// latency), then connections in use (client backends in pg_stat_activity) against max_connections and replication
// lag — on a replica `now() - pg_last_xact_replay_timestamp()` (0 when everything received is replayed, so an idle
// primary does not look like lag), on a primary the worst `replay_lag` of pg_stat_replication. The client is ended
// on every path (a hung connect or query is destroyed).
//
// Outcomes:
//   hard     connection refused/reset (`connect_failed`, also "too many clients" and "starting up"), nothing within
//            the budget (`timeout`), `SELECT 1` or the statistics query failing on a connected client (`query_failed`),
//            a primary whose sessions are read-only, so it refuses every write (`read_only`; a replica is read-only by
//            nature and is not judged so).
//   soft     `SELECT 1` slower than `thresholds.latencyMs` (`slow_query`), connections at or over
//            `connectionsRatio` of max_connections (`connections_high`, "142 of 150 connections in use (95 %)"), a
//            replica further behind than `replicationLagSeconds` (`replication_lag`).
//   unknown  `urlEnv` names a variable that is not set (`not_configured`), the host does not resolve
//            (`dns_failure`), the server refuses the probe's login or database (`probe_rejected`: SQLSTATE class 28,
//            3D000 — the probe's configuration is wrong, the server may be fine).
// Facts: connectionsUsed, maxConnections, connectionsRatio, replica, replicas, readOnly, replicationLagSeconds,
// serverVersion.
// No text ever contains the URL or its password: targets are shown as host:port, messages go through redactSecrets.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { redactSecrets } from '../dependencies.ts';
import type { PostgresProbeConfig } from '../probeConfig.ts';
import { CheckBuilder, errorText, formatDuration, type ProbeRunner } from './check.ts';
import {
  abortable,
  clip,
  connectProblem,
  errorCode,
  isBudgetSpent,
  percent,
  ProbeFailure,
  recordFailure,
  settleWithin,
} from './support.ts';

const STATS_SQL = `
WITH worst AS (
  SELECT coalesce(nullif(application_name, ''), host(client_addr), 'a replica') AS name,
         EXTRACT(EPOCH FROM replay_lag)::float8 AS lag
    FROM pg_stat_replication
   ORDER BY replay_lag DESC NULLS LAST
   LIMIT 1
)
SELECT (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int AS used,
       current_setting('max_connections')::int AS max_connections,
       current_setting('server_version') AS server_version,
       pg_is_in_recovery() AS replica,
       current_setting('transaction_read_only')::boolean AS read_only,
       CASE WHEN pg_is_in_recovery() THEN
         CASE WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
              ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END
       END::float8 AS replica_lag,
       (SELECT count(*) FROM pg_stat_replication)::int AS replicas,
       (SELECT name FROM worst) AS worst_replica,
       (SELECT lag FROM worst) AS worst_lag`;

interface StatsRow {
  used: number;
  max_connections: number;
  server_version: string;
  replica: boolean;
  read_only: boolean;
  replica_lag: number | null;
  replicas: number;
  worst_replica: string | null;
  worst_lag: number | null;
}

/** "PostgreSQL at db.internal:5432": where the probe connects, without user, password or options. */
export function describePostgres(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.hostname ? `PostgreSQL at ${parsed.host}` : 'PostgreSQL (local socket)';
  } catch {
    return 'PostgreSQL';
  }
}

function connectFailure(error: unknown, target: string, budgetMs: number): ProbeFailure {
  const code = errorCode(error) ?? '';
  const message = clip(redactSecrets(errorText(error)));
  if (/^28/.test(code) || code === '3D000') {
    return new ProbeFailure('probe_rejected', 'unknown', `${target} refused the probe’s login (${message})`);
  }
  if (/^[0-9A-Z]{5}$/.test(code)) {
    // The server answered, with a refusal: too many clients, starting up, shutting down…
    return new ProbeFailure('connect_failed', 'hard', `${target} refused the connection (${message})`);
  }
  if (isBudgetSpent(error) || /timeout/i.test(message)) {
    return new ProbeFailure('timeout', 'hard', `no connection to ${target} within ${formatDuration(budgetMs)}`);
  }
  return connectProblem(error, target, budgetMs);
}

function queryFailure(error: unknown, what: string, target: string, budgetMs: number): ProbeFailure {
  if (isBudgetSpent(error)) {
    return new ProbeFailure(
      'timeout',
      'hard',
      `no answer to ${what} from ${target} within ${formatDuration(budgetMs)}`
    );
  }
  return new ProbeFailure(
    'query_failed',
    'hard',
    `${what} failed on ${target}: ${clip(redactSecrets(errorText(error)))}`
  );
}

export const postgresProbe: ProbeRunner<PostgresProbeConfig> = async (probe, context) => {
  const { signal } = context;
  const check = new CheckBuilder(probe.name, 'postgres');
  const budget = probe.timeoutMs;
  let client: pg.Client | undefined;
  try {
    const url = probe.urlEnv ? context.env[probe.urlEnv] : context.databaseUrl;
    if (!url) {
      throw new ProbeFailure(
        'not_configured',
        'unknown',
        probe.urlEnv ? `environment variable ${probe.urlEnv} is not set` : 'no database URL configured'
      );
    }
    const target = describePostgres(url);
    client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: budget,
      statement_timeout: budget,
      application_name: 'sysmon-probe',
    });
    client.on('error', () => undefined); // a connection lost after connect surfaces in the awaited query
    const opened = client;
    await check.step(
      'connect',
      async () => {
        try {
          await abortable(opened.connect(), signal);
        } catch (error) {
          throw connectFailure(error, target, budget);
        }
      },
      () => target
    );

    const started = performance.now();
    await check.step('query', async () => {
      try {
        await abortable(opened.query('SELECT 1'), signal);
      } catch (error) {
        throw queryFailure(error, 'SELECT 1', target, budget);
      }
    });
    const queryMs = performance.now() - started;
    check.latency(queryMs);
    if (queryMs > probe.thresholds.latencyMs) {
      check.problem(
        'slow_query',
        'soft',
        `SELECT 1 took ${formatDuration(queryMs)}, threshold ${formatDuration(probe.thresholds.latencyMs)}`
      );
    }

    const stats = await check.step(
      'stats',
      async () => {
        try {
          const { rows } = await abortable(opened.query<StatsRow>(STATS_SQL), signal);
          return rows[0]!;
        } catch (error) {
          throw queryFailure(error, 'the statistics query', target, budget);
        }
      },
      (row) => `${row.used} of ${row.max_connections} connections`
    );
    const ratio = stats.max_connections > 0 ? stats.used / stats.max_connections : 0;
    check.fact('serverVersion', stats.server_version);
    check.fact('connectionsUsed', stats.used);
    check.fact('maxConnections', stats.max_connections);
    check.fact('connectionsRatio', Math.round(ratio * 1000) / 1000);
    check.fact('replica', stats.replica);
    check.fact('replicas', stats.replicas);
    check.fact('readOnly', stats.read_only);
    if (stats.read_only && !stats.replica) {
      // A primary whose sessions start read-only (default_transaction_read_only, e.g. frozen while its disk
      // fills): every writer — the platform's, the log ingest, the audit log — is refused.
      check.problem(
        'read_only',
        'hard',
        `${target} refuses writes: it is read-only (default_transaction_read_only is on)`
      );
    }
    if (ratio >= probe.thresholds.connectionsRatio) {
      check.problem(
        'connections_high',
        'soft',
        `${stats.used} of ${stats.max_connections} connections in use (${percent(ratio)})`
      );
    }

    const lag = stats.replica ? stats.replica_lag : stats.worst_lag;
    check.fact('replicationLagSeconds', lag === null ? null : Math.round(lag * 100) / 100);
    if (lag !== null && lag > probe.thresholds.replicationLagSeconds) {
      const threshold = formatDuration(probe.thresholds.replicationLagSeconds * 1000);
      check.problem(
        'replication_lag',
        'soft',
        stats.replica
          ? `this replica is ${formatDuration(lag * 1000)} behind its primary (threshold ${threshold})`
          : `replica ${stats.worst_replica ?? ''} is ${formatDuration(lag * 1000)} behind (threshold ${threshold})`
      );
    }
  } catch (error) {
    recordFailure(check, error);
  } finally {
    // end() destroys a connection that is still connecting or running a query; bounded all the same.
    if (client) {
      await settleWithin(client.end(), 1_000);
    }
  }
  return check.result();
};
