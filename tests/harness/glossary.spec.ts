/**
 * The Glossary page in the built plugin: every metric and query field grouped by area, nothing clipped, a search
 * that finds an entry by its name and by words of its meaning (kept in the URL), a link to the page that shows the
 * value, and on that page the same field's meaning as the column header's tooltip.
 */
import type { Page } from '@playwright/test';

import { APP_PLUGIN_ID, expect, saveScreenshot, test, testIds } from './fixtures';

const T = testIds.glossary;
const GLOSSARY_PATH = `/a/${APP_PLUGIN_ID}/glossary`;
const AREAS = ['queues', 'infrastructure', 'reputation', 'logs', 'service'];

const entries = (page: Page) => page.locator('[data-testid^="data-testid glossary-entry-"]');
const entryIds = async (page: Page) =>
  (await entries(page).evaluateAll((elements) => elements.map((element) => element.getAttribute('data-testid')!))).map(
    (id) => id.replace('data-testid glossary-entry-', '')
  );

/** Entries whose content is wider than the card (a long name, PromQL or alert expression cut off). */
const clippedEntries = (page: Page) =>
  entries(page).evaluateAll((elements) =>
    elements
      .filter(
        (element) =>
          [element, ...Array.from(element.querySelectorAll('*'))].some(
            (node) => node.scrollWidth > node.clientWidth + 1 && getComputedStyle(node).overflowX !== 'visible'
          ) || element.scrollWidth > element.clientWidth + 1
      )
      .map((element) => element.getAttribute('data-testid'))
  );

test('the glossary lists every metric and field by area, and its search finds them by name and by meaning', async ({
  page,
  pageErrors,
}) => {
  await page.goto(GLOSSARY_PATH);
  await expect(page.getByTestId(T.container)).toBeVisible();
  for (const area of AREAS) {
    await expect(page.getByTestId(T.area(area))).toBeVisible();
  }
  await expect(page.getByTestId(T.area('service')).getByRole('heading', { level: 2 })).toHaveText('The service itself');
  const count = await page.getByTestId(T.count).textContent();
  const [, metrics, fields] = /(\d+) metrics, (\d+) fields/.exec(count ?? '') ?? [];
  expect(Number(metrics)).toBeGreaterThanOrEqual(20);
  expect(Number(fields)).toBeGreaterThanOrEqual(100);
  await expect(entries(page)).toHaveCount(Number(metrics) + Number(fields));
  const depth = page.getByTestId(T.entry('metric:sysmon_queue_depth'));
  await expect(depth).toContainText('metric · gauge');
  await expect(depth).toContainText('SysmonQueueDepthHigh');
  await expect(depth).toContainText('queues → depth');
  expect(await clippedEntries(page), 'entries whose content is cut off').toEqual([]);
  await saveScreenshot(page, 'glossary.png', { fullPage: false });

  // By name: the metric and the field that carries the same number.
  const search = page.getByTestId(T.search);
  await search.fill('sysmon_queue_oldest_wait_seconds');
  await expect
    .poll(() => entryIds(page))
    .toEqual(['metric:sysmon_queue_oldest_wait_seconds', 'field:queues.oldest_wait_ms']);
  await expect(page).toHaveURL(/[?&]q=sysmon_queue_oldest_wait_seconds/);

  // By words of the meaning (its "how to read it"), in any order.
  await search.fill('stuck workers');
  await expect
    .poll(() => entryIds(page))
    .toEqual(expect.arrayContaining(['metric:sysmon_queue_oldest_wait_seconds', 'field:queues.oldest_wait_ms']));
  await search.fill('blocklist');
  await expect(page.getByTestId(T.entry('metric:sysmon_ip_listed'))).toBeVisible();
  await expect(page.getByTestId(T.area('reputation'))).toBeVisible();
  await expect(page.getByTestId(T.area('logs'))).toHaveCount(0);
  expect(await clippedEntries(page)).toEqual([]);
  await saveScreenshot(page, 'glossary-search.png');

  await search.fill('no such thing anywhere');
  await expect(page.getByTestId(T.empty)).toContainText('Nothing matches');

  // The link to where the value is shown, and there the field's meaning as the column header's tooltip.
  await search.fill('oldest_wait_ms');
  const field = page.getByTestId(T.entry('field:queues.oldest_wait_ms'));
  const meaning = (await field.locator('p').first().textContent())!;
  expect(meaning).toContain('longest-waiting job');
  await field.getByTestId(T.shownAt('field:queues.oldest_wait_ms')).click();
  await expect(page).toHaveURL(new RegExp(`/a/${APP_PLUGIN_ID}/queues$`));
  const header = page.getByTestId(testIds.queues.columnHeader('oldest_wait_ms')).first();
  await expect(header).toBeVisible({ timeout: 15_000 });
  await header.hover();
  const tooltip = page.getByRole('tooltip');
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText(meaning);
  await saveScreenshot(page, 'queues-column-tooltip.png', { fullPage: false });
  expect(pageErrors).toEqual([]);
});
