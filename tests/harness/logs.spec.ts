/**
 * The Logs page against the real service and the demo platform shipping its log lines (global setup): one
 * request's lines across services found by request_id, a failure's stack trace, context, filtering by a clicked
 * service value, live tail of a line posted to the ingest endpoint during the test, and the NDJSON download.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { Page } from '@playwright/test';

import type { QueryRequest } from '@penguinmails/sysmon-contract';
import { APP_PLUGIN_ID, expect, saveScreenshot, test, testIds, type Stack } from './fixtures';

const LOGS_PATH = `/a/${APP_PLUGIN_ID}/logs`;

interface ServiceLine {
  id: string;
  ts: number;
  level: string;
  body: string;
  labels: Record<string, string>;
}

/** POST /api/query straight to the service (the ground truth the page is checked against). */
async function queryLogs(stack: Stack, search: string, limit = 1000): Promise<ServiceLine[]> {
  const now = Date.now();
  const body: QueryRequest = {
    queries: [{ refId: 'A', queryType: 'logs', search, limit }],
    range: { from: new Date(now - 3600_000).toISOString(), to: new Date(now + 60_000).toISOString() },
  };
  const response = await fetch(`${stack.serviceUrl}/api/query`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${stack.apiToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  expect(response.status, `POST /api/query ${search}`).toBe(200);
  const result = (await response.json()).results.A;
  expect(result.error, `logs query error for ${search}`).toBeUndefined();
  const frame = result.frames[0];
  const names: string[] = frame.schema.fields.map((field: { name: string }) => field.name);
  const column = (name: string) => frame.data.values[names.indexOf(name)] as unknown[];
  return column('id').map((id, row) => ({
    id: String(id),
    ts: Number(column('timestamp')[row]),
    level: String(column('severity')[row]),
    body: String(column('body')[row]),
    labels: column('labels')[row] as Record<string, string>,
  }));
}

/**
 * A request the demo logged from more than one service, with a failure carrying a stack trace (the demo's SMTP
 * 421s, timeouts and bounces): waits for one, since the demo fails a few jobs a minute.
 */
async function findFailedDemoRequest(
  stack: Stack
): Promise<{ requestId: string; lines: ServiceLine[]; failure: ServiceLine }> {
  let found: { requestId: string; lines: ServiceLine[]; failure: ServiceLine } | undefined;
  await expect
    .poll(
      async () => {
        const failures = (await queryLogs(stack, 'level:>=warn', 200)).filter(
          (line) => line.labels.stack && line.labels.request_id
        );
        for (const failure of failures) {
          const lines = await queryLogs(stack, `request_id:${failure.labels.request_id}`);
          if (new Set(lines.map((line) => line.labels.service)).size >= 2) {
            found = { requestId: failure.labels.request_id, lines, failure };
            return true;
          }
        }
        return false;
      },
      { message: 'a demo request with a failure and lines from two services', timeout: 90_000, intervals: [2_000] }
    )
    .toBe(true);
  return found!;
}

/** The rows the list has in the DOM: id and service. */
function shownRows(page: Page): Promise<Array<{ id: string; service: string; level: string }>> {
  return page
    .getByTestId(testIds.logs.list)
    .locator('[data-id]')
    .evaluateAll((rows) =>
      rows.map((row) => ({
        id: row.getAttribute('data-id') ?? '',
        service: row.getAttribute('data-service') ?? '',
        level: row.getAttribute('data-level') ?? '',
      }))
    );
}

test("a request id finds that request's lines across services; its failure's stack trace and context", async ({
  page,
  pageErrors,
  stack,
}) => {
  test.setTimeout(150_000);
  const { requestId, lines, failure } = await findFailedDemoRequest(stack);
  const services = [...new Set(lines.map((line) => line.labels.service))].sort();

  await page.goto(`${LOGS_PATH}?q=${encodeURIComponent(`request_id:${requestId}`)}`);
  const summary = page.getByTestId(testIds.logs.summary);
  await expect(summary).toHaveAttribute('data-count', /\d+/);
  // The request's lines, all of them (a request has far fewer lines than fit the list) and only them.
  await expect.poll(async () => Number(await summary.getAttribute('data-count'))).toBeGreaterThanOrEqual(lines.length);
  const rows = await shownRows(page);
  expect(rows.map((row) => row.id)).toEqual(expect.arrayContaining(lines.map((line) => line.id)));
  // The demo keeps logging for this request (the SMTP sink answers after the worker): the page, read after the
  // database, may hold more lines, never fewer.
  expect([...new Set(rows.map((row) => row.service))].sort()).toEqual(expect.arrayContaining(services));
  expect(services.length).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId(testIds.logs.volume)).toHaveAttribute('data-total', String(rows.length));

  // The failure, expanded: every field and the stack trace as logged, newlines kept.
  await page.getByTestId(testIds.logs.rowToggle(failure.id)).click();
  await expect(page).toHaveURL(new RegExp(`[?&]line=${failure.id}(&|$)`));
  const details = page.getByTestId(testIds.logs.details(failure.id));
  const stackTrace = details.getByTestId(testIds.logs.stack);
  await expect(stackTrace).toBeVisible();
  expect(await stackTrace.textContent()).toBe(failure.labels.stack);
  expect(failure.labels.stack).toContain('\n    at ');
  await expect(details.getByTestId(testIds.logs.filterValue('request_id'))).toHaveText(requestId);
  await expect(details.getByTestId(testIds.logs.filterValue('error_type'))).toHaveText(failure.labels.error_type);
  await saveScreenshot(page, 'logs-request.png', { fullPage: false });

  // A link reproduces the view: the same URL in a fresh page shows the same expanded line.
  const link = page.url();
  const second = await page.context().newPage();
  await second.goto(link);
  await expect(second.getByTestId(testIds.logs.details(failure.id)).getByTestId(testIds.logs.stack)).toBeVisible();
  await second.close();

  // Download what is shown as NDJSON: one JSON object per line, the request's lines.
  const downloadStarted = page.waitForEvent('download');
  await page.getByTestId(testIds.logs.download).click();
  await page.getByTestId(`${testIds.logs.download}-ndjson`).click();
  const download = await downloadStarted;
  const ndjson = fs
    .readFileSync((await download.path())!, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  expect(ndjson.length).toBe(rows.length);
  expect(new Set(ndjson.map((line) => line.request_id))).toEqual(new Set([requestId]));

  // Context: what the failing service logged just before and after, the failure highlighted.
  await details.getByTestId(testIds.logs.openContext).click();
  const context = page.getByTestId(testIds.logs.context.container);
  await expect(context.locator('[data-selected="true"]')).toHaveCount(1);
  await expect(context.locator('[data-testid^="data-testid logs-context-row-"]').nth(3)).toBeVisible();
  // Load more both ways: later lines always (the demo runs on); earlier ones unless the service's first lines are
  // already shown (then the drawer says so instead of offering the button).
  const rowsInContext = context.locator('[data-testid^="data-testid logs-context-row-"]');
  const shownBefore = await rowsInContext.count();
  const older = context.getByTestId(testIds.logs.context.older);
  if (await older.isVisible()) {
    await older.click();
  } else {
    await expect(context.getByText('No earlier lines from this service.')).toBeVisible();
  }
  // "Later" finds nothing when the service has logged nothing since (the button then offers to check again), so
  // the test logs a line of that service itself rather than wait for the demo's next one.
  await ingest(stack, [
    {
      ts: new Date().toISOString(),
      level: 'info',
      service: failure.labels.service,
      message: 'context check: a later line',
      request_id: requestId,
    },
  ]);
  await expect
    .poll(
      async () => {
        await context.getByTestId(testIds.logs.context.newer).click();
        return rowsInContext.count();
      },
      { timeout: 30_000, intervals: [1_000] }
    )
    .toBeGreaterThan(shownBefore);
  await expect(context.getByTestId(testIds.logs.context.error)).toHaveCount(0);
  await saveScreenshot(page, 'logs-context.png', { fullPage: false });
  expect(pageErrors).toEqual([]);
});

test('clicking a service value filters the search by it', async ({ page, pageErrors, stack }) => {
  const { requestId, lines } = await findFailedDemoRequest(stack);
  const line = lines.find((candidate) => candidate.labels.service) ?? lines[0];
  const service = line.labels.service;

  await page.goto(`${LOGS_PATH}?q=${encodeURIComponent(`request_id:${requestId}`)}&line=${line.id}`);
  await page.getByTestId(testIds.logs.details(line.id)).getByTestId(testIds.logs.filterValue('service')).click();
  const expected = `request_id:${requestId} service:${service}`;
  await expect(page.getByTestId(testIds.logs.searchInput)).toHaveValue(expected);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(expected).replace(/%20/g, '\\+')}(&|$)`));
  const expectedIds = (await queryLogs(stack, expected)).map((l) => l.id);
  await expect.poll(async () => (await shownRows(page)).map((row) => row.id).sort()).toEqual(expectedIds.sort());
  expect(new Set((await shownRows(page)).map((row) => row.service))).toEqual(new Set([service]));
  await saveScreenshot(page, 'logs-service-filter.png', { fullPage: false });
  expect(pageErrors).toEqual([]);
});

/** Posts NDJSON lines to the service's ingest endpoint with the ingest token; resolves once they are committed. */
async function ingest(stack: Stack, records: Array<Record<string, unknown>>) {
  const response = await fetch(`${stack.serviceUrl}/api/logs/ingest`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${stack.ingestToken}`, 'Content-Type': 'application/x-ndjson' },
    body: records.map((record) => JSON.stringify(record)).join('\n') + '\n',
    signal: AbortSignal.timeout(10_000),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  expect((await response.json()).accepted).toBe(records.length);
}

test('live tail shows a newly ingested line within 2 seconds', async ({ page, pageErrors, stack }) => {
  const service = `e2e-tail-${randomBytes(3).toString('hex')}`;
  await page.goto(`${LOGS_PATH}?q=${encodeURIComponent(`service:${service}`)}&tail=1`);
  await expect(page.getByTestId(testIds.logs.tailStatus)).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId(testIds.logs.empty)).toBeVisible();

  const marker = `tail marker ${randomBytes(4).toString('hex')}`;
  await ingest(stack, [
    { ts: new Date().toISOString(), level: 'info', service, message: marker, request_id: 'req-e2e-tail' },
  ]);
  const committed = Date.now();
  await expect(page.getByTestId(testIds.logs.list).getByText(marker)).toBeVisible({ timeout: 2_000 });
  const latencyMs = Date.now() - committed;
  expect(latencyMs).toBeLessThan(2_000);

  // More lines, newest on top, the tail keeps going; an error with its stack trace among them.
  const error = new Error('421 4.7.0 Try again later');
  await ingest(stack, [
    {
      ts: new Date().toISOString(),
      level: 'warn',
      service,
      message: `${marker}: retrying`,
      request_id: 'req-e2e-tail',
    },
    {
      ts: new Date().toISOString(),
      level: 'error',
      service,
      message: `${marker}: failed`,
      request_id: 'req-e2e-tail',
      error_type: error.name,
      stack: error.stack,
    },
  ]);
  const secondCommitted = Date.now();
  await expect(page.getByTestId(testIds.logs.summary)).toHaveAttribute('data-count', '3', { timeout: 2_000 });
  const secondLatencyMs = Date.now() - secondCommitted;
  const rows = await shownRows(page);
  expect(rows.map((row) => row.level)).toEqual(['error', 'warn', 'info']);

  // Paused: a new line waits until resumed.
  await page.getByTestId(testIds.logs.tailPause).click();
  await expect(page.getByTestId(testIds.logs.tailStatus)).toHaveAttribute('data-state', 'paused');
  await ingest(stack, [{ ts: new Date().toISOString(), level: 'info', service, message: `${marker}: while paused` }]);
  await page.waitForTimeout(1_500);
  await expect(page.getByTestId(testIds.logs.summary)).toHaveAttribute('data-count', '3');
  await page.getByTestId(testIds.logs.tailPause).click();
  await expect(page.getByTestId(testIds.logs.summary)).toHaveAttribute('data-count', '4', { timeout: 2_000 });
  // The volume follows the tail (asked again every few seconds while lines come in).
  await expect(page.getByTestId(testIds.logs.volume)).toHaveAttribute('data-total', '4', { timeout: 10_000 });
  await saveScreenshot(page, 'logs-tail.png', { fullPage: false });

  expect(pageErrors).toEqual([]);
  test.info().annotations.push({ type: 'tail latency', description: `${latencyMs} ms, then ${secondLatencyMs} ms` });
});
