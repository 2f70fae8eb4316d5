-- Durable job ledger (DESIGN.md §4): one row per BullMQ job, written by the platform's producers and workers.
-- IF NOT EXISTS: the platform may own this table already (migrations 009-011 bring an older shape up to date).
-- A job is identified by (queue, id): BullMQ job ids are unique per queue only (default ids are a per-queue
-- counter). The primary key is named after its index so that tables created here and tables upgraded by 010 end
-- up alike. Indexes are built by the no-transaction migrations (004, 006, 011) so they never block the platform.
CREATE TABLE IF NOT EXISTS {{ledger_table}} (
  id text NOT NULL,
  queue text NOT NULL,
  name text NOT NULL,
  priority integer NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'active', 'completed', 'failed', 'delayed', 'cancelled')),
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- The BullMQ job options the producer used (attempts, backoff, delay, lifo…): what recovery re-creates it with.
  opts jsonb NOT NULL DEFAULT '{}'::jsonb,
  request_id text,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  CONSTRAINT job_ledger_queue_id_key PRIMARY KEY (queue, id)
);
