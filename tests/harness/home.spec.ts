import type { InfrastructureResponse, QueuesResponse } from '@penguinmails/sysmon-contract';

import { infraTestIds } from '../../src/components/infraTestIds';
import { expect, HOME_PATH, saveScreenshot, test, testIds } from './fixtures';

const O = infraTestIds.overview;

interface HealthBody {
  status: 'ok' | 'degraded';
  version: string;
  dependencies: Array<{ name: string; status: 'up' | 'down'; latencyMs: number; error?: string }>;
}

/** Reads "1.2 ms", "17 ms", "1.5 s", "< 0.1 ms" back into milliseconds (upper bound for "<"). */
function parseLatency(text: string): number {
  const match = /(<\s*)?([\d.]+)\s*(ms|s)\b/.exec(text);
  if (!match) {
    throw new Error(`not a latency: "${text}"`);
  }
  return Number(match[2]) * (match[3] === 's' ? 1000 : 1);
}

/** True when `shown` is `actual` as displayed with one decimal / whole ms / one decimal s. */
function displays(shown: string, actual: number): boolean {
  const value = parseLatency(shown);
  if (shown.includes('<')) {
    return actual < value;
  }
  const tolerance = actual < 10 ? 0.05 : actual < 1000 ? 0.5 : 50;
  return Math.abs(value - actual) <= tolerance + 1e-9;
}

/** GET a read endpoint straight from the service (no harness, no proxy). */
async function direct<T>(serviceUrl: string, apiToken: string, path: string): Promise<T> {
  const response = await fetch(`${serviceUrl}${path}`, {
    headers: { Authorization: `Bearer ${apiToken}` },
    signal: AbortSignal.timeout(10_000),
  });
  expect(response.status, `GET ${path}`).toBe(200);
  return (await response.json()) as T;
}

test('home page is the operations overview: services, findings, queues and errors, in four requests', async ({
  page,
  pageErrors,
  stack,
}) => {
  const reads: string[] = [];
  page.on('request', (request) => {
    const match = /\/api\/datasources\/proxy\/uid\/[^/]+\/api\/(.+)$/.exec(new URL(request.url()).pathname);
    if (match) {
      reads.push(`${request.method()} ${match[1]}`);
    }
  });
  await page.goto(HOME_PATH);

  const infra = await direct<InfrastructureResponse>(stack.serviceUrl, stack.apiToken, '/api/infrastructure');
  for (const view of infra.services) {
    const row = page.getByTestId(O.service(view.service));
    await expect(row).toBeVisible();
    await expect(row).toContainText(view.label);
    await expect(row.getByRole('link')).toHaveAttribute(
      'href',
      `/a/penguinmails-sysmon-app/infrastructure?service=${view.service}`
    );
  }
  expect(infra.services.map((view) => view.service)).toEqual(['smtp', 'api', 'postgres', 'redis', 'workers']);
  // The states the page shows are the service's (whichever poll is on screen, they settle within seconds).
  await expect
    .poll(async () => {
      const now = await direct<InfrastructureResponse>(stack.serviceUrl, stack.apiToken, '/api/infrastructure');
      const mismatched: string[] = [];
      for (const view of now.services) {
        const shown = await page.getByTestId(O.service(view.service)).getAttribute('data-state');
        if (shown !== view.state) {
          mismatched.push(`${view.service}: page ${shown}, service ${view.state}`);
        }
      }
      return mismatched;
    })
    .toEqual([]);
  // One finding line per active finding the service reports (at most five shown).
  const findings = page.locator('[data-testid^="data-testid finding-"][data-severity]');
  await expect.poll(async () => findings.count()).toBe(Math.min(5, infra.findings.length));

  // Queues per tier, with the tiers the demo's queues have.
  const queues = await direct<QueuesResponse>(stack.serviceUrl, stack.apiToken, '/api/queues');
  for (const tier of new Set(queues.queues.map((queue) => queue.tier))) {
    await expect(page.getByTestId(O.tier(tier))).toBeVisible();
  }
  // The error-log volume of the last hour, from the log store.
  await expect(page.getByTestId(O.errorVolume)).toHaveAttribute('data-total', /^\d+$/);
  await expect(page.getByTestId(O.sectionLink('logs'))).toHaveAttribute('href', /level=error&level=fatal/);
  expect([...new Set(reads)].sort()).toEqual(['GET health', 'GET infrastructure', 'GET queues', 'POST query']);

  await saveScreenshot(page, 'home.png');
  expect(pageErrors).toEqual([]);
});

