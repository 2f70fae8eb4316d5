-- Drift detection and recovery page through a queue's non-terminal ledger rows oldest first
-- (queue = $1 AND status IN (queued, active, delayed) ORDER BY created_at, id LIMIT 1000).
-- With (queue, status, created_at) that is a bitmap scan of every non-terminal row of the queue plus a sort
-- (measured: 61 ms for 86k rows, growing with the backlog); this partial index makes it an ordered index scan
-- that stops after the page (0.7 ms), and stays small because terminal rows (the bulk of the ledger) are not in it.
CREATE INDEX IF NOT EXISTS job_ledger_non_terminal_queue_created_at_idx
  ON {{ledger_table}} (queue, created_at, id)
  WHERE status IN ('queued', 'active', 'delayed');
