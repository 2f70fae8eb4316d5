import { expect, GRAFANA_URL, SKIP_REASON, test, testIds } from './fixtures';

test.skip(!GRAFANA_URL, SKIP_REASON);

test('config page shows the provisioned data source with both tokens configured', async ({ appConfigPage, page }) => {
  void appConfigPage;
  await expect(page.getByTestId(testIds.appConfig.datasourceState)).toHaveAttribute('data-state', 'loaded');
  await expect(page.getByTestId(testIds.appConfig.serviceUrl)).not.toHaveValue('');
  await expect(page.getByTestId(testIds.appConfig.apiToken)).toHaveValue('configured');
  await expect(page.getByTestId(testIds.appConfig.operatorToken)).toHaveValue('configured');
});

test('saving the configuration stores the app settings', async ({ appConfigPage, page }) => {
  await expect(page.getByTestId(testIds.appConfig.datasourceState)).toHaveAttribute('data-state', 'loaded');
  const saved = appConfigPage.waitForSettingsResponse();
  await page.getByTestId(testIds.appConfig.submit).click();
  await expect(saved).toBeOK();
  await expect(page.getByTestId(testIds.appConfig.saveSuccess)).toBeVisible();
});

test('test connection reaches the service through both data proxy routes', async ({ appConfigPage, page }) => {
  void appConfigPage;
  await page.getByTestId(testIds.appConfig.testConnection).click();
  await expect(page.getByTestId(testIds.appConfig.testResult)).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId(testIds.appConfig.testOperatorRoute)).toContainText('operator');
});
