-- sysmon:no-transaction
-- Ledgers made before the identity was (queue, id): add the job options column (metadata only: a constant default
-- rewrites nothing) and build the unique (queue, id) index CONCURRENTLY, so 010 can make it the primary key
-- without a table scan or a long lock. On a ledger created by 002 both already exist.
ALTER TABLE {{ledger_table}} ADD COLUMN IF NOT EXISTS opts jsonb NOT NULL DEFAULT '{}'::jsonb;
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS job_ledger_queue_id_key ON {{ledger_table}} (queue, id);
