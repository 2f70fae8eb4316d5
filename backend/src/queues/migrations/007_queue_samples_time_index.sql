-- Queue history over all queues (or a tier) filters queue_samples on sampled_at alone, which the
-- (queue, sampled_at) index of 005 cannot serve: every partition in the range was read in full.
-- Samples are appended in time order, so a BRIN index on sampled_at (a few pages per partition, next to no write
-- cost) lets such a range read only the blocks that hold it. Created on the partitioned parent, so every existing
-- and future partition gets one.
CREATE INDEX IF NOT EXISTS queue_samples_sampled_at_brin_idx
  ON {{schema}}.queue_samples USING brin (sampled_at);
