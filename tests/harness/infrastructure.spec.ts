/**
 * The Infrastructure page against the real service, probing the workload's demo (global.setup.ts harnessProbes: the
 * demo's SMTP sink and platform API, the service's PostgreSQL and Redis, the workers, every 2 s). The demo's SMTP
 * sink is switched to slow through its control endpoint: the SMTP card turns Degraded with the cause, its finding
 * links to the SMTP logs of that window, and the card turns Operational again once the sink is back to normal.
 */
import type { Page } from '@playwright/test';
import type { InfrastructureResponse, ServiceStatusView } from '@penguinmails/sysmon-contract';

import { infraTestIds } from '../../src/components/infraTestIds';
import { APP_PLUGIN_ID, DATASOURCE_UID, expect, saveScreenshot, test, testIds } from './fixtures';

const INFRA_PATH = `/a/${APP_PLUGIN_ID}/infrastructure`;
const SERVICES = ['smtp', 'api', 'postgres', 'redis', 'workers'];
const T = infraTestIds.infrastructure;

function controlUrl(): string {
  const url = process.env.SYSMON_E2E_DEMO_CONTROL_URL;
  if (!url) {
    throw new Error('SYSMON_E2E_DEMO_CONTROL_URL is not set: the harness specs run through playwright.config.ts');
  }
  return url;
}

/** Switches the demo's SMTP sink: normal, slow (a late 220 banner), refusing, down. */
async function setSmtpMode(mode: 'normal' | 'slow'): Promise<void> {
  const response = await fetch(`${controlUrl()}/smtp`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode }),
    signal: AbortSignal.timeout(10_000),
  });
  expect(response.status, `PUT /smtp ${mode}`).toBe(200);
}

