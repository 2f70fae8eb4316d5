-- The service's own schema and its migration version table.
-- (The runner creates both before reading versions; repeating it here keeps the schema complete in SQL.)
CREATE SCHEMA IF NOT EXISTS {{schema}};

CREATE TABLE IF NOT EXISTS {{schema}}.schema_migrations (
  id text PRIMARY KEY,
  applied_at timestamptz NOT NULL DEFAULT now()
);
