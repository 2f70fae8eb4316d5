// The PostgreSQL log store: <schema>.logs (migration 012), daily partitions. Writes go through COPY
// (append.ts); reads compile the parsed search to parameterised SQL (search.ts, volume.ts, context.ts, values.ts).
import type { Pool } from '../../db/pool.ts';
import type { LogStore } from '../store.ts';
import { appendLogs } from './append.ts';
import type { LogTable } from './target.ts';
import { logContext } from './context.ts';
import { searchLogs } from './search.ts';
import { logValues } from './values.ts';
import { logVolume } from './volume.ts';

export interface PostgresLogStoreOptions {
  /** For writes (ingest). */
  pool: Pool;
  /** For reads (requests); defaults to `pool`. */
  readPool?: Pool;
  schema: string;
}

export function createPostgresLogStore(options: PostgresLogStoreOptions): LogStore {
  const target: LogTable = { pool: options.pool, schema: options.schema };
  const reads: LogTable = { pool: options.readPool ?? options.pool, schema: options.schema };
  return {
    append: (records) => appendLogs(target, records),
    search: (request) => searchLogs(reads, request),
    volume: (request) => logVolume(reads, request),
    context: (request) => logContext(reads, request),
    values: (variable, range) => logValues(reads, variable, range),
  };
}
