-- sysmon:no-transaction
-- Ledgers indexed by the first versions of 002 and 004: build the search index of the (queue, id) identity
-- and drop what no query uses any more (measured with EXPLAIN on every ledger query the service runs,
-- test/ledgerIndexes.test.ts). Every index costs each write, and one on status or updated_at also stops updates
-- of those columns from being HOT (heap-only), which the platform's workers do on every job.
CREATE INDEX CONCURRENTLY IF NOT EXISTS job_ledger_created_at_queue_id_idx ON {{ledger_table}} (created_at, queue, id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS job_ledger_id_idx ON {{ledger_table}} (id);
-- (created_at, id): replaced by (created_at, queue, id), the order of the (queue, id) identity.
DROP INDEX CONCURRENTLY IF EXISTS {{ledger_schema}}.job_ledger_created_at_id_idx;
-- (status, updated_at): no query filters on updated_at alone; drift uses the partial index of 006.
DROP INDEX CONCURRENTLY IF EXISTS {{ledger_schema}}.job_ledger_status_updated_at_idx;
-- (queue, status, created_at): served by (queue, created_at, id) and the partial index of 006.
DROP INDEX CONCURRENTLY IF EXISTS {{ledger_schema}}.job_ledger_queue_status_created_at_idx;
