-- Queue history (DESIGN.md §4): one row per queue per sampler tick (every 5 s), partitioned by day so that
-- retention drops whole partitions (never DELETE). Partitions are created and dropped by
-- src/queues/samplesRetention.ts (hourly and at start); the ones for yesterday..today+2 (UTC) are created here
-- too so the table is usable straight after migrating. Partition names: queue_samples_pYYYYMMDD.
CREATE TABLE IF NOT EXISTS {{schema}}.queue_samples (
  sampled_at timestamptz NOT NULL,
  prefix text NOT NULL,
  queue text NOT NULL,
  tier text NOT NULL CHECK (tier IN ('high', 'normal', 'low')),
  paused boolean NOT NULL,
  waiting integer NOT NULL,
  prioritized integer NOT NULL,
  active integer NOT NULL,
  delayed integer NOT NULL,
  waiting_children integer NOT NULL,
  failed integer NOT NULL,
  completed integer NOT NULL,
  depth integer NOT NULL,
  -- bigint: a job waiting longer than 24.8 days overflows integer milliseconds.
  oldest_wait_ms bigint,
  workers integer,
  throughput_per_min double precision,
  failures_per_min double precision
) PARTITION BY RANGE (sampled_at);

-- History of one queue over a range; created on the parent, so every partition gets it.
CREATE INDEX IF NOT EXISTS queue_samples_queue_sampled_at_idx ON {{schema}}.queue_samples (queue, sampled_at);

DO $$
DECLARE
  day date;
BEGIN
  FOR day IN
    SELECT generate_series((now() AT TIME ZONE 'UTC')::date - 1, (now() AT TIME ZONE 'UTC')::date + 2, interval '1 day')::date
  LOOP
    EXECUTE format(
      'CREATE TABLE IF NOT EXISTS %s.%I PARTITION OF %s.queue_samples FOR VALUES FROM (%L) TO (%L)',
      '{{schema}}',
      'queue_samples_p' || to_char(day, 'YYYYMMDD'),
      '{{schema}}',
      day::timestamp AT TIME ZONE 'UTC',
      (day + 1)::timestamp AT TIME ZONE 'UTC'
    );
  END LOOP;
END
$$;
