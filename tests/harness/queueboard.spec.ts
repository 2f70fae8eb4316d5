/**
 * The nested queue board panel (dist/panels/queueboard/module.js) rendered by the harness like a dashboard
 * panel on a wall screen: a `queues` query through the data source's own query(), PanelProps with the option
 * builder's defaults, 1920x1080. Tiles are checked against the frame the panel received and against BullMQ.
 * Then boards of 5, 20 and 60 queues holding the widest numbers (boardQueues.ts) at 1920x1080 and 1280x720: no
 * text of any tile may be cut.
 */
import type { Page } from '@playwright/test';

import { boardFit, boardPart } from './boardFit';
import { startBoardStack, type BoardStack } from './boardQueues';
import {
  DEMO_QUEUES,
  expect,
  FAILED_QUEUE,
  PAUSABLE_QUEUE,
  PAUSABLE_WAITING,
  saveScreenshot,
  test,
  testIds,
} from './queueTest';

const PANEL_ID = 'penguinmails-queueboard-panel';
const ALL_QUEUES = [...DEMO_QUEUES.map((q) => q.name), PAUSABLE_QUEUE, FAILED_QUEUE];

/**
 * A count as the tiles show it (Grafana's 'short' unit), formatted by the page's own @grafana/data: that
 * package only loads in a browser.
 */
function shortCount(page: Page, value: number): Promise<string> {
  return page.evaluate(async (v) => {
    type GrafanaData = typeof import('@grafana/data');
    const system = (window as unknown as { System: { import(id: string): Promise<GrafanaData> } }).System;
    const data = await system.import('package:@grafana/data');
    return data.formattedValueToString(data.getValueFormat('short')(v));
  }, value);
}

function panelPath(params: Record<string, string> = {}): string {
  const search = new URLSearchParams({ query: JSON.stringify({ queryType: 'queues' }), ...params });
  return `/harness/panel/${PANEL_ID}?${search}`;
}

interface FrameJson {
  schema: { name?: string; fields: Array<{ name: string }> };
  data: { values: unknown[][] };
}

/** Depth per queue of every `queues` frame the page received from /api/query through the data proxy. */
function recordQueueFrames(page: Page): Array<Map<string, number>> {
  const depths: Array<Map<string, number>> = [];
  page.on('response', async (response) => {
    if (!/\/api\/datasources\/proxy\/uid\/[^/]+\/api\/query$/.test(new URL(response.url()).pathname)) {
      return;
    }
    const body = (await response.json().catch(() => undefined)) as
      { results: Record<string, { frames?: FrameJson[] }> } | undefined;
    for (const result of Object.values(body?.results ?? {})) {
      for (const frame of result.frames ?? []) {
        const names = frame.schema.fields.map((field) => field.name);
        const queue = frame.data.values[names.indexOf('queue')] as string[] | undefined;
        const depth = frame.data.values[names.indexOf('depth')] as number[] | undefined;
        if (frame.schema.name === 'queues' && queue && depth) {
          depths.push(new Map(queue.map((name, i) => [name, depth[i]])));
        }
      }
    }
  });
  return depths;
}

test.use({ viewport: { width: 1920, height: 1080 } });

test('the queue board panel shows a tile per queue with live counts on a wall screen', async ({
  page,
  pageErrors,
  bull,
  service,
}) => {
  const frames = recordQueueFrames(page);
  await page.goto(panelPath({ title: 'PenguinMails queues', refresh: '2s' }));

  const panel = page.getByTestId('harness-panel');
  await expect(panel).toHaveAttribute('data-state', 'Done');
  const board = page.getByTestId(testIds.queueBoard.container);
  await expect(board).toBeVisible();
  for (const name of ALL_QUEUES) {
    await expect(page.getByTestId(testIds.queueBoard.tile(name))).toBeVisible();
  }
  expect(frames.length, 'the panel ran its query through the data proxy').toBeGreaterThan(0);

  // The tiles show the latest frame the panel received (exactly), and that frame agrees with the service
  // asked directly within a tolerance (the demo keeps moving; polled, the board refreshes every 2 s).
  await expect
    .poll(
      async () => {
        const frame = frames[frames.length - 1];
        const direct = await service.queues();
        const problems: string[] = [];
        for (const { name } of DEMO_QUEUES) {
          const tile = await page.getByTestId(testIds.queueBoard.metric(name, 'depth')).textContent();
          const expected = await shortCount(page, frame.get(name)!);
          const live = direct.find((q) => q.name === name)!.depth;
          if (tile !== expected) {
            problems.push(`${name}: tile "${tile}", frame ${frame.get(name)} ("${expected}")`);
          }
          if (Math.abs(frame.get(name)! - live) > Math.max(20, 0.2 * live)) {
            problems.push(`${name}: frame depth ${frame.get(name)}, service ${live}`);
          }
        }
        return problems;
      },
      { message: 'tiles show the frame, the frame agrees with the service', timeout: 15_000 }
    )
    .toEqual([]);
  // The fixture queues do not move: exact against BullMQ.
  const waiting = await bull.queue(PAUSABLE_QUEUE).getWaitingCount();
  expect(waiting).toBe(PAUSABLE_WAITING);
  await expect(page.getByTestId(testIds.queueBoard.metric(PAUSABLE_QUEUE, 'depth'))).toHaveText(
    await shortCount(page, waiting)
  );
  await expect(page.getByTestId(testIds.queueBoard.metric(FAILED_QUEUE, 'depth'))).toHaveText('0');

  // Tier order by default (the option builder's default sortBy), high first.
  const tileOrder = await board
    .locator('[data-testid^="data-testid queueboard-tile-"]')
    .evaluateAll((tiles) => tiles.map((tile) => tile.getAttribute('data-testid')));
  expect(tileOrder[0]).toBe(testIds.queueBoard.tile('email-sending'));

  // Wall screen: the board fills the panel and its numbers are large.
  const width = Number(await panel.getAttribute('data-width'));
  const height = Number(await panel.getAttribute('data-height'));
  expect(width).toBeGreaterThan(1850);
  expect(height).toBeGreaterThan(1000);
  const box = (await board.boundingBox())!;
  expect(box.width).toBeGreaterThan(width - 60);
  expect(box.height).toBeGreaterThan(height - 120);
  const fontSize = await page
    .getByTestId(testIds.queueBoard.metric('email-sending', 'depth'))
    .evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
  expect(fontSize, 'depth font size (px)').toBeGreaterThanOrEqual(32);

  await saveScreenshot(page, 'queueboard.png', { fullPage: false });
  expect(pageErrors).toEqual([]);
});

