// The sending IPs' reputation in PostgreSQL (migration health/migrations/016_ip_reputation.sql): the current state
// per (ip, zone) that every replica serves, and the listing periods (history with first/last seen).
// record() takes a whole pass: it replaces the current state (pairs no longer checked — an IP or zone dropped from
// the config — leave it), opens a period when an IP becomes listed, bumps last_seen while it stays listed, and ends
// the period when the IP is first seen clean again; `unknown` neither opens nor ends one. One transaction per pass.
import type { ListingPeriod, ReputationEntry, ReputationState, ZoneKind } from '@penguinmails/sysmon-contract';
import { withClient, withTransaction, type Pool } from '../db/pool.ts';
import { quoteIdent } from '../db/sql.ts';
import { canonicalIp, ipFamily } from './names.ts';

export interface ReputationStore {
  /** Stores a whole pass; returns its entries with `since` (the open listing period's first sighting). */
  record(entries: readonly ReputationEntry[]): Promise<ReputationEntry[]>;
  /** The latest pass as stored, with `since`, ordered by address (IPv4 first) and zone. */
  current(): Promise<ReputationEntry[]>;
  /** Listing periods, newest first, of one IP or all. */
  history(options: { ip?: string; limit: number }): Promise<ListingPeriod[]>;
}

interface CurrentRow {
  ip: string;
  zone: string;
  zone_label: string;
  zone_kind: ZoneKind;
  state: ReputationState;
  codes: string[];
  meanings: string[];
  reason: string | null;
  error: string | null;
  delist_url: string | null;
  checked_at: Date | null;
  since: Date | null;
}

interface PeriodRow {
  ip: string;
  zone: string;
  zone_label: string;
  first_seen: Date;
  last_seen: Date;
  ended_at: Date | null;
  codes: string[];
  reason: string | null;
}

/** The pass as one jsonb parameter, read back with jsonb_to_recordset (arrays per row do not fit unnest). */
const PASS_ROWS = `jsonb_to_recordset($1::jsonb) AS r(ip text, zone text, zone_label text, zone_kind text, state text,
  codes text[], meanings text[], reason text, error text, delist_url text, checked_at timestamptz)`;

export function createReputationStore(pool: Pick<Pool, 'connect'>, schema: string): ReputationStore {
  const current = `${quoteIdent(schema)}.ip_reputation`;
  const periods = `${quoteIdent(schema)}.ip_listing_periods`;

  const upsertCurrent = `
    INSERT INTO ${current} AS c (ip, zone, zone_label, zone_kind, state, codes, meanings, reason, error, delist_url,
                                 checked_at)
    SELECT ip, zone, zone_label, zone_kind, state, codes, meanings, reason, error, delist_url, checked_at
      FROM ${PASS_ROWS}
    ON CONFLICT (ip, zone) DO UPDATE SET
      zone_label = excluded.zone_label, zone_kind = excluded.zone_kind, state = excluded.state,
      codes = excluded.codes, meanings = excluded.meanings, reason = excluded.reason, error = excluded.error,
      delist_url = excluded.delist_url, checked_at = excluded.checked_at`;
  const deleteUnchecked = `
    DELETE FROM ${current} AS c
     WHERE NOT EXISTS (SELECT 1 FROM ${PASS_ROWS} WHERE r.ip = c.ip AND r.zone = c.zone)`;
  const openOrExtend = `
    INSERT INTO ${periods} AS p (ip, zone, zone_label, first_seen, last_seen, codes, reason)
    SELECT ip, zone, zone_label, COALESCE(checked_at, now()), COALESCE(checked_at, now()), codes, reason
      FROM ${PASS_ROWS}
     WHERE state = 'listed'
    ON CONFLICT (ip, zone) WHERE ended_at IS NULL DO UPDATE SET
      zone_label = excluded.zone_label,
      last_seen = GREATEST(p.last_seen, excluded.last_seen),
      codes = ARRAY(SELECT code FROM (SELECT DISTINCT unnest(p.codes || excluded.codes) AS code) AS d
                     ORDER BY string_to_array(code, '.')::int[]),
      reason = COALESCE(excluded.reason, p.reason)`;
  const end = `
    UPDATE ${periods} AS p
       SET ended_at = GREATEST(COALESCE(r.checked_at, now()), p.last_seen)
      FROM ${PASS_ROWS}
     WHERE r.state = 'clean' AND p.ip = r.ip AND p.zone = r.zone AND p.ended_at IS NULL`;
  const open = `SELECT ip, zone, first_seen FROM ${periods} WHERE ended_at IS NULL`;

  return {
    async record(entries) {
      const rows = JSON.stringify(
        entries.map((entry) => ({
          ip: entry.ip,
          zone: entry.zone,
          zone_label: entry.zoneLabel,
          zone_kind: entry.zoneKind,
          state: entry.state,
          codes: entry.codes,
          meanings: entry.meanings,
          reason: entry.reason,
          error: entry.error,
          delist_url: entry.delistUrl,
          checked_at: entry.checkedAt,
        }))
      );
      const since = await withTransaction(pool, async (client) => {
        await client.query(upsertCurrent, [rows]);
        await client.query(deleteUnchecked, [rows]);
        await client.query(openOrExtend, [rows]);
        await client.query(end, [rows]);
        const { rows: openRows } = await client.query<{ ip: string; zone: string; first_seen: Date }>(open);
        return new Map(openRows.map((row) => [`${row.ip} ${row.zone}`, row.first_seen.toISOString()]));
      });
      return entries.map((entry) => ({
        ...entry,
        since: entry.state === 'listed' ? (since.get(`${entry.ip} ${entry.zone}`) ?? null) : null,
      }));
    },

    async current() {
      const { rows } = await withClient(pool, (client) =>
        client.query<CurrentRow>(
          `SELECT c.*, p.first_seen AS since
             FROM ${current} AS c
             LEFT JOIN ${periods} AS p ON p.ip = c.ip AND p.zone = c.zone AND p.ended_at IS NULL
            ORDER BY c.ip::inet, c.zone`
        )
      );
      return rows.map((row) => ({
        ip: row.ip,
        zone: row.zone,
        zoneLabel: row.zone_label,
        zoneKind: row.zone_kind,
        state: row.state,
        codes: row.codes,
        meanings: row.meanings,
        reason: row.reason,
        error: row.error,
        checkedAt: row.checked_at?.toISOString() ?? null,
        since: row.state === 'listed' ? (row.since?.toISOString() ?? null) : null,
        delistUrl: row.delist_url,
      }));
    },

    async history({ ip, limit }) {
      const wanted = ip === undefined ? null : ipFamily(ip) ? canonicalIp(ip) : ip;
      const { rows } = await withClient(pool, (client) =>
        client.query<PeriodRow>(
          `SELECT ip, zone, zone_label, first_seen, last_seen, ended_at, codes, reason
             FROM ${periods}
            WHERE $1::text IS NULL OR ip = $1
            ORDER BY first_seen DESC, id DESC
            LIMIT $2`,
          [wanted, limit]
        )
      );
      return rows.map((row) => ({
        ip: row.ip,
        zone: row.zone,
        zoneLabel: row.zone_label,
        firstSeen: row.first_seen.toISOString(),
        lastSeen: row.last_seen.toISOString(),
        endedAt: row.ended_at?.toISOString() ?? null,
        codes: row.codes,
        reason: row.reason,
      }));
    },
  };
}
