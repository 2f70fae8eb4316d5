-- Audit before acting (issue 7): a mutation writes its row as an intent (outcome 'pending') before it touches
-- Redis and completes it with the outcome and the finish time after. A row still pending after its request ended
-- is an action whose outcome is unknown (the process died mid-way). `token` names the token that made the call.
ALTER TABLE {{schema}}.audit_events ADD COLUMN IF NOT EXISTS token text;
ALTER TABLE {{schema}}.audit_events ADD COLUMN IF NOT EXISTS finished_at timestamptz;