test('the queue board refreshes: a queue paused in Redis shows its badge without a reload', async ({
  page,
  pageErrors,
  bull,
}) => {
  await page.goto(panelPath({ refresh: '2s' }));
  const tile = page.getByTestId(testIds.queueBoard.tile(PAUSABLE_QUEUE));
  await expect(tile).toBeVisible();
  await expect(page.getByTestId(testIds.queueBoard.paused(PAUSABLE_QUEUE))).toHaveCount(0);
  const queries = Number(await page.getByTestId('harness-panel').getAttribute('data-queries'));

  const queue = bull.queue(PAUSABLE_QUEUE);
  await queue.pause();
  try {
    // Service cache (<= 2 s) + the panel's refresh (2 s).
    await expect(page.getByTestId(testIds.queueBoard.paused(PAUSABLE_QUEUE))).toBeVisible({ timeout: 8_000 });
  } finally {
    await queue.resume();
  }
  expect(Number(await page.getByTestId('harness-panel').getAttribute('data-queries'))).toBeGreaterThan(queries);
  await expect(page.getByTestId(testIds.queueBoard.paused(PAUSABLE_QUEUE))).toHaveCount(0, { timeout: 8_000 });
  expect(pageErrors).toEqual([]);
});

/** Every value, label and details line of every tile (boardFit.ts), and the fonts they got. */
function fitReport(page: Page) {
  const part = (kind: string) => boardPart('queueboard', kind);
  return boardFit(page, {
    name: 'queueboard',
    texts: ['metric', 'label', 'details'],
    fonts: {
      value: part('metric'),
      unit: `${part('metric')} span`,
      label: part('label'),
      title: part('name'),
      details: part('details'),
    },
  });
}

test.describe('the queue board fits every number to its tile', () => {
  let board: BoardStack;

  test.beforeAll(async ({}, testInfo) => {
    testInfo.setTimeout(120_000);
    board = await startBoardStack({
      api: process.env.SYSMON_E2E_API_TOKEN!,
      operator: process.env.SYSMON_E2E_OPERATOR_TOKEN!,
    });
  });

  test.afterAll(async () => {
    await board?.stop();
  });

  const screens = [
    { width: 1920, height: 1080 },
    { width: 1280, height: 720 },
  ];
  // The board service's queues by tier: 5 high, 20 normal, and all 60.
  const boards = [
    { count: 5, tier: 'high' },
    { count: 20, tier: 'normal' },
    { count: 60, tier: undefined },
  ];
  for (const screen of screens) {
    for (const { count, tier } of boards) {
      test(`${count} queues at ${screen.width}x${screen.height}: no value, label or line is cut`, async ({
        page,
        pageErrors,
        harness,
      }) => {
        await harness.setServiceUrl(board.url);
        await board.refreshRates();
        await page.setViewportSize(screen);
        await page.goto(panelPath({ query: JSON.stringify({ queryType: 'queues', ...(tier ? { tier } : {}) }) }));
        await expect(page.getByTestId('harness-panel')).toHaveAttribute('data-state', 'Done');
        const container = page.getByTestId(testIds.queueBoard.container);
        await expect(container.locator('[data-testid^="data-testid queueboard-tile-"]')).toHaveCount(count);
        // The widest numbers a tile shows are on the board.
        for (const text of ['1.23 K', '1.50K jobs/min', '409 jobs/min', 'mins', 'hours', '0.244%']) {
          await expect(container, `the board shows "${text}"`).toContainText(text);
        }

        const report = await fitReport(page);
        console.log(`queue board ${count} queues at ${screen.width}x${screen.height}: ${JSON.stringify(report)}`);
        await saveScreenshot(page, `queueboard-${screen.width}x${screen.height}-${count}.png`, { fullPage: false });
        expect(report.tiles).toBe(count);
        expect(report.problems).toEqual([]);
        // Readable from a distance on a wall screen, and the unit smaller than its number as in the stat panel.
        expect(report.fonts.value).toBeGreaterThanOrEqual(12);
        expect(report.fonts.unit ?? 0).toBeLessThan(report.fonts.value ?? 0);
        expect(pageErrors).toEqual([]);
      });
    }
  }
});
