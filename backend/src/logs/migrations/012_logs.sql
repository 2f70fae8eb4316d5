-- Centralised application logs (DESIGN.md §5), partitioned by day on ts (the logger's own time) so that retention
-- drops whole partitions. Partitions are created ahead and dropped by the logs unit's maintenance job (and by an
-- insert that finds its day missing); yesterday..today+2 (UTC) are created here so the table works at once.
-- id comes from one sequence: unique across partitions and increasing in arrival order (context, cursors).
CREATE SEQUENCE IF NOT EXISTS {{schema}}.logs_id_seq AS bigint;

CREATE TABLE IF NOT EXISTS {{schema}}.logs (
  id bigint NOT NULL DEFAULT nextval('{{schema}}.logs_id_seq'),
  ts timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  level text NOT NULL CHECK (level IN ('unknown', 'trace', 'debug', 'info', 'warn', 'error', 'fatal')),
  service text NOT NULL,
  host text,
  message text NOT NULL,
  request_id text,
  trace_id text,
  span_id text,
  error_type text,
  stack text,
  attrs jsonb NOT NULL DEFAULT '{}'::jsonb,
  truncated boolean NOT NULL DEFAULT false
) PARTITION BY RANGE (ts);

ALTER SEQUENCE {{schema}}.logs_id_seq OWNED BY {{schema}}.logs.id;

DO $$
DECLARE
  day date;
BEGIN
  FOR day IN
    SELECT generate_series((now() AT TIME ZONE 'UTC')::date - 1, (now() AT TIME ZONE 'UTC')::date + 2, interval '1 day')::date
  LOOP
    EXECUTE format(
      'CREATE TABLE IF NOT EXISTS %s.%I PARTITION OF %s.logs FOR VALUES FROM (%L) TO (%L)',
      '{{schema}}',
      'logs_p' || to_char(day, 'YYYYMMDD'),
      '{{schema}}',
      day::timestamp AT TIME ZONE 'UTC',
      (day + 1)::timestamp AT TIME ZONE 'UTC'
    );
  END LOOP;
END
$$;
