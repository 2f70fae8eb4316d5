/**
 * The Queue detail page against real BullMQ queues: job browser pagination (totals and the ids of a page as
 * BullMQ orders them), the job drawer of a failed job (the stack trace BullMQ stored, failed reason, job logs,
 * ledger row, request id with a copy button), ledger search by request_id, and a live demo queue's header.
 */
import type { Locator, Page } from '@playwright/test';

import type { JobSearchResponse } from '@penguinmails/sysmon-contract';
import { expect, FAILED_JOBS, FAILED_QUEUE, queueDetailPath, saveScreenshot, test, testIds } from './queueTest';

const PAGE_SIZE = 25;

/** Job ids of the rows the job browser shows, in order. */
function shownJobIds(page: Page): Promise<string[]> {
  return page
    .getByTestId(testIds.queueDetail.jobsTable)
    .locator('tbody tr')
    .evaluateAll(
      (rows, prefix) => rows.map((row) => (row.getAttribute('data-testid') ?? '').slice(prefix.length)),
      testIds.queueDetail.jobRow('')
    );
}

async function expectRange(range: Locator, first: number, last: number, total: number) {
  await expect(range).toHaveAttribute('data-total', String(total));
  await expect(range).toHaveText(`${first}–${last} of ${total}`);
}

test('the job browser pages through failed jobs with the right totals', async ({ page, pageErrors, bull }) => {
  const queue = bull.queue(FAILED_QUEUE);
  const total = await queue.getFailedCount();
  expect(total).toBe(FAILED_JOBS);
  const pages = Math.ceil(total / PAGE_SIZE);

  await page.goto(queueDetailPath(FAILED_QUEUE, { state: 'failed' }));
  const range = page.getByTestId(testIds.queueDetail.jobsRange);
  await expectRange(range, 1, PAGE_SIZE, total);
  await expect(page.getByTestId(testIds.queueDetail.pagination)).toHaveAttribute('data-pages', String(pages));
  await expect(page.getByTestId(testIds.queueDetail.stateTab('failed'))).toContainText(String(total));
  // The page holds what BullMQ holds at those positions (failed set, newest first).
  expect(await shownJobIds(page)).toEqual(await queue.getRanges(['failed'], 0, PAGE_SIZE - 1, false));

  // The last page, through the pager: the remainder.
  await page
    .getByTestId(testIds.queueDetail.pagination)
    .getByRole('button', { name: String(pages), exact: true })
    .click();
  await expect(page).toHaveURL(new RegExp(`[?&]page=${pages}(&|$)`));
  const firstOnLast = (pages - 1) * PAGE_SIZE;
  await expectRange(range, firstOnLast + 1, total, total);
  expect(await shownJobIds(page)).toEqual(await queue.getRanges(['failed'], firstOnLast, total - 1, false));
  expect((await shownJobIds(page)).length).toBe(total - firstOnLast);

  // Another state of the same queue: nothing waiting there.
  await page.getByTestId(testIds.queueDetail.stateTab('waiting')).click();
  await expect(page.getByTestId(testIds.queueDetail.jobsEmpty)).toBeVisible();
  expect(pageErrors).toEqual([]);
});

test("the job drawer shows a failed job's stack trace as BullMQ stored it, and its request id to copy", async ({
  page,
  pageErrors,
  bull,
  workload,
}) => {
  await page.goto(queueDetailPath(FAILED_QUEUE, { state: 'failed' }));
  await expect(page.getByTestId(testIds.queueDetail.jobsTable)).toBeVisible();

  // Open the first failed job from the list.
  const [id] = await shownJobIds(page);
  await page.getByTestId(testIds.queueDetail.jobOpen(id)).click();
  await expect(page).toHaveURL(new RegExp(`[?&]job=${id}(&|$)`));
  const drawer = page.getByTestId(testIds.jobDrawer.container);
  await expect(drawer).toHaveAttribute('data-job', id);

  const stored = await bull.queue(FAILED_QUEUE).getJob(id);
  expect(stored, `job ${id} in Redis`).toBeDefined();
  const stack = stored!.stacktrace ?? [];
  expect(stack.length).toBeGreaterThan(0);
  const firstLine = stack[0].split('\n')[0];
  expect(firstLine).toMatch(/^PaymentDeclinedError: card declined by the payment gateway \(402\)/);

  await expect(page.getByTestId(testIds.jobDrawer.state)).toHaveAttribute('data-state', 'failed');
  const trace = page.getByTestId(testIds.jobDrawer.stacktrace);
  await expect(trace).toBeVisible();
  const shownTrace = (await trace.textContent()) ?? '';
  expect(shownTrace.split('\n')[0]).toBe(firstLine);
  expect(shownTrace).toContain(stack[0]);
  expect(shownTrace).toContain('at chargeCard');
  await expect(page.getByTestId(testIds.jobDrawer.failedReason)).toContainText(stored!.failedReason);
  await expect(page.getByTestId(testIds.jobDrawer.attempts)).toHaveAttribute('data-value', '1');
  const invoice = (stored!.data as { payload: { invoice: string } }).payload.invoice;
  await expect(page.getByTestId(testIds.jobDrawer.logs)).toContainText(`charging ${invoice}`);
  await expect(page.getByTestId(testIds.jobDrawer.data)).toContainText(invoice);
  // The drawer is fixed to the viewport: a viewport screenshot, before anything scrolls it.
  await saveScreenshot(page, 'job-drawer.png', { fullPage: false });

  // The ledger row (collapsed at first).
  await drawer.getByText('Ledger row', { exact: true }).click();
  await expect(page.getByTestId(testIds.jobDrawer.ledger)).toHaveAttribute('data-present', 'true');
  await expect(page.getByTestId(testIds.jobDrawer.ledger)).toContainText('PaymentDeclinedError');

  // The request id with a copy button, linking to the Logs page searching that request.
  const requestId = workload.failedJobs.find((job) => job.id === id)?.requestId;
  expect(requestId, `request id of ${id}`).toBeTruthy();
  const request = page.getByTestId(testIds.jobDrawer.requestLink);
  await expect(request).toContainText(requestId!);
  await expect(request).toHaveAttribute('data-value', requestId!);
  await expect(request.getByRole('button', { name: 'Copy request id' })).toBeVisible();
  const logsLink = page.getByTestId(testIds.jobDrawer.requestLogs);
  await expect(logsLink).toHaveAttribute(
    'href',
    new RegExp(`/logs\\?q=request_id%3A${encodeURIComponent(requestId!)}&from=\\d+`)
  );
  expect(pageErrors).toEqual([]);
});

