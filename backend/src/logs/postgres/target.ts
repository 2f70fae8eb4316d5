import type { Pool } from '../../db/pool.ts';

/** Where a PostgreSQL log store function reads or writes: a pool and the schema holding `logs`. */
export interface LogTable {
  pool: Pool;
  schema: string;
}
