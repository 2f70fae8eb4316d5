/**
 * The nested status board panel (dist/panels/statusboard/module.js) rendered by the harness like a dashboard panel on
 * a wall screen: a `services` query through the data source's own query(), PanelProps with the option builder's
 * defaults. Tiles are checked against the service's own answer, then for fit at 1920x1080 and 1280x720: no label,
 * state, detail line or cause may be cut. A failing query shows "No data — <reason>", never a green board.
 */
import type { Page } from '@playwright/test';
import type { InfrastructureResponse } from '@penguinmails/sysmon-contract';

import { infraTestIds } from '../../src/components/infraTestIds';
import { boardFit, boardPart } from './boardFit';
import { expect, saveScreenshot, test } from './fixtures';

const PANEL_ID = 'penguinmails-statusboard-panel';
const SERVICES = ['smtp', 'api', 'postgres', 'redis', 'workers'];
const S = infraTestIds.statusBoard;

function panelPath(params: Record<string, string> = {}): string {
  const search = new URLSearchParams({ query: JSON.stringify({ queryType: 'services' }), ...params });
  return `/harness/panel/${PANEL_ID}?${search}`;
}

async function infrastructure(serviceUrl: string, apiToken: string): Promise<InfrastructureResponse> {
  const response = await fetch(`${serviceUrl}/api/infrastructure`, {
    headers: { Authorization: `Bearer ${apiToken}` },
    signal: AbortSignal.timeout(10_000),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as InfrastructureResponse;
}

/** Every label, state word, detail line and cause of every tile (boardFit.ts), and the fonts they got. */
function fitReport(page: Page) {
  const part = (kind: string) => boardPart('statusboard', kind);
  return boardFit(page, {
    name: 'statusboard',
    texts: ['label', 'state', 'detail', 'cause'],
    fonts: { label: part('label'), state: part('state'), detail: part('detail'), cause: part('cause') },
  });
}

for (const screen of [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
]) {
  test(`the status board at ${screen.width}x${screen.height}: a tile per service, every text fits`, async ({
    page,
    pageErrors,
    stack,
  }) => {
    await page.setViewportSize(screen);
    await page.goto(panelPath({ title: 'Services', refresh: '5s' }));
    await expect(page.getByTestId('harness-panel')).toHaveAttribute('data-state', 'Done');
    const board = page.getByTestId(S.container);
    await expect(board.locator('[data-testid^="data-testid statusboard-tile-"]')).toHaveCount(SERVICES.length);
    // Every probe has run before the screenshot (no tile left unknown for want of a first check).
    const direct = await infrastructure(stack.serviceUrl, stack.apiToken);
    await expect
      .poll(async () => {
        const problems: string[] = [];
        for (const view of direct.services) {
          const shown = await page.getByTestId(S.tile(view.service)).getAttribute('data-state');
          const now = (await infrastructure(stack.serviceUrl, stack.apiToken)).services.find(
            (candidate) => candidate.service === view.service
          )!;
          if (shown !== now.state && shown !== view.state) {
            problems.push(`${view.service}: tile ${shown}, service ${now.state}`);
          }
        }
        return problems;
      })
      .toEqual([]);
    for (const view of direct.services) {
      await expect(page.getByTestId(S.label(view.service))).toHaveText(view.label);
    }
    // A tile's state word is the contract's; its cause is shown when it is not operational.
    const stateWords = await page
      .locator('[data-testid^="data-testid statusboard-state-"]')
      .evaluateAll((all) => all.map((element) => element.textContent));
    for (const word of stateWords) {
      expect(['Operational', 'Degraded', 'Down', 'Unknown']).toContain(word);
    }

    const report = await fitReport(page);
    console.log(`status board at ${screen.width}x${screen.height}: ${JSON.stringify(report)}`);
    await saveScreenshot(page, `statusboard-${screen.width}x${screen.height}.png`, { fullPage: false });
    expect(report.tiles).toBe(SERVICES.length);
    expect(report.problems).toEqual([]);
    // Readable from across the room.
    expect(report.fonts.state).toBeGreaterThanOrEqual(screen.width >= 1920 ? 32 : 24);
    expect(report.fonts.detail).toBeGreaterThanOrEqual(12);
    expect(pageErrors).toEqual([]);
  });
}

test('the status board says "No data" and why when its query fails, never a green board', async ({
  page,
  pageErrors,
  harness,
}) => {
  await harness.setServiceUrl('http://127.0.0.1:9');
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(panelPath({ title: 'Services' }));
  await expect(page.getByTestId(S.failed)).toContainText('No data');
  await expect(page.getByTestId(S.failed)).toContainText('502');
  await expect(page.locator('[data-testid^="data-testid statusboard-tile-"]')).toHaveCount(0);
  await saveScreenshot(page, 'statusboard-failed.png', { fullPage: false });
  expect(pageErrors).toEqual([]);
});