test('search by request_id finds the job and opens it', async ({ page, pageErrors, workload, service }) => {
  // A job from the middle of the set: not necessarily on the first page of the browser.
  const job = workload.failedJobs[Math.floor(workload.failedJobs.length / 2)];
  const query = `request_id:${job.requestId}`;

  // The service's own answer, for comparison.
  const direct = await service.get<JobSearchResponse>(
    `/api/jobs/search?q=${encodeURIComponent(query)}&queue=${encodeURIComponent(FAILED_QUEUE)}`
  );
  expect(direct.rows.map((row) => row.id)).toEqual([job.id]);

  await page.goto(queueDetailPath(FAILED_QUEUE, { state: 'failed' }));
  const input = page.getByTestId(testIds.queueDetail.searchInput);
  const submit = page.getByTestId(testIds.queueDetail.searchSubmit);

  // A request id nobody used finds nothing.
  await input.fill('request_id:req-nobody-sent-this');
  await submit.click();
  await expect(page.getByTestId(testIds.queueDetail.searchEmpty)).toBeVisible();

  await input.fill(query);
  await submit.click();

  const results = page.getByTestId(testIds.queueDetail.searchResults);
  await expect(results.locator('tbody tr')).toHaveCount(1);
  const row = page.getByTestId(testIds.queueDetail.searchRow(job.id));
  await expect(row).toContainText(job.requestId);
  await expect(row).toContainText('failed');
  await expect(row).toContainText('PaymentDeclinedError');

  await row.getByRole('button', { name: job.id }).click();
  await expect(page.getByTestId(testIds.jobDrawer.container)).toHaveAttribute('data-job', job.id);
  await expect(page.getByTestId(testIds.jobDrawer.requestLink)).toContainText(job.requestId);
  expect(pageErrors).toEqual([]);
});

test('a live demo queue: header numbers follow the service, history charts render', async ({
  page,
  pageErrors,
  service,
}) => {
  const name = 'email-sending';
  await page.goto(queueDetailPath(name, { state: 'completed' }));
  const header = page.getByTestId(testIds.queueDetail.header);
  await expect(header).toBeVisible();
  await expect(header).toContainText('high tier');

  const shown = async (field: string) =>
    Number(await page.getByTestId(testIds.queueDetail.count(field)).getAttribute('data-value'));
  // The demo keeps moving: within a tolerance, polled (right after a refresh both are <= 2 s apart).
  await expect
    .poll(
      async () => {
        const direct = await service.queue(name);
        const pairs = [
          ['depth', await shown('depth'), direct.depth],
          ['waiting', await shown('waiting'), direct.counts.waiting],
          ['prioritized', await shown('prioritized'), direct.counts.prioritized],
          ['active', await shown('active'), direct.counts.active],
          ['failed', await shown('failed'), direct.counts.failed],
        ] as const;
        return pairs
          .filter(([, page, service]) => Math.abs(page - service) > Math.max(20, 0.2 * service))
          .map(([field, page, service]) => `${field}: page ${page}, service ${service}`);
      },
      { message: `${name}: header and service agree`, timeout: 15_000 }
    )
    .toEqual([]);
  // Completed jobs are listed (the demo finishes jobs all the time).
  await expect(page.getByTestId(testIds.queueDetail.jobsTable).locator('tbody tr').first()).toBeVisible();
  for (const field of ['waiting', 'prioritized', 'active', 'throughput_per_min']) {
    await expect(page.getByTestId(testIds.queueDetail.chart(field))).toBeVisible();
  }

  await saveScreenshot(page, 'queue-detail.png');
  expect(pageErrors).toEqual([]);
});
