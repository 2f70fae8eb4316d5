// Where infrastructure health is kept (migration 015): every check in <schema>.service_checks (daily partitions),
// each service's status in <schema>.service_status, and state changes in <schema>.service_transitions.
import {
  SERVICE_STATE_CODES,
  type CheckResult,
  type ServiceHistoryResponse,
  type ServiceTransition,
} from '@penguinmails/sysmon-contract';
import { insertIntoPartitions, maintainPartitions, type PartitionedTable } from '../db/partitions.ts';
import { withStatementTimeout, withTransaction, type Pool } from '../db/pool.ts';
import { quoteIdent } from '../db/sql.ts';
import type { ServiceStatus } from './status.ts';
import type { StateChange } from './uptime.ts';

export const CHECKS_TABLE = 'service_checks';
/** Days of checks (and state changes) kept; older daily partitions are dropped whole. */
export const CHECKS_RETENTION_DAYS = 90;
/** History reads are bounded like other reads answering requests. */
const READ_TIMEOUT_MS = 5_000;

export interface HealthStore {
  /** One check, the status it led to and the state change (if any), in one transaction. */
  record(check: CheckResult, status: ServiceStatus, transition?: ServiceTransition): Promise<void>;
  /** Every stored status (what the probing replica last wrote). */
  statuses(): Promise<ServiceStatus[]>;
  /** State changes since `from` per service, oldest first, each led by the last change before `from`. */
  stateChanges(from: Date): Promise<Map<string, StateChange[]>>;
  /** State changes in a range, oldest first. */
  transitions(range: { from: Date; to: Date; service?: string; limit?: number }): Promise<ServiceTransition[]>;
  /** Mean latency and worst state per bucket of `stepMs`, per service. */
  history(range: { from: Date; to: Date; stepMs: number; service?: string }): Promise<ServiceHistoryResponse['series']>;
  /** Drops check partitions past the retention and state changes older than it (keeping each service's last one). */
  maintain(retentionDays: number): Promise<{ dropped: string[]; deletedTransitions: number }>;
}

// The worst state of a bucket: down > degraded > unknown > operational, as codes (2, 1, 3, 0) ranked.
const STATE_RANK_SQL = `CASE state WHEN 'down' THEN 3 WHEN 'degraded' THEN 2 WHEN 'unknown' THEN 1 ELSE 0 END`;
const RANK_TO_CODE = [
  SERVICE_STATE_CODES.operational,
  SERVICE_STATE_CODES.unknown,
  SERVICE_STATE_CODES.degraded,
  SERVICE_STATE_CODES.down,
];

export function createHealthStore(pool: Pool, schema: string): HealthStore {
  const table = (name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;
  const checksTarget: PartitionedTable = { schema, table: CHECKS_TABLE };

  return {
    async record(check, status, transition) {
      const checkedAt = new Date(check.checkedAt);
      await insertIntoPartitions(pool, checksTarget, [checkedAt], () =>
        withTransaction(pool, async (client) => {
          await client.query(
            `INSERT INTO ${table(CHECKS_TABLE)} (checked_at, service, kind, outcome, state, latency_ms, steps, problems, facts)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
            [
              checkedAt,
              check.service,
              check.kind,
              check.outcome,
              status.state,
              check.latencyMs,
              JSON.stringify(check.steps),
              JSON.stringify(check.problems),
              JSON.stringify(check.facts),
            ]
          );
          await client.query(
            `INSERT INTO ${table('service_status')} (service, status, updated_at) VALUES ($1, $2, now())
             ON CONFLICT (service) DO UPDATE SET status = EXCLUDED.status, updated_at = now()`,
            [status.service, JSON.stringify(status)]
          );
          if (transition) {
            await client.query(
              `INSERT INTO ${table('service_transitions')} (service, at, from_state, to_state, cause)
               VALUES ($1, $2, $3, $4, $5)`,
              [transition.service, new Date(transition.at), transition.from, transition.to, transition.cause]
            );
          }
        })
      );
    },

    async statuses() {
      const { rows } = await pool.query<{ status: ServiceStatus }>(
        `SELECT status FROM ${table('service_status')} ORDER BY service`
      );
      return rows.map((row) => row.status);
    },

    async stateChanges(from) {
      const { rows } = await pool.query<{ service: string; at: Date; to_state: StateChange['to'] }>(
        `SELECT service, at, to_state FROM (
           SELECT DISTINCT ON (service) service, at, to_state
             FROM ${table('service_transitions')} WHERE at <= $1 ORDER BY service, at DESC
         ) before_window
         UNION ALL
         SELECT service, at, to_state FROM ${table('service_transitions')} WHERE at > $1
         ORDER BY service, at`,
        [from]
      );
      const changes = new Map<string, StateChange[]>();
      for (const row of rows) {
        const list = changes.get(row.service) ?? [];
        list.push({ at: row.at.getTime(), to: row.to_state });
        changes.set(row.service, list);
      }
      return changes;
    },

    async transitions({ from, to, service, limit = 1_000 }) {
      const { rows } = await withStatementTimeout(pool, READ_TIMEOUT_MS, (client) =>
        client.query<{ service: string; at: Date; from_state: string; to_state: string; cause: string }>(
          `SELECT service, at, from_state, to_state, cause FROM ${table('service_transitions')}
            WHERE at >= $1 AND at < $2 AND ($3::text IS NULL OR service = $3)
            ORDER BY at, id LIMIT $4`,
          [from, to, service ?? null, limit]
        )
      );
      return rows.map((row) => ({
        service: row.service,
        at: row.at.toISOString(),
        from: row.from_state as ServiceTransition['from'],
        to: row.to_state as ServiceTransition['to'],
        cause: row.cause,
      }));
    },

    async history({ from, to, stepMs, service }) {
      const { rows } = await withStatementTimeout(pool, READ_TIMEOUT_MS, (client) =>
        client.query<{ service: string; bucket: string; latency: number | null; rank: number }>(
          `SELECT service,
                  (floor(extract(epoch FROM checked_at) * 1000 / $3) * $3)::bigint AS bucket,
                  avg(latency_ms) AS latency,
                  max(${STATE_RANK_SQL}) AS rank
             FROM ${table(CHECKS_TABLE)}
            WHERE checked_at >= $1 AND checked_at < $2 AND ($4::text IS NULL OR service = $4)
            GROUP BY 1, 2 ORDER BY 1, 2`,
          [from, to, stepMs, service ?? null]
        )
      );
      const series = new Map<string, ServiceHistoryResponse['series'][number]>();
      for (const row of rows) {
        const entry = series.get(row.service) ?? { service: row.service, points: [] };
        entry.points.push([
          Number(row.bucket),
          row.latency === null ? null : Math.round(row.latency * 100) / 100,
          RANK_TO_CODE[row.rank] ?? null,
        ]);
        series.set(row.service, entry);
      }
      return [...series.values()];
    },

    async maintain(retentionDays) {
      const { dropped } = await maintainPartitions(pool, checksTarget, { retentionDays });
      const cutoff = new Date(Date.now() - retentionDays * 86_400_000);
      const { rowCount } = await pool.query(
        `DELETE FROM ${table('service_transitions')} old
          WHERE old.at < $1
            AND EXISTS (SELECT 1 FROM ${table('service_transitions')} newer
                         WHERE newer.service = old.service AND newer.at > old.at AND newer.at < $1)`,
        [cutoff]
      );
      return { dropped, deletedTransitions: rowCount ?? 0 };
    },
  };
}
