/**
 * Unknown is not zero: when the service cannot read queues it says so, and no page or panel shows zeros for them.
 *  - Redis unreachable: the second service of the global setup (REDIS_URL on a closed port) answers the queue reads
 *    with 503 `redis_unavailable` and the `queues` query with a per-refId 503.
 *  - One queue unreadable: a queue of the live service whose `wait` key is not a list (WRONGTYPE), beside the
 *    demo queues, which keep their numbers.
 */
import type { Page } from '@playwright/test';
import Redis from 'ioredis';

import { DEMO_QUEUES, expect, queueDetailPath, QUEUES_PATH, saveScreenshot, test, testIds } from './queueTest';
import { REDIS_URL } from './stack';

const PANEL_ID = 'penguinmails-queueboard-panel';
const BOARD_PATH = `/harness/panel/${PANEL_ID}?${new URLSearchParams({
  query: JSON.stringify({ queryType: 'queues' }),
  title: 'PenguinMails queues',
})}`;
const REDIS_DOWN = /Redis is unreachable \(.+\); queue data is unknown/;

/** Every element that shows a queue's number on the Queues page, the Queue page and the board. */
const NUMBER_CELLS =
  '[data-testid^="data-testid queues-count-"], [data-testid^="data-testid qd-count-"], ' +
  '[data-testid^="data-testid queueboard-metric-"]';

/** The texts of the elements that would show queue numbers, for the assertion message. */
const numbersShown = (page: Page) =>
  page.locator(NUMBER_CELLS).evaluateAll((cells) => cells.map((cell) => cell.textContent ?? ''));

test.describe('against an unreachable Redis', () => {
  test.beforeEach(async ({ harness, stack }) => {
    await harness.reset({ serviceUrl: stack.degradedServiceUrl });
  });

  test('the Queues page and a Queue page say queue data is unknown and show no number', async ({
    page,
    pageErrors,
    stack,
  }) => {
    // The service itself: 503 naming Redis, never an empty list.
    const direct = await fetch(`${stack.degradedServiceUrl}/api/queues`, {
      headers: { Authorization: `Bearer ${stack.apiToken}` },
    });
    expect(direct.status).toBe(503);
    const body = (await direct.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('redis_unavailable');

    await page.goto(QUEUES_PATH);
    const error = page.getByTestId(testIds.queues.error);
    await expect(error).toContainText('Could not load queues');
    await expect(error).toContainText('HTTP 503');
    await expect(error).toContainText(REDIS_DOWN);
    await expect(page.locator('section[data-testid^="data-testid queues-tier-"]')).toHaveCount(0);
    await expect(page.getByTestId(testIds.queues.empty), 'not "no queues found"').toHaveCount(0);
    expect(await numbersShown(page), 'no queue number on the Queues page').toEqual([]);
    await expect(page.getByTestId(testIds.queues.container)).not.toContainText(/\b0 (jobs|queues?)\b/);
    await saveScreenshot(page, 'queues-redis-down.png');

    await page.goto(queueDetailPath(DEMO_QUEUES[0].name));
    const detailError = page.getByTestId(testIds.queueDetail.error);
    await expect(detailError).toContainText(`Could not load queue ${DEMO_QUEUES[0].name}`);
    await expect(detailError).toContainText(REDIS_DOWN);
    await expect(page.getByTestId(testIds.queueDetail.jobsError)).toContainText(REDIS_DOWN);
    await expect(page.getByTestId(testIds.queueDetail.header)).toHaveCount(0);
    expect(await numbersShown(page), 'no queue number on the Queue page').toEqual([]);
    await saveScreenshot(page, 'queue-detail-redis-down.png');
    expect(pageErrors).toEqual([]);
  });

  test('the queue board shows "No data" and the reason instead of a board', async ({ page, pageErrors }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(BOARD_PATH);
    await expect(page.getByTestId('harness-panel')).toHaveAttribute('data-state', 'Error');
    const failed = page.getByTestId(testIds.queueBoard.failed);
    await expect(failed).toBeVisible();
    await expect(failed).toContainText('No data — ');
    await expect(failed).toContainText(REDIS_DOWN);
    await expect(page.getByTestId(testIds.queueBoard.container)).toHaveCount(0);
    await expect(page.getByTestId(testIds.queueBoard.empty)).toHaveCount(0);
    expect(await numbersShown(page), 'no tile, no number').toEqual([]);
    await saveScreenshot(page, 'queueboard-redis-down.png', { fullPage: false });
    expect(pageErrors).toEqual([]);
  });
});

test('a queue the service cannot read shows "no data" and why; the other queues keep their numbers', async ({
  page,
  pageErrors,
  stack,
  workload,
}) => {
  const name = 'unreadable-e2e';
  const keys = [`${workload.prefix}:${name}:meta`, `${workload.prefix}:${name}:wait`];
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  try {
    // A queue (its meta hash) whose wait list is a string: every read of it fails with WRONGTYPE.
    await redis.hset(keys[0], 'version', 'bullmq:6.0.0');
    await redis.set(keys[1], 'not a list');
    // Asking for it by name makes the service rediscover queues (discovery is cached for 30 s).
    const snapshot = await fetch(`${stack.serviceUrl}/api/queues/${name}`, {
      headers: { Authorization: `Bearer ${stack.apiToken}` },
    });
    expect(((await snapshot.json()) as { error?: string }).error).toMatch(/WRONGTYPE/);

    await page.goto(QUEUES_PATH);
    const row = page.getByTestId(testIds.queues.row(name));
    await expect(row.getByTestId(testIds.queues.noData(name))).toContainText(/^no data — .*WRONGTYPE/);
    await expect(row.locator('[data-testid^="data-testid queues-count-"]')).toHaveCount(0);
    await expect(row).not.toContainText(/\b0\b/);
    await expect(page.getByTestId(testIds.queues.tierSummary('normal'))).toContainText('(1 queue: no data)');
    await expect(page.getByTestId(testIds.queues.count('email-sending', 'depth'))).toHaveAttribute(
      'data-value',
      /^\d+$/
    );
    await saveScreenshot(page, 'queues-unreadable-queue.png');

    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(BOARD_PATH);
    await expect(page.getByTestId('harness-panel')).toHaveAttribute('data-state', 'Done');
    const tile = page.getByTestId(testIds.queueBoard.tile(name));
    await expect(tile.getByTestId(testIds.queueBoard.noData(name))).toContainText('no data');
    await expect(tile.getByTestId(testIds.queueBoard.noData(name))).toContainText('WRONGTYPE');
    await expect(tile.locator('[data-testid^="data-testid queueboard-metric-"]')).toHaveCount(0);
    await expect(tile).not.toContainText(/\b0\b/);
    for (const { name: demo } of DEMO_QUEUES) {
      await expect(page.getByTestId(testIds.queueBoard.metric(demo, 'depth'))).toHaveText(/\d/);
    }
    await saveScreenshot(page, 'queueboard-unreadable-queue.png', { fullPage: false });
  } finally {
    await redis.del(...keys);
    redis.disconnect();
  }
  expect(pageErrors).toEqual([]);
});
