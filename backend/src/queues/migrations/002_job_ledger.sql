-- Durable job ledger (DESIGN.md §4): one row per BullMQ job, written by the platform's producers and workers.
-- IF NOT EXISTS: the platform may own this table already.
CREATE TABLE IF NOT EXISTS {{ledger_table}} (
  id text PRIMARY KEY,
  queue text NOT NULL,
  name text NOT NULL,
  priority integer NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'active', 'completed', 'failed', 'delayed', 'cancelled')),
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  request_id text,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);

-- Queue pages: per-queue status counts and oldest-first listings.
CREATE INDEX IF NOT EXISTS job_ledger_queue_status_created_at_idx ON {{ledger_table}} (queue, status, created_at);
-- Search by request id (logs <-> jobs).
CREATE INDEX IF NOT EXISTS job_ledger_request_id_idx ON {{ledger_table}} (request_id);
-- Drift detection and stuck-job scans: non-terminal rows by last update.
CREATE INDEX IF NOT EXISTS job_ledger_status_updated_at_idx ON {{ledger_table}} (status, updated_at);
