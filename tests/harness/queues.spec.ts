/**
 * The Queues page against the real service and real BullMQ queues (the demo platform and the fixture queues
 * of queueWorkload.ts under the run's random prefix): live counts grouped by tier, refresh, pause/resume from
 * the UI checked in Redis through BullMQ, the audit log, and a Viewer who can neither see nor use the actions.
 */
import type { Page } from '@playwright/test';

import type { QueueSnapshot, QueuesResponse } from '@penguinmails/sysmon-contract';
import { DATASOURCE_UID } from './fixtures';
import {
  DEMO_QUEUES,
  expect,
  FAILED_QUEUE,
  PAUSABLE_QUEUE,
  PAUSABLE_WAITING,
  queueDetailPath,
  QUEUES_PATH,
  saveScreenshot,
  test,
  testIds,
} from './queueTest';

const ROW_FIELDS = ['depth', 'waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;
type RowField = (typeof ROW_FIELDS)[number];
type RowValues = Record<RowField, number>;

const ALL_QUEUES = [
  ...DEMO_QUEUES,
  { name: PAUSABLE_QUEUE, tier: 'low' },
  { name: FAILED_QUEUE, tier: 'normal' },
] as const;

/** The values of one snapshot, as the row should show them. */
function snapshotValues(queue: QueueSnapshot): RowValues {
  return {
    depth: queue.depth,
    waiting: queue.counts.waiting,
    prioritized: queue.counts.prioritized,
    active: queue.counts.active,
    delayed: queue.counts.delayed,
    failed: queue.counts.failed,
  };
}

/** The numbers (data-value) a queue's row shows, read in one go so they all come from the same render. */
async function rowValues(page: Page, queue: string): Promise<RowValues> {
  const ids = Object.fromEntries(ROW_FIELDS.map((field) => [field, testIds.queues.count(queue, field)]));
  return page.evaluate((cells) => {
    const values: Record<string, number> = {};
    for (const [field, id] of Object.entries(cells)) {
      const value = document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-value');
      values[field] = value === null || value === undefined || value === '' ? NaN : Number(value);
    }
    return values;
  }, ids) as Promise<RowValues>;
}

/** Every /api/queues answer the page receives through the data proxy. */
function recordQueueAnswers(page: Page): QueuesResponse[] {
  const answers: QueuesResponse[] = [];
  page.on('response', async (response) => {
    const { pathname } = new URL(response.url());
    if (response.ok() && /\/api\/datasources\/proxy\/uid\/[^/]+\/api\/queues$/.test(pathname)) {
      answers.push(await response.json().catch(() => undefined));
    }
  });
  return answers;
}

test('the Queues page shows live counts of the demo queues, grouped by tier', async ({
  page,
  pageErrors,
  service,
  bull,
}) => {
  const answers = recordQueueAnswers(page);
  await page.goto(QUEUES_PATH);

  // Every queue in its tier's section; sections in tier order.
  for (const { name, tier } of ALL_QUEUES) {
    await expect(page.getByTestId(testIds.queues.tier(tier)).getByTestId(testIds.queues.row(name))).toBeVisible();
  }
  const tierOrder = await page
    .locator('section[data-testid^="data-testid queues-tier-"]')
    .evaluateAll((sections) => sections.map((section) => section.getAttribute('data-testid')));
  expect(tierOrder).toEqual(['high', 'normal', 'low'].map((tier) => testIds.queues.tier(tier)));

  // Each demo row shows exactly the numbers of an answer the page received (all fields from the same one).
  for (const { name } of DEMO_QUEUES) {
    await expect
      .poll(async () => {
        const shown = await rowValues(page, name);
        return answers.some((answer) => {
          const queue = answer?.queues.find((q) => q.name === name);
          return queue !== undefined && ROW_FIELDS.every((field) => snapshotValues(queue)[field] === shown[field]);
        });
      }, `${name}: the row shows the numbers of a /api/queues answer`)
      .toBe(true);
  }

  // Live traffic: the demo has moved jobs through email-sending (finished jobs exist in Redis).
  const email = bull.queue('email-sending');
  const emailCounts = await email.getJobCounts('completed', 'failed');
  expect(emailCounts.completed + emailCounts.failed, 'email-sending has processed jobs').toBeGreaterThan(0);

  // Cross-check against the service directly: the demo keeps moving (and launches campaign bursts), so within a
  // tolerance, and polled: right after a page refresh both are at most the service cache (2 s) apart.
  await expect
    .poll(
      async () => {
        const shown = await rowValues(page, 'email-sending');
        const direct = snapshotValues((await service.queues()).find((q) => q.name === 'email-sending')!);
        return ROW_FIELDS.filter(
          (field) => Math.abs(shown[field] - direct[field]) > Math.max(20, 0.2 * direct[field])
        ).map((field) => `${field}: page ${shown[field]}, service ${direct[field]}`);
      },
      { message: 'email-sending: page and service agree', timeout: 15_000 }
    )
    .toEqual([]);
  // Failed jobs are kept (removeOnFail 5000): the page can only be behind BullMQ, never ahead.
  const shownFailed = (await rowValues(page, 'email-sending')).failed;
  const bullFailed = await email.getFailedCount();
  expect(shownFailed).toBeLessThanOrEqual(bullFailed);
  expect(bullFailed - shownFailed).toBeLessThanOrEqual(20);

  // The fixture queues do not move: exact against BullMQ.
  const pausable = await bull.queue(PAUSABLE_QUEUE).getJobCounts('wait', 'prioritized', 'active', 'delayed', 'failed');
  await expect
    .poll(() => rowValues(page, PAUSABLE_QUEUE))
    .toEqual({
      depth: pausable.wait + pausable.prioritized + pausable.delayed,
      waiting: pausable.wait,
      prioritized: pausable.prioritized,
      active: pausable.active,
      delayed: pausable.delayed,
      failed: pausable.failed,
    });
  expect(pausable.wait).toBe(PAUSABLE_WAITING);
  const billing = await bull.queue(FAILED_QUEUE).getJobCounts('wait', 'failed');
  expect((await rowValues(page, FAILED_QUEUE)).failed).toBe(billing.failed);
  await expect(page.getByTestId(testIds.queues.count(FAILED_QUEUE, 'workers'))).toHaveAttribute('data-value', '0');

  // The queue name links to its detail page.
  await expect(page.getByTestId(testIds.queues.link(FAILED_QUEUE))).toHaveAttribute(
    'href',
    queueDetailPath(FAILED_QUEUE)
  );

  await saveScreenshot(page, 'queues.png');
  expect(pageErrors).toEqual([]);
});

test('the Queues page refreshes by itself', async ({ page, pageErrors, bull }) => {
  const answers = recordQueueAnswers(page);
  await page.goto(QUEUES_PATH);
  const updated = page.getByTestId(testIds.queues.lastUpdated);
  await expect(updated).toBeVisible();
  const first = Date.parse((await updated.getAttribute('datetime')) ?? '');
  expect(first).not.toBeNaN();

  // A new snapshot within one poll interval (5 s) plus the service's cache (<= 2 s).
  await expect
    .poll(async () => Date.parse((await updated.getAttribute('datetime')) ?? ''), { timeout: 8_000 })
    .toBeGreaterThan(first);
  expect(answers.length).toBeGreaterThanOrEqual(2);

  // A job added in Redis shows up without a reload, and so does its removal.
  const queue = bull.queue(PAUSABLE_QUEUE);
  const waitingCell = page.getByTestId(testIds.queues.count(PAUSABLE_QUEUE, 'waiting'));
  const before = await queue.getWaitingCount();
  await expect(waitingCell).toHaveAttribute('data-value', String(before));
  const job = await queue.add('export-report', { requestId: 'req-refresh-check', payload: {} });
  try {
    await expect(waitingCell).toHaveAttribute('data-value', String(before + 1), { timeout: 8_000 });
  } finally {
    await job.remove();
  }
  await expect(waitingCell).toHaveAttribute('data-value', String(before), { timeout: 8_000 });
  expect(pageErrors).toEqual([]);
});

test('the Queues page stops polling while the tab is hidden and catches up when it is shown', async ({
  page,
  pageErrors,
}) => {
  // Requests, not answers: one sent just before hiding must not count as sent while hidden.
  let requests = 0;
  page.on('request', (request) => {
    if (/\/api\/datasources\/proxy\/uid\/[^/]+\/api\/queues$/.test(new URL(request.url()).pathname)) {
      requests++;
    }
  });
  await page.goto(QUEUES_PATH);
  await expect(page.getByTestId(testIds.queues.lastUpdated)).toBeVisible();
  // Chromium has no API to hide a tab of a headless page: the page-visibility state is overridden instead.
  const setHidden = (hidden: boolean) =>
    page.evaluate((value) => {
      Object.defineProperty(document, 'visibilityState', {
        configurable: true,
        get: () => (value ? 'hidden' : 'visible'),
      });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => value });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);

  await setHidden(true);
  await expect(page.getByTestId(testIds.queues.pollingPaused)).toBeVisible();
  const whileHidden = requests;
  await page.waitForTimeout(7_000); // longer than one poll interval (5 s): asserting that nothing happens
  expect(requests, 'no /api/queues request while hidden').toBe(whileHidden);

  await setHidden(false);
  await expect(page.getByTestId(testIds.queues.pollingPaused)).toHaveCount(0);
  await expect.poll(() => requests, { timeout: 3_000 }).toBeGreaterThan(whileHidden);
  expect(pageErrors).toEqual([]);
});

