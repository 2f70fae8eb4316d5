import type { Locator, Page } from '@playwright/test';

import { CONFIG_PATH, DATASOURCE_UID, expect, saveScreenshot, test, testIds } from './fixtures';

async function openConfigPage(page: Page) {
  await page.goto(CONFIG_PATH);
  await expect(page.getByTestId(testIds.appConfig.datasourceState)).toHaveAttribute('data-state', 'loaded');
}

/** The "Reset" button SecretInput renders beside a configured secret. */
function resetButtonOf(input: Locator): Locator {
  return input.locator('xpath=ancestor::div[.//button][1]').getByRole('button', { name: 'Reset' });
}

test('config page shows the stored service URL and that both tokens are configured', async ({
  page,
  pageErrors,
  stack,
}) => {
  await openConfigPage(page);

  await expect(page.getByTestId(testIds.appConfig.serviceUrl)).toHaveValue(stack.serviceUrl);
  for (const testId of [testIds.appConfig.apiToken, testIds.appConfig.operatorToken]) {
    const input = page.getByTestId(testId);
    await expect(input).toHaveValue('configured');
    await expect(input).toBeDisabled();
    await expect(resetButtonOf(input)).toBeVisible();
  }
  // The secrets never reach the browser.
  const html = await page.content();
  expect(html).not.toContain(stack.apiToken);
  expect(html).not.toContain(stack.operatorToken);
  expect(pageErrors).toEqual([]);
});

test('saving a new service URL persists it and keeps the tokens', async ({ page, pageErrors, harness, stack }) => {
  await openConfigPage(page);

  const serviceUrl = page.getByTestId(testIds.appConfig.serviceUrl);
  await serviceUrl.fill(stack.degradedServiceUrl);
  await page.getByTestId(testIds.appConfig.submit).click();
  await expect(page.getByTestId(testIds.appConfig.saveSuccess)).toBeVisible();

  const state = await harness.state();
  const ds = state.dataSources.find((item) => item.uid === DATASOURCE_UID);
  expect(ds?.jsonData.serviceUrl).toBe(stack.degradedServiceUrl);
  expect(ds?.secureJsonFields).toEqual({ apiToken: true, operatorToken: true });
  expect(state.app.jsonData.datasourceUid).toBe(DATASOURCE_UID);
  expect(state.app.enabled).toBe(true);

  // A fresh page load shows what was stored.
  await openConfigPage(page);
  await expect(serviceUrl).toHaveValue(stack.degradedServiceUrl);
  expect(pageErrors).toEqual([]);
});

test('test connection succeeds through both routes and shows the operator scope', async ({ page, pageErrors }) => {
  await openConfigPage(page);

  await page.getByTestId(testIds.appConfig.testConnection).click();

  const result = page.getByTestId(testIds.appConfig.testResult);
  await expect(result).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId(testIds.appConfig.testReadRoute)).toHaveAttribute('data-ok', 'true');
  const operator = page.getByTestId(testIds.appConfig.testOperatorRoute);
  await expect(operator).toHaveAttribute('data-ok', 'true');
  await expect(operator).toContainText('operator');
  // The service saw the Grafana user the data proxy announced.
  await expect(operator).toContainText('admin');

  await saveScreenshot(page, 'config.png');
  expect(pageErrors).toEqual([]);
});

test('test connection with a wrong API token shows the 401 message from the service', async ({
  page,
  pageErrors,
  harness,
  stack,
}) => {
  const wrongToken = 'wrong-read-token-0123456789abcdef';
  await openConfigPage(page);

  const apiToken = page.getByTestId(testIds.appConfig.apiToken);
  await resetButtonOf(apiToken).click();
  await page.getByTestId(testIds.appConfig.apiToken).fill(wrongToken);
  await page.getByTestId(testIds.appConfig.submit).click();
  await expect(page.getByTestId(testIds.appConfig.saveSuccess)).toBeVisible();
  expect((await harness.state()).dataSources[0].secureJsonFields.apiToken).toBe(true);

  await page.getByTestId(testIds.appConfig.testConnection).click();

  // What the service itself answers to that token.
  const direct = await fetch(`${stack.serviceUrl}/api/health`, { headers: { Authorization: `Bearer ${wrongToken}` } });
  expect(direct.status).toBe(401);
  const body = (await direct.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('unauthorized');

  await expect(page.getByTestId(testIds.appConfig.testResult)).toHaveAttribute('data-ok', 'false');
  const read = page.getByTestId(testIds.appConfig.testReadRoute);
  await expect(read).toHaveAttribute('data-ok', 'false');
  await expect(read).toContainText(body.error.message);
  // The operator token was left alone and still works.
  await expect(page.getByTestId(testIds.appConfig.testOperatorRoute)).toHaveAttribute('data-ok', 'true');

  await saveScreenshot(page, 'config-wrong-token.png');
  expect(pageErrors).toEqual([]);
});

test('an unconfigured Grafana gets its data source created from the config page', async ({
  page,
  pageErrors,
  harness,
  stack,
}) => {
  await harness.reset({ unconfigured: true });
  await openConfigPage(page);

  await page.getByTestId(testIds.appConfig.serviceUrl).fill(stack.serviceUrl);
  await page.getByTestId(testIds.appConfig.apiToken).fill(stack.apiToken);
  await page.getByTestId(testIds.appConfig.operatorToken).fill(stack.operatorToken);
  await page.getByTestId(testIds.appConfig.submit).click();
  await expect(page.getByTestId(testIds.appConfig.saveSuccess)).toBeVisible();

  const state = await harness.state();
  expect(state.dataSources).toHaveLength(1);
  expect(state.dataSources[0]).toMatchObject({
    uid: DATASOURCE_UID,
    type: 'penguinmails-sysmon-datasource',
    jsonData: { serviceUrl: stack.serviceUrl },
    secureJsonFields: { apiToken: true, operatorToken: true },
  });
  expect(state.app).toMatchObject({ enabled: true, jsonData: { datasourceUid: DATASOURCE_UID } });

  await page.getByTestId(testIds.appConfig.testConnection).click();
  await expect(page.getByTestId(testIds.appConfig.testResult)).toHaveAttribute('data-ok', 'true');
  expect(pageErrors).toEqual([]);
});
