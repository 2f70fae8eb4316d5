// Writes the durable job ledger (DESIGN.md §4): one row per BullMQ job, identified by (queue, id = jobId), with
// the job options the producer used. Producers insert rows before enqueueing; workers move them through
// active -> completed/failed/delayed.
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

  /**
   * Inserts one row per job, status queued or delayed (scheduled), with the BullMQ options it is added with
   * (without jobId, which is the row's id). One statement for the whole batch.
   */
  async insertQueued(jobs: ReadonlyArray<{ job: DemoJobSpec; opts: Record<string, unknown> }>): Promise<void> {
    if (jobs.length === 0) {
      return;
    }
    const rows = jobs.map(({ job, opts }) => ({
      id: job.id,
      queue: job.queue,
      name: job.name,
      priority: job.priority,
      status: job.delayMs > 0 ? 'delayed' : 'queued',
      payload: job.payload,
      opts,
      request_id: job.requestId,
    }));
    await this.pool.query(
      `INSERT INTO ${this.table} (id, queue, name, priority, status, payload, opts, request_id)
       SELECT r.id, r.queue, r.name, r.priority, r.status, r.payload, r.opts, r.request_id
       FROM jsonb_to_recordset($1::jsonb)
         AS r(id text, queue text, name text, priority int, status text, payload jsonb, opts jsonb, request_id text)`,
      [JSON.stringify(rows)]
    );
  }

  /** The rows were written but BullMQ refused the jobs: close them so they do not show as drift forever. */
  async markEnqueueFailed(queue: string, ids: readonly string[], error: string): Promise<void> {
    if (ids.length === 0) {
      return;
    }
    await this.pool.query(
      `UPDATE ${this.table} SET status = 'failed', last_error = $3, finished_at = now(), updated_at = now()
       WHERE queue = $1 AND id = ANY($2::text[]) AND status IN ('queued', 'delayed')`,
      [queue, ids, truncate(`enqueue failed: ${error}`)]
    );
  }

  /**
   * Attempt `attempt` (1-based) started. The guard keeps a late event of an earlier attempt
   * from overwriting a newer one.
   */
  async markActive(queue: string, id: string, attempt: number): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.table} SET status = 'active', attempts = $3, started_at = now(), finished_at = NULL, updated_at = now()
       WHERE queue = $1 AND id = $2 AND attempts <= $3`,
      [queue, id, attempt]
    );
  }

  async markCompleted(queue: string, id: string, attempts: number): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.table} SET status = 'completed', attempts = $3, finished_at = now(), updated_at = now()
       WHERE queue = $1 AND id = $2 AND attempts <= $3`,
      [queue, id, attempts]
    );
  }

  /** A failed attempt: `retrying` puts the row back to delayed (backoff), otherwise it is terminal. */
  async markFailed(queue: string, id: string, attempts: number, error: string, retrying: boolean): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.table}
       SET status = $4, attempts = $3, last_error = $5, updated_at = now(),
           finished_at = CASE WHEN $4 = 'failed' THEN now() ELSE NULL END
       WHERE queue = $1 AND id = $2 AND attempts <= $3`,
      [queue, id, attempts, retrying ? 'delayed' : 'failed', truncate(error)]
    );
  }

  /** A stalled job went back to wait in BullMQ. */
  async markRequeued(queue: string, id: string): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.table} SET status = 'queued', updated_at = now()
       WHERE queue = $1 AND id = $2 AND status = 'active'`,
      [queue, id]
    );
  }
}

function truncate(text: string): string {
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
