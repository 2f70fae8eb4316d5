-- Who did what (operator actions), kept for years; written by later issues.
CREATE TABLE IF NOT EXISTS {{schema}}.audit_events (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  target text,
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  outcome text NOT NULL,
  request_id text
);

CREATE INDEX IF NOT EXISTS audit_events_at_idx ON {{schema}}.audit_events (at);
