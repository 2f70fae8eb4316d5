import { expect, GRAFANA_URL, SKIP_REASON, test, testIds } from './fixtures';

test.skip(!GRAFANA_URL, SKIP_REASON);

test('home page shows live dependency health', async ({ gotoPage, page }) => {
  await gotoPage('/home');
  for (const name of ['postgres', 'redis']) {
    await expect(page.getByTestId(testIds.home.dependencyStatus(name))).toHaveAttribute('data-status', 'up');
    await expect(page.getByTestId(testIds.home.dependencyLatency(name))).toHaveText(/\d/);
  }
  await expect(page.getByTestId(testIds.home.statusBadge)).toHaveAttribute('data-status', 'ok');
});
