-- Ledger indexes for the queue read path (issue 3). Measured with EXPLAIN ANALYZE on 300k ledger rows
-- (PostgreSQL on the dev machine, 3 queues, ~300 B payloads):
-- Rate fallback (finishes per queue in the last minute, one grouped query for all queues): a partial index on
-- finished_at over terminal rows turns a 74 ms parallel seq scan into a 0.09 ms index range scan.
CREATE INDEX IF NOT EXISTS job_ledger_finished_at_terminal_idx
  ON {{ledger_table}} (finished_at) WHERE status IN ('completed', 'failed');
-- Job search, keyset paginated by (created_at desc, id desc): a page is read straight off the index backwards and
-- the cursor condition (created_at, id) < (…) is an index bound: 78-82 ms (seq scan + top-N sort) → 0.03-0.06 ms.
-- The queue-leading one serves searches within a small queue, where the planner prefers it.
CREATE INDEX IF NOT EXISTS job_ledger_created_at_id_idx ON {{ledger_table}} (created_at, id);
CREATE INDEX IF NOT EXISTS job_ledger_queue_created_at_id_idx ON {{ledger_table}} (queue, created_at, id);
-- Text terms (ILIKE on payload::text / last_error) filter the rows these walk: ~560-610 ms per page at 300k rows.
-- pg_trgm GIN indexes on (payload::text) and coalesce(last_error, '') cut that to 2 ms (rare text) / 174 ms
-- (text in 10% of rows), but took 7.2 s to build (blocking writes inside this migration), 79 MB, CREATE EXTENSION
-- rights, and a GIN insert on every ledger row update. Not created here: they are the scale-up path and the
-- search's ILIKE predicates use them unchanged once an operator adds them (CREATE INDEX CONCURRENTLY).
