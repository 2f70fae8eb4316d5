-- Sending-IP reputation (issue 9, reputation/store.ts): each IP's current state on each DNS block- or allowlist,
-- and the periods it was listed.
--
-- Neither table is partitioned: ip_reputation holds one row per (sending IP, zone) — at most 1,000 IPs × 50 zones
-- by the config, a few dozen rows in practice — rewritten in place every pass; ip_listing_periods gains a row only
-- when an IP becomes listed, a handful a year. Listing history is kept as long as the table (nothing to drop by day).

-- What every replica serves (the replica running the checks writes it after each pass).
CREATE TABLE IF NOT EXISTS {{schema}}.ip_reputation (
  ip text NOT NULL,
  zone text NOT NULL,
  zone_label text NOT NULL,
  zone_kind text NOT NULL CHECK (zone_kind IN ('block', 'allow')),
  state text NOT NULL CHECK (state IN ('listed', 'clean', 'unknown')),
  codes text[] NOT NULL DEFAULT '{}',
  meanings text[] NOT NULL DEFAULT '{}',
  reason text,
  error text,
  delist_url text,
  checked_at timestamptz,
  PRIMARY KEY (ip, zone)
);

-- One row per listing: opened when the IP is first seen listed, last_seen bumped while it stays listed, ended_at set
-- when it is first seen clean again. An `unknown` check neither opens nor ends a period.
CREATE TABLE IF NOT EXISTS {{schema}}.ip_listing_periods (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ip text NOT NULL,
  zone text NOT NULL,
  zone_label text NOT NULL,
  first_seen timestamptz NOT NULL,
  last_seen timestamptz NOT NULL,
  ended_at timestamptz,
  -- Every code seen during the period, and the latest TXT reason.
  codes text[] NOT NULL DEFAULT '{}',
  reason text,
  CHECK (last_seen >= first_seen),
  CHECK (ended_at IS NULL OR ended_at >= last_seen)
);

-- At most one open period per IP and zone (the upsert's conflict target).
CREATE UNIQUE INDEX IF NOT EXISTS ip_listing_periods_open_idx
  ON {{schema}}.ip_listing_periods (ip, zone) WHERE ended_at IS NULL;

-- One IP's history, newest first.
CREATE INDEX IF NOT EXISTS ip_listing_periods_ip_first_seen_idx
  ON {{schema}}.ip_listing_periods (ip, first_seen DESC);
