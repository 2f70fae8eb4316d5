-- sysmon:no-transaction
-- Ledger indexes for the read path, built CONCURRENTLY: the platform writes this table constantly, and a plain
-- CREATE INDEX would block its writes for as long as the build takes (seconds to minutes on a large ledger).
-- Each is used by a query the service runs (test/ledgerIndexes.test.ts checks them with EXPLAIN):
-- request_id: `request_id:` searches and the logs <-> jobs link.
CREATE INDEX CONCURRENTLY IF NOT EXISTS job_ledger_request_id_idx ON {{ledger_table}} (request_id);
-- id alone: `id:` searches across queues (the primary key starts with the queue).
CREATE INDEX CONCURRENTLY IF NOT EXISTS job_ledger_id_idx ON {{ledger_table}} (id);
-- Rate fallback (finishes per queue in the last minute, one grouped query for all queues): a partial index on
-- finished_at over terminal rows turns a 74 ms parallel seq scan into a 0.09 ms index range scan (300k rows).
CREATE INDEX CONCURRENTLY IF NOT EXISTS job_ledger_finished_at_terminal_idx
  ON {{ledger_table}} (finished_at) WHERE status IN ('completed', 'failed');
-- Job search, keyset paginated by (created_at, queue, id) descending: a page is read straight off the index
-- backwards and the cursor condition is an index bound (78-82 ms seq scan + top-N sort → 0.03-0.06 ms at 300k rows).
-- The queue-leading one serves searches within one queue.
CREATE INDEX CONCURRENTLY IF NOT EXISTS job_ledger_created_at_queue_id_idx ON {{ledger_table}} (created_at, queue, id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS job_ledger_queue_created_at_id_idx ON {{ledger_table}} (queue, created_at, id);
-- Text terms (ILIKE on payload::text / last_error) filter the rows these walk: ~560-610 ms per page at 300k rows.
-- pg_trgm GIN indexes on (payload::text) and coalesce(last_error, '') cut that to 2 ms (rare text) / 174 ms
-- (text in 10% of rows), but took 7.2 s to build, 79 MB, CREATE EXTENSION rights, and a GIN insert on every ledger
-- row update. Not created here: they are the scale-up path and the search's ILIKE predicates use them unchanged
-- once an operator adds them (CREATE INDEX CONCURRENTLY).
