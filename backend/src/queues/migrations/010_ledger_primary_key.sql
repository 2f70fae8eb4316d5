-- The primary key becomes (queue, id). ADD ... USING INDEX takes the index 009 built, so this is a catalog change
-- under a brief lock (the runner waits at most 50 ms for it and retries), not an index build. Key columns must be
-- NOT NULL; where the platform's table allows NULL there, a validated CHECK first lets PostgreSQL set NOT NULL
-- without scanning the table under that lock. A ledger whose key already is (queue, id) is left alone, and a
-- duplicate index 009 may have built next to such a key is dropped.
DO $$
DECLARE
  ledger regclass := '{{ledger_table}}'::regclass;
  key_name text;
  key_columns text[];
  nullable text;
BEGIN
  SELECT c.conname, array_agg(a.attname::text ORDER BY a.attname)
    INTO key_name, key_columns
    FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
   WHERE c.conrelid = ledger AND c.contype = 'p'
   GROUP BY c.conname;
  IF key_columns = ARRAY['id', 'queue'] THEN
    IF key_name <> 'job_ledger_queue_id_key' THEN
      EXECUTE format('DROP INDEX IF EXISTS %s', (SELECT format('%I.job_ledger_queue_id_key', n.nspname)
        FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace WHERE t.oid = ledger));
    END IF;
    RETURN;
  END IF;
  FOR nullable IN
    SELECT attname FROM pg_attribute
     WHERE attrelid = ledger AND attname IN ('queue', 'id') AND NOT attnotnull AND NOT attisdropped
  LOOP
    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I CHECK (%I IS NOT NULL) NOT VALID', ledger,
      'job_ledger_' || nullable || '_not_null', nullable);
    EXECUTE format('ALTER TABLE %s VALIDATE CONSTRAINT %I', ledger, 'job_ledger_' || nullable || '_not_null');
  END LOOP;
  IF key_name IS NOT NULL THEN
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', ledger, key_name);
  END IF;
  EXECUTE format('ALTER TABLE %s ADD CONSTRAINT job_ledger_queue_id_key PRIMARY KEY USING INDEX job_ledger_queue_id_key',
    ledger);
END
$$;