/** GET /api/infrastructure straight from the service (no harness, no proxy). */
async function infrastructure(serviceUrl: string, apiToken: string): Promise<InfrastructureResponse> {
  const response = await fetch(`${serviceUrl}/api/infrastructure`, {
    headers: { Authorization: `Bearer ${apiToken}` },
    signal: AbortSignal.timeout(10_000),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as InfrastructureResponse;
}

/** Every /api/infrastructure answer the page receives through the data proxy. */
function recordAnswers(page: Page): InfrastructureResponse[] {
  const answers: InfrastructureResponse[] = [];
  page.on('response', async (response) => {
    if (/\/api\/datasources\/proxy\/uid\/[^/]+\/api\/infrastructure$/.test(new URL(response.url()).pathname)) {
      answers.push((await response.json().catch(() => undefined)) as InfrastructureResponse);
    }
  });
  return answers;
}

interface FrameJson {
  schema: { name?: string; fields: Array<{ name: string }> };
  data: { values: unknown[][] };
}

const byId = (answer: InfrastructureResponse | undefined, service: string): ServiceStatusView | undefined =>
  answer?.services.find((view) => view.service === service);

test('the Infrastructure page shows a card per probed service from the real service', async ({
  page,
  pageErrors,
  stack,
}) => {
  const answers = recordAnswers(page);
  await page.goto(INFRA_PATH);

  const cards = page.locator('[data-testid^="data-testid infra-card-"][aria-pressed]');
  await expect(cards).toHaveCount(SERVICES.length);
  expect(await cards.evaluateAll((all) => all.map((card) => card.getAttribute('data-testid')))).toEqual(
    SERVICES.map(T.card)
  );
  // Every probe has run (no card left "not checked yet"), and each card shows the state of the latest answer.
  await expect
    .poll(
      async () => {
        const latest = answers[answers.length - 1];
        const problems: string[] = [];
        for (const service of SERVICES) {
          const view = byId(latest, service);
          const shown = await page.getByTestId(T.card(service)).getAttribute('data-state');
          if (!view || view.lastCheck === null) {
            problems.push(`${service}: not checked yet`);
          } else if (shown !== view.state) {
            problems.push(`${service}: card ${shown}, service ${view.state}`);
          }
        }
        return problems;
      },
      { message: 'cards show the states the service answered', timeout: 30_000 }
    )
    .toEqual([]);
  // The demo starts healthy: its SMTP sink, API and the service's own dependencies are operational.
  for (const service of ['smtp', 'api', 'postgres', 'redis']) {
    await expect(page.getByTestId(T.card(service))).toHaveAttribute('data-state', 'operational', { timeout: 30_000 });
    await expect(page.getByTestId(T.cardState(service))).toHaveText('Operational');
    await expect(page.getByTestId(T.cardLatency(service))).toHaveText(/\d/);
    await expect(page.getByTestId(T.cardSince(service))).toHaveText(/^for \d/);
  }
  // Uptime is measured by the service; a window it knows nothing of is a dash, never 100%.
  const direct = await infrastructure(stack.serviceUrl, stack.apiToken);
  for (const view of direct.services) {
    const day = page.getByTestId(T.cardUptime(view.service, '24h'));
    await expect(day).toBeVisible();
    if (view.uptime.h24 === null) {
      await expect(day).toContainText('—');
    }
  }
  // The harness deployment checks no sending IPs: the page says what to configure.
  await expect(page.getByTestId(T.reputationEmpty)).toContainText('reputation.sendingIps');
  // The 24 h sparklines come from one history request and draw once there are two buckets.
  await expect(page.getByTestId(T.cardSparkline('postgres'))).toBeVisible();

  await saveScreenshot(page, 'infrastructure.png');
  expect(pageErrors).toEqual([]);
});

test('a slow SMTP server turns the SMTP card Degraded with the cause, linked to its logs, and back', async ({
  page,
  pageErrors,
  stack,
}) => {
  test.setTimeout(120_000);
  await page.goto(INFRA_PATH);
  const card = page.getByTestId(T.card('smtp'));
  await expect(card).toHaveAttribute('data-state', 'operational', { timeout: 30_000 });

  await setSmtpMode('slow');
  try {
    // Two slow checks in a row (2 s apart) degrade it; the page polls every 5 s.
    await expect(card).toHaveAttribute('data-state', 'degraded', { timeout: 30_000 });
    await expect(page.getByTestId(T.cardState('smtp'))).toHaveText('Degraded');
    const cause = page.getByTestId(T.cardCause('smtp'));
    await expect(cause).toBeVisible();
    const view = byId(await infrastructure(stack.serviceUrl, stack.apiToken), 'smtp')!;
    expect(view.state, 'the service agrees').toBe('degraded');
    expect(view.cause, 'the service gives a cause').toBeTruthy();
    await expect(cause).toContainText(view.cause.slice(0, 12));

    // Its finding, with the cause, and a link to the SMTP logs of that window.
    const finding = page.locator('[data-testid^="data-testid finding-"][data-service="smtp"]');
    await expect(finding).toHaveCount(1, { timeout: 15_000 });
    await expect(finding).toContainText(view.cause.slice(0, 12));

    // The history of the card: latency and the change to Degraded.
    await card.click();
    await expect(page).toHaveURL(/[?&]service=smtp\b/);
    const history = page.getByTestId(T.history.container);
    await expect(history).toBeVisible();
    await expect(history.getByTestId(T.history.chart)).toBeVisible();
    await expect(history.getByTestId(T.history.transitions)).toContainText('Degraded', { timeout: 35_000 });
    await saveScreenshot(page, 'infrastructure-smtp-degraded.png');

    // The same change as a dashboard annotation: the data source's `events` query through the data proxy answers
    // the fields Grafana reads annotations from.
    const annotations = await page.request.post(`/api/datasources/proxy/uid/${DATASOURCE_UID}/api/query`, {
      data: {
        queries: [{ refId: 'Anno', queryType: 'events', sources: ['service_states'], service: 'smtp' }],
        range: { from: new Date(Date.now() - 3600_000).toISOString(), to: new Date().toISOString() },
      },
    });
    expect(annotations.status()).toBe(200);
    const [frame] = ((await annotations.json()) as { results: Record<string, { frames: FrameJson[] }> }).results.Anno
      .frames;
    expect(frame.schema.fields.map((field) => field.name)).toEqual(['time', 'title', 'text', 'tags']);
    const titles = frame.data.values[1] as string[];
    expect(titles).toContain('SMTP: Operational → Degraded');

    const link = finding.getByRole('link', { name: /Search logs/ });
    const href = (await link.getAttribute('href'))!;
    const params = new URL(href, 'http://harness').searchParams;
    expect(params.getAll('service')).toEqual([view.logService]);
    expect(params.getAll('level')).toEqual(['warn', 'error', 'fatal']);
    expect(Number(params.get('from'))).toBeLessThanOrEqual(Date.parse(view.since!));
    await link.click();
    await expect(page).toHaveURL(/\/a\/penguinmails-sysmon-app\/logs\?/);
    await expect(page.getByTestId(testIds.logs.container)).toBeVisible();
    for (const level of ['warn', 'error', 'fatal']) {
      await expect(page.getByTestId(testIds.logs.levelChip(level))).toHaveAttribute('aria-pressed', 'true');
    }
    await expect(page.getByTestId(testIds.logs.levelChip('info'))).toHaveAttribute('aria-pressed', 'false');
    await expect(page.getByTestId(testIds.logs.serviceSelect)).toContainText(view.logService!);
    // Whatever lines the window holds are the SMTP sink's.
    const rows = page.locator('[data-testid^="data-testid logs-row-"][data-service]');
    for (const service of await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-service')))) {
      expect(service).toBe(view.logService);
    }
    await saveScreenshot(page, 'infrastructure-finding-logs.png');
  } finally {
    await setSmtpMode('normal');
  }

  // Back to normal: clean checks in a row bring it back to Operational, and its finding goes.
  await page.goto(INFRA_PATH);
  await expect(page.getByTestId(T.card('smtp'))).toHaveAttribute('data-state', 'operational', { timeout: 40_000 });
  await expect(page.getByTestId(T.cardCause('smtp'))).toHaveCount(0);
  await expect(page.locator('[data-testid^="data-testid finding-"][data-service="smtp"]')).toHaveCount(0, {
    timeout: 15_000,
  });
  await saveScreenshot(page, 'infrastructure-smtp-recovered.png');
  expect(pageErrors).toEqual([]);
});

test('the Infrastructure page says so when the service cannot be reached, with no cards', async ({
  page,
  pageErrors,
  harness,
}) => {
  await harness.setServiceUrl('http://127.0.0.1:9');
  await page.goto(INFRA_PATH);
  await expect(page.getByTestId(T.error)).toBeVisible();
  await expect(page.getByTestId(T.error)).toContainText('Could not load the infrastructure state');
  await expect(page.locator('[data-testid^="data-testid infra-card-"]')).toHaveCount(0);
  await saveScreenshot(page, 'infrastructure-unreachable.png');
  expect(pageErrors).toEqual([]);
});