test('pausing a queue from the page pauses it in Redis; resuming resumes it; both are audited', async ({
  page,
  pageErrors,
  harness,
  bull,
  service,
}) => {
  await harness.signIn('ops-alice', 'Editor');
  const queue = bull.queue(PAUSABLE_QUEUE);
  expect(await queue.isPaused()).toBe(false);
  const startedAt = Date.now();

  await page.goto(QUEUES_PATH);
  const row = page.getByTestId(testIds.queues.row(PAUSABLE_QUEUE));
  await expect(row).toHaveAttribute('data-paused', 'false');
  try {
    await page.getByTestId(testIds.queues.pause(PAUSABLE_QUEUE)).click();
    await expect(page.getByTestId(testIds.actions.confirmBody)).toContainText(PAUSABLE_QUEUE);
    // Nothing happens before the confirmation.
    expect(await queue.isPaused()).toBe(false);
    await page.getByTestId(testIds.actions.confirmButton).click();

    await expect(page.getByTestId(testIds.actions.outcome)).toHaveAttribute('data-ok', 'true');
    await expect.poll(() => queue.isPaused(), 'BullMQ Queue.isPaused()').toBe(true);
    await expect(row).toHaveAttribute('data-paused', 'true');
    await expect(page.getByTestId(testIds.queues.pausedBadge(PAUSABLE_QUEUE))).toBeVisible();
    // A pause keeps the jobs (BullMQ 6 leaves them in wait).
    expect(await queue.getWaitingCount()).toBe(PAUSABLE_WAITING);

    await page.getByTestId(testIds.queues.resume(PAUSABLE_QUEUE)).click();
    await expect(page.getByTestId(testIds.actions.confirmBody)).toContainText(PAUSABLE_QUEUE);
    await page.getByTestId(testIds.actions.confirmButton).click();
    await expect.poll(() => queue.isPaused(), 'BullMQ Queue.isPaused()').toBe(false);
    await expect(row).toHaveAttribute('data-paused', 'false');
    await expect(page.getByTestId(testIds.queues.pausedBadge(PAUSABLE_QUEUE))).toHaveCount(0);
  } finally {
    if (await queue.isPaused()) {
      await queue.resume();
    }
  }

  // The service recorded who did it: the harness user's login, passed by the data proxy as X-Grafana-User.
  const events = (await service.audit()).filter(
    (event) => Date.parse(event.at) >= startedAt - 1_000 && event.target.includes(PAUSABLE_QUEUE)
  );
  expect(events.map((event) => [event.action, event.actor, event.outcome]).sort()).toEqual([
    ['queue.pause', 'ops-alice', 'ok'],
    ['queue.resume', 'ops-alice', 'ok'],
  ]);
  expect(pageErrors).toEqual([]);
});

