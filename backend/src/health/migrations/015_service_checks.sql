-- Infrastructure health (issue 9): every probe check, each service's current status, and its state changes.
--
-- service_checks: one row per check (a few per service per minute), partitioned by day so the 90-day retention
-- drops whole partitions (db/partitions.ts, the `service-checks-retention` job); yesterday .. today + 2 are
-- created here so the table is usable straight after migrating. Partition names: service_checks_pYYYYMMDD.
CREATE TABLE IF NOT EXISTS {{schema}}.service_checks (
  checked_at timestamptz NOT NULL,
  service text NOT NULL,
  kind text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('ok', 'soft', 'hard', 'unknown')),
  -- The service's state after this check (what the status engine decided).
  state text NOT NULL CHECK (state IN ('operational', 'degraded', 'down', 'unknown')),
  latency_ms double precision,
  steps jsonb NOT NULL DEFAULT '[]',
  problems jsonb NOT NULL DEFAULT '[]',
  facts jsonb NOT NULL DEFAULT '{}'
) PARTITION BY RANGE (checked_at);

-- One service's history over a range (the card's sparkline, the history chart); created on the parent, so every
-- partition gets it. All services over a range read whole day partitions, which are small.
CREATE INDEX IF NOT EXISTS service_checks_service_checked_at_idx ON {{schema}}.service_checks (service, checked_at);

DO $$
DECLARE
  day date;
BEGIN
  FOR day IN
    SELECT generate_series((now() AT TIME ZONE 'UTC')::date - 1, (now() AT TIME ZONE 'UTC')::date + 2, interval '1 day')::date
  LOOP
    EXECUTE format(
      'CREATE TABLE IF NOT EXISTS %s.%I PARTITION OF %s.service_checks FOR VALUES FROM (%L) TO (%L)',
      '{{schema}}',
      'service_checks_p' || to_char(day, 'YYYYMMDD'),
      '{{schema}}',
      day::timestamp AT TIME ZONE 'UTC',
      (day + 1)::timestamp AT TIME ZONE 'UTC'
    );
  END LOOP;
END
$$;

-- The status engine's state per service (health/status.ts ServiceStatus as JSON): written by the replica that
-- probes, read by every replica, so they all serve the same states.
CREATE TABLE IF NOT EXISTS {{schema}}.service_status (
  service text PRIMARY KEY,
  status jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- State changes: uptime over 24 h / 7 d / 30 d, the history chart's markers and dashboard annotations. A few rows
-- per service per day at most, so a plain table; the retention job deletes what is older than the checks' retention
-- except each service's last change before it (its state at the window's start).
CREATE TABLE IF NOT EXISTS {{schema}}.service_transitions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  service text NOT NULL,
  at timestamptz NOT NULL,
  from_state text NOT NULL,
  to_state text NOT NULL,
  cause text NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS service_transitions_service_at_idx ON {{schema}}.service_transitions (service, at);
CREATE INDEX IF NOT EXISTS service_transitions_at_idx ON {{schema}}.service_transitions (at);
