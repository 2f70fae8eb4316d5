/**
 * Drift recovery from the Queues page against the real service: ledger rows in the run's ledger (the service's
 * own test schema) whose BullMQ jobs do not exist, one that never started and one last seen active. An operator
 * recovers from the drift banner in the default mode: the never-started row gets its job back in Redis (same id),
 * the started row is left alone (it may have run: re-running it could send an email twice).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

import type { DriftReport } from '@penguinmails/sysmon-contract';
import { expect, QUEUES_PATH, saveScreenshot, test, testIds } from './queueTest';
import { DATABASE_URL } from './stack';

type LedgerStatus = 'queued' | 'active';

/** Ledger rows written like the platform's producers write them, five minutes old (past the drift grace). */
async function insertLedgerRows(
  db: pg.Client,
  table: string,
  queue: string,
  rows: Array<{ id: string; status: LedgerStatus }>
): Promise<void> {
  await db.query(
    `INSERT INTO ${table} (id, queue, name, priority, status, payload, opts, request_id, created_at, updated_at,
                           started_at)
     SELECT r.id, $1, 'export-report', 0, r.status, jsonb_build_object('report', 'drift-check'),
            '{"attempts": 3}'::jsonb, 'req-' || r.id, now() - interval '5 minutes', now() - interval '5 minutes',
            CASE WHEN r.status = 'active' THEN now() - interval '4 minutes' END
     FROM jsonb_to_recordset($2::jsonb) AS r(id text, status text)`,
    [queue, JSON.stringify(rows)]
  );
}

async function ledgerRow(db: pg.Client, table: string, queue: string, id: string) {
  const { rows } = await db.query<{ status: string; updated_at: Date }>(
    `SELECT status, updated_at FROM ${table} WHERE queue = $1 AND id = $2`,
    [queue, id]
  );
  return rows[0];
}

test('an operator recovers drift from the Queues page: never-started rows only, started rows left alone', async ({
  page,
  pageErrors,
  harness,
  bull,
  service,
  workload,
}) => {
  test.setTimeout(90_000);
  const suffix = randomBytes(3).toString('hex');
  // A queue of its own, with no worker, so the recovered job stays where the test can see it.
  const queueName = `drift-recovery-${suffix}`;
  const neverStarted = `drift-${suffix}-never-started`;
  const started = `drift-${suffix}-started`;
  const queue = bull.queue(queueName);
  const db = new pg.Client({ connectionString: DATABASE_URL });
  await db.connect();
  try {
    // The queue exists in Redis (its id counter) but holds no job.
    await (await queue.add('probe', {})).remove();
    const insertedAt = Date.now();
    await insertLedgerRows(db, workload.ledgerTable, queueName, [
      { id: neverStarted, status: 'queued' },
      { id: started, status: 'active' },
    ]);
    // Asking for the queue by name makes the service rediscover queues (it caches discovery for 30 s).
    await service.queue(queueName);
    const own = await service.get<DriftReport>(`/api/drift?queue=${encodeURIComponent(queueName)}`);
    const count = (report: DriftReport, kind: string) => report.kinds.find((k) => k.kind === kind)?.count ?? 0;
    expect(count(own, 'ledger_without_job'), 'the never-started row is drift').toBe(1);
    expect(count(own, 'started_without_job'), 'the started row is drift').toBe(1);
    // The banner reads the report of every queue, cached by the service for 15 s: wait for one made after the rows.
    await expect
      .poll(
        async () => {
          const report = await service.get<DriftReport>('/api/drift');
          return Date.parse(report.checkedAt) > insertedAt && count(report, 'started_without_job') > 0;
        },
        { message: 'the drift report of every queue includes the new rows', timeout: 30_000, intervals: [1_000] }
      )
      .toBe(true);

    await harness.signIn('ops-drift', 'Editor');
    const sent: unknown[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.endsWith('/operator/drift/recover')) {
        sent.push(request.postDataJSON());
      }
    });
    await page.goto(QUEUES_PATH);
    await expect(page.getByTestId(testIds.queues.driftKind('started_without_job'))).toBeVisible();
    await page.getByTestId(testIds.queues.driftRecover).click();

    const body = page.getByTestId(testIds.actions.confirmBody);
    const confirm = page.getByTestId(testIds.actions.confirmButton);
    const choice = page.getByTestId(testIds.actions.confirmChoice);
    await expect(body).toContainText('that never started');
    await expect(body).toContainText('last seen active');
    await expect(confirm).toHaveText(/^Re-enqueue \d+ rows? that never started$/);
    await expect(choice).not.toBeChecked();
    await expect(page.getByTestId(testIds.actions.confirmWarning)).toHaveCount(0);

    // The started rows are a separate, explicit choice with a warning; looked at, then left off.
    await choice.check({ force: true });
    await expect(page.getByTestId(testIds.actions.confirmWarning)).toContainText('an email may be sent twice');
    await expect(confirm).toContainText('that may have run');
    await saveScreenshot(page, 'drift-recover-include-started.png', { fullPage: false });
    await choice.uncheck({ force: true });
    await expect(page.getByTestId(testIds.actions.confirmWarning)).toHaveCount(0);
    await expect(confirm).toHaveText(/that never started$/);
    await saveScreenshot(page, 'drift-recover.png', { fullPage: false });
    expect(sent, 'nothing is sent before Confirm').toEqual([]);

    await confirm.click();
    const outcome = page.getByTestId(testIds.actions.outcome);
    await expect(outcome).toHaveAttribute('data-ok', 'true');
    await expect(outcome).toContainText('Re-enqueued');
    await expect(outcome).toContainText(/last seen active needs? a decision/);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ includeStarted: false });
    await saveScreenshot(page, 'drift-recovered.png', { fullPage: false });

    // Redis: the never-started row has its job again, under its own id; the started row still has none.
    const job = await queue.getJob(neverStarted);
    expect(job, 'the recovered job exists in BullMQ').toBeDefined();
    expect(await queue.getJobState(neverStarted)).toBe('waiting');
    expect(job!.data).toMatchObject({ requestId: `req-${neverStarted}`, payload: { report: 'drift-check' } });
    expect(job!.opts.attempts).toBe(3);
    expect(await queue.getJob(started), 'the started row was not re-enqueued').toBeUndefined();
    // The ledger: the recovered row is queued again, the started one untouched.
    const recoveredRow = await ledgerRow(db, workload.ledgerTable, queueName, neverStarted);
    expect(recoveredRow?.status).toBe('queued');
    expect(recoveredRow!.updated_at.getTime()).toBeGreaterThan(insertedAt);
    const startedRow = await ledgerRow(db, workload.ledgerTable, queueName, started);
    expect(startedRow?.status).toBe('active');
    expect(startedRow!.updated_at.getTime()).toBeLessThan(insertedAt);

    // Audited with the operator's login and the mode.
    const events = (await service.audit()).filter(
      (event) => event.action === 'drift.recover' && Date.parse(event.at) >= insertedAt
    );
    expect(events.map((event) => [event.actor, event.outcome, event.params.includeStarted])).toEqual([
      ['ops-drift', 'ok', false],
    ]);
    expect(events[0].finishedAt, 'the recovery finished').not.toBeNull();
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await db.query(`DELETE FROM ${workload.ledgerTable} WHERE queue = $1`, [queueName]);
    await db.end();
  }
  expect(pageErrors).toEqual([]);
});