test('home page still shows the service’s own dependency health', async ({ page, pageErrors, stack }) => {
  // Every /api/health answer the page receives through the data proxy.
  const answers: HealthBody[] = [];
  page.on('response', async (response) => {
    if (/\/api\/datasources\/proxy\/uid\/[^/]+\/api\/health$/.test(new URL(response.url()).pathname)) {
      answers.push(await response.json());
    }
  });

  await page.goto(HOME_PATH);

  for (const name of ['postgres', 'redis']) {
    await expect(page.getByTestId(testIds.home.dependencyStatus(name))).toHaveAttribute('data-status', 'up');
  }
  await expect(page.getByTestId(testIds.home.statusBadge)).toHaveAttribute('data-status', 'ok');
  expect(answers.length).toBeGreaterThan(0);

  // The page shows the latency values the service returned (whichever poll is on screen).
  for (const name of ['postgres', 'redis']) {
    const cell = page.getByTestId(testIds.home.dependencyLatency(name));
    await expect
      .poll(async () => {
        const shown = (await cell.textContent()) ?? '';
        return answers.some((answer) => {
          const dependency = answer.dependencies.find((d) => d.name === name);
          return dependency !== undefined && displays(shown, dependency.latencyMs);
        });
      }, `latency of ${name} matches a value the service returned`)
      .toBe(true);
  }

  // Cross-check against the service itself, outside the browser and the harness.
  const direct = await fetch(`${stack.serviceUrl}/api/health`, {
    headers: { Authorization: `Bearer ${stack.apiToken}` },
  });
  expect(direct.status).toBe(200);
  const health = (await direct.json()) as HealthBody;
  expect(health.status).toBe('ok');
  expect(health.dependencies.map((d) => [d.name, d.status]).sort()).toEqual([
    ['postgres', 'up'],
    ['redis', 'up'],
  ]);
  for (const dependency of health.dependencies) {
    expect(dependency.latencyMs).toBeGreaterThanOrEqual(0);
    expect(dependency.latencyMs).toBeLessThan(5_000);
  }
  await expect(page.getByTestId(testIds.home.version)).toHaveText(health.version);

  expect(pageErrors).toEqual([]);
});

test('home page shows Redis down when the service cannot reach Redis', async ({ page, pageErrors, harness, stack }) => {
  // The second service instance was started with REDIS_URL pointing at a closed port.
  await harness.reset({ serviceUrl: stack.degradedServiceUrl });

  await page.goto(HOME_PATH);

  await expect(page.getByTestId(testIds.home.dependencyStatus('redis'))).toHaveAttribute('data-status', 'down');
  await expect(page.getByTestId(testIds.home.dependencyStatus('postgres'))).toHaveAttribute('data-status', 'up');
  await expect(page.getByTestId(testIds.home.statusBadge)).toHaveAttribute('data-status', 'degraded');

  const direct = await fetch(`${stack.degradedServiceUrl}/api/health`, {
    headers: { Authorization: `Bearer ${stack.apiToken}` },
  });
  const health = (await direct.json()) as HealthBody;
  const redis = health.dependencies.find((d) => d.name === 'redis');
  expect(redis?.status).toBe('down');
  expect(redis?.error, 'the service explains why Redis is down').toBeTruthy();
  await expect(page.getByTestId(testIds.home.dependencyRow('redis'))).toContainText(redis!.error!.slice(0, 20));
  // The overview says what it cannot know instead of showing zeros: this replica cannot read the queues. (Its
  // service states are the probing replica's, read from the shared store, so they stay as they were.)
  await expect(page.getByTestId(O.sectionError('queues'))).toContainText('Redis');
  await expect(page.getByTestId(O.service('smtp'))).toBeVisible();
  await expect(page.locator('[data-testid^="data-testid overview-tier-"]')).toHaveCount(0);

  await saveScreenshot(page, 'home-redis-down.png');
  expect(pageErrors).toEqual([]);
});

test('home page explains an unreachable service', async ({ page, pageErrors, harness }) => {
  // A port nobody listens on: the data proxy answers 502 like Grafana.
  await harness.setServiceUrl('http://127.0.0.1:9');

  await page.goto(HOME_PATH);

  await expect(page.getByTestId(testIds.home.error)).toBeVisible();
  await expect(page.getByTestId(testIds.home.dependencies)).toHaveCount(0);
  // One clear error, no overview of old or empty numbers.
  await expect(page.getByTestId(O.container)).toHaveCount(0);
  await saveScreenshot(page, 'home-unreachable.png');
  expect(pageErrors).toEqual([]);
});

test('a Viewer (wall screen) sees the live health too', async ({ page, pageErrors, harness }) => {
  await harness.signIn('wallscreen', 'Viewer');

  await page.goto(HOME_PATH);

  await expect(page.getByTestId('harness-user')).toHaveText('wallscreen (Viewer)');
  for (const name of ['postgres', 'redis']) {
    await expect(page.getByTestId(testIds.home.dependencyStatus(name))).toHaveAttribute('data-status', 'up');
  }
  expect(pageErrors).toEqual([]);
});

test('the light theme renders when asked for', async ({ page, pageErrors }) => {
  await page.goto(`${HOME_PATH}?theme=light`);

  await expect(page.getByTestId(testIds.home.dependencyStatus('postgres'))).toHaveAttribute('data-status', 'up');
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number);
  expect(r + g + b, `body background ${background} is light`).toBeGreaterThan(600);

  await saveScreenshot(page, 'home-light.png');
  expect(pageErrors).toEqual([]);
});