test('a Viewer sees no actions, and the operator route refuses a hand-crafted pause', async ({
  page,
  pageErrors,
  harness,
  bull,
  service,
  workload,
}) => {
  await harness.signIn('wallscreen', 'Viewer');
  const queue = bull.queue(PAUSABLE_QUEUE);
  expect(await queue.isPaused()).toBe(false);

  // The page asks the operator route whether this user may act; Grafana's proxy refuses a Viewer (reqRole Editor).
  const whoami = page.waitForResponse((response) => new URL(response.url()).pathname.endsWith('/operator/whoami'));
  await page.goto(QUEUES_PATH);
  expect((await whoami).status()).toBe(403);
  await expect(page.getByTestId(testIds.queues.row(PAUSABLE_QUEUE))).toBeVisible();
  for (const { name } of ALL_QUEUES) {
    await expect(page.getByTestId(testIds.queues.row(name))).toBeVisible();
    await expect(page.getByTestId(testIds.queues.pause(name))).toHaveCount(0);
    await expect(page.getByTestId(testIds.queues.resume(name))).toHaveCount(0);
  }
  for (const tier of ['high', 'normal', 'low']) {
    await expect(page.getByTestId(testIds.queues.tierPause(tier))).toHaveCount(0);
  }
  await expect(page.getByRole('button', { name: /pause|resume/i })).toHaveCount(0);
  await saveScreenshot(page, 'queues-viewer.png');

  // Requests the Viewer's browser crafts by hand: Grafana's proxy refuses the operator route (reqRole Editor).
  const operator = `/api/datasources/proxy/uid/${DATASOURCE_UID}/operator`;
  const statuses = await page.evaluate(
    async ({ base, name }) => {
      const post = async (path: string) =>
        (
          await fetch(`${base}/${path}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: '{}',
          })
        ).status;
      return { pause: await post(`queues/${encodeURIComponent(name)}/pause`), tier: await post('tiers/low/pause') };
    },
    { base: operator, name: PAUSABLE_QUEUE }
  );
  expect(statuses).toEqual({ pause: 403, tier: 403 });
  expect(await queue.isPaused()).toBe(false);
  expect(await bull.queue('analytics-aggregation').isPaused()).toBe(false);
  // The service never saw them: nothing in the audit log from this user.
  expect((await service.audit()).filter((event) => event.actor === 'wallscreen')).toEqual([]);

  // Queue detail: no pause, no bulk actions, no retry/remove in the job list or the job drawer.
  const [job] = workload.failedJobs;
  await page.goto(queueDetailPath(FAILED_QUEUE, { state: 'failed', job: job.id }));
  await expect(page.getByTestId(testIds.jobDrawer.state)).toHaveAttribute('data-state', 'failed');
  await expect(page.getByTestId(testIds.queueDetail.jobsTable)).toBeVisible();
  for (const id of [testIds.queueDetail.pause, testIds.queueDetail.bulkRetry, testIds.queueDetail.bulkClean]) {
    await expect(page.getByTestId(id)).toHaveCount(0);
  }
  await expect(page.locator('[data-testid^="data-testid qd-job-retry-"]')).toHaveCount(0);
  await expect(page.locator('[data-testid^="data-testid qd-job-remove-"]')).toHaveCount(0);
  await expect(page.getByTestId(testIds.jobDrawer.retry)).toHaveCount(0);
  await expect(page.getByTestId(testIds.jobDrawer.remove)).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});
