// Writes the durable job ledger (DESIGN.md §4): one row per BullMQ job, id = jobId.
// Producers insert rows before enqueueing; workers move them through active -> completed/failed/delayed.
import type { Pool } from '../db/pool.ts';
import { quoteIdent } from '../db/sql.ts';
import type { DemoJobSpec } from './jobFactory.ts';

export type LedgerStatus = 'queued' | 'active' | 'completed' | 'failed' | 'delayed' | 'cancelled';

/** Longest last_error kept; stack traces live in BullMQ and the logs. */
const MAX_ERROR_LENGTH = 2_000;

export class JobLedger {
  private readonly table: string;

  constructor(
    private readonly pool: Pool,
    private readonly ledgerTable: string
  ) {
    this.table = quoteIdent(ledgerTable);
  }

  /** Fails with a clear message when the table is missing (migrations not applied). */
  async assertExists(): Promise<void> {
    const { rows } = await this.pool.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [
      this.table,
    ]);
    if (!rows[0]?.found) {
      throw new Error(`job ledger table ${this.ledgerTable} does not exist; run \`sysmon migrate\` first`);
    }
  }

  /** Inserts one row per job, status queued or delayed (scheduled). One statement for the whole batch. */
  async insertQueued(jobs: readonly DemoJobSpec[]): Promise<void> {
    if (jobs.length === 0) {
      return;
    }
    const rows = jobs.map((job) => ({
      id: job.id,
      queue: job.queue,
      name: job.name,
      priority: job.priority,
      status: job.delayMs > 0 ? 'delayed' : 'queued',
      payload: job.payload,
      request_id: job.requestId,
    }));
    await this.pool.query(
      `INSERT INTO ${this.table} (id, queue, name, priority, status, payload, request_id)
       SELECT r.id, r.queue, r.name, r.priority, r.status, r.payload, r.request_id
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, queue text, name text, priority int, status text, payload jsonb, request_id text)`,
      [JSON.stringify(rows)]
    );
  }

  /** The rows were written but BullMQ refused the jobs: close them so they do not show as drift forever. */
  async markEnqueueFailed(ids: readonly string[], error: string): Promise<void> {
    if (ids.length === 0) {
      return;
    }
    await this.pool.query(
      `UPDATE ${this.table} SET status = 'failed', last_error = $2, finished_at = now(), updated_at = now()
       WHERE id = ANY($1::text[]) AND status IN ('queued', 'delayed')`,
      [ids, truncate(`enqueue failed: ${error}`)]
    );
  }

  /**
   * Attempt `attempt` (1-based) started. The guard keeps a late event of an earlier attempt
   * from overwriting a newer one.
   */
  async markActive(id: string, attempt: number): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.table} SET status = 'active', attempts = $2, started_at = now(), finished_at = NULL, updated_at = now()
       WHERE id = $1 AND attempts <= $2`,
      [id, attempt]
    );
  }

  async markCompleted(id: string, attempts: number): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.table} SET status = 'completed', attempts = $2, finished_at = now(), updated_at = now()
       WHERE id = $1 AND attempts <= $2`,
      [id, attempts]
    );
  }

  /** A failed attempt: `retrying` puts the row back to delayed (backoff), otherwise it is terminal. */
  async markFailed(id: string, attempts: number, error: string, retrying: boolean): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.table}
       SET status = $3, attempts = $2, last_error = $4, updated_at = now(),
           finished_at = CASE WHEN $3 = 'failed' THEN now() ELSE NULL END
       WHERE id = $1 AND attempts <= $2`,
      [id, attempts, retrying ? 'delayed' : 'failed', truncate(error)]
    );
  }

  /** A stalled job went back to wait in BullMQ. */
  async markRequeued(id: string): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.table} SET status = 'queued', updated_at = now() WHERE id = $1 AND status = 'active'`,
      [id]
    );
  }
}

function truncate(text: string): string {
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
