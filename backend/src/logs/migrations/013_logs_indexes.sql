-- The log store's read indexes, each for a query the service runs (measured in BENCHMARKS.md, "Logs: search"),
-- created on the partitioned parent so every day partition gets them. The table is new (nothing shipped), so
-- plain CREATE INDEX; later changes on a live table belong in a no-transaction migration per partition.
-- pg_trgm is a contrib extension shipped with PostgreSQL (postgresql-contrib on Debian); database-wide.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Newest-first scans over a time range (ORDER BY ts DESC, id DESC LIMIT n stops after n hits), cursors, and the
-- log volume: level is included so counting per level and bucket is an index-only scan.
CREATE INDEX IF NOT EXISTS logs_ts_id_idx ON {{schema}}.logs (ts, id) INCLUDE (level);

-- One service's lines newest first, context (same service around a line, across partition boundaries), and the
-- service variable (a loose index scan over the leading column).
CREATE INDEX IF NOT EXISTS logs_service_ts_id_idx ON {{schema}}.logs (service, ts, id) INCLUDE (level);

-- The severe and odd levels (about a tenth of the lines): "errors of the last 7 days" newest first, level:>=warn,
-- and the level variable (does any fatal line exist in the range?) without reading the info and debug lines.
-- `level = ANY('{error,fatal}')` implies the IN list, so the planner proves the partial index usable.
CREATE INDEX IF NOT EXISTS logs_severe_level_ts_id_idx ON {{schema}}.logs (level, ts, id)
  WHERE level IN ('warn', 'error', 'fatal', 'unknown', 'trace');

-- A request or trace across services: a handful of lines out of millions. Partial: most lines of some services
-- carry none, and `request_id = $1` implies IS NOT NULL, so the planner uses them.
CREATE INDEX IF NOT EXISTS logs_request_id_idx ON {{schema}}.logs (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS logs_trace_id_idx ON {{schema}}.logs (trace_id) WHERE trace_id IS NOT NULL;

-- A line by its id (cursors, context): ids grow with the physical order of appends, so a BRIN index (a few
-- pages per partition, next to no write cost) finds the block range instead of a btree as large as the ts index.
CREATE INDEX IF NOT EXISTS logs_id_brin_idx ON {{schema}}.logs USING brin (id) WITH (pages_per_range = 16, autosummarize = on);

-- Words and phrases (ILIKE '%…%'): trigrams. Used for rare words only; common words are answered by the
-- newest-first scan (postgres/search.ts chooses by selectivity).
CREATE INDEX IF NOT EXISTS logs_message_trgm_idx ON {{schema}}.logs USING gin (message gin_trgm_ops);
