-- Log volume over days without counting every line again: lines per (minute, service, level), rolled up from the
-- raw lines by id by the logs unit's periodic job (postgres/volume.ts). The job counts ids up to the settled
-- watermark only (no transaction still in flight can commit below it), so a late-committing line is never
-- skipped, and rolled_up_to and the counts change in one transaction, so a volume read (rollup up to
-- rolled_up_to plus raw lines above it, one snapshot) is exact.
CREATE TABLE IF NOT EXISTS {{schema}}.logs_volume_minutes (
  minute timestamptz NOT NULL,
  service text NOT NULL,
  level text NOT NULL,
  lines bigint NOT NULL,
  PRIMARY KEY (minute, service, level)
);

CREATE TABLE IF NOT EXISTS {{schema}}.logs_volume_rollup (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  -- Every line with an id at or below this is counted in logs_volume_minutes.
  rolled_up_to bigint NOT NULL
);

INSERT INTO {{schema}}.logs_volume_rollup (singleton, rolled_up_to) VALUES (true, 0) ON CONFLICT DO NOTHING;
