/**
 * Playwright global setup for the harness project: migrate a random schema, start the real service
 * (and a second one whose Redis URL points at a closed port), start the harness server provisioned
 * with the first service's URL and tokens. Before the services, the queue workload (queueWorkload.ts: the demo
 * platform and fixture queues, real BullMQ) starts under a random BullMQ prefix that the services are
 * configured with (queues.prefixes). Returns the teardown that stops everything, deletes the prefix's keys
 * and drops the schema. Hands the URLs and tokens to the tests through process.env (HARNESS_URL,
 * SYSMON_E2E_*).
 */
import fs from 'node:fs';
import path from 'node:path';

import { DEMO_QUEUES, QUEUE_WORKLOAD_ENV } from './queueFixtures';
import { deleteQueuePrefix, randomQueuePrefix, startQueueWorkload } from './queueStack';
import { startHarnessServer } from './server';
import {
  dropSchema,
  freePort,
  generateTokens,
  ledgerTableOf,
  migrateSchema,
  randomSchema,
  REPO_ROOT,
  serviceEnv,
  startService,
  type RunningService,
} from './stack';

/**
 * Probes every 2 s, so a state changes within a few seconds in the tests; SMTP's banner and the API's answer count
 * as slow past 500 ms (the workload's demo is "slow" at 1 s).
 */
function harnessProbes(demo: { smtpPort: number; apiPort: number }): Array<Record<string, unknown>> {
  const timing = { intervalMs: 2_000, timeoutMs: 1_900 };
  const slowPast = { thresholds: { latencyMs: 500 } };
  return [
    {
      name: 'smtp',
      label: 'SMTP',
      kind: 'smtp',
      host: '127.0.0.1',
      port: demo.smtpPort,
      starttls: 'optional',
      logService: 'smtp-sink',
      ...timing,
      ...slowPast,
    },
    {
      name: 'api',
      label: 'API',
      kind: 'http',
      url: `http://127.0.0.1:${demo.apiPort}/healthz`,
      logService: 'platform-api',
      ...timing,
      ...slowPast,
    },
    { name: 'postgres', label: 'PostgreSQL', kind: 'postgres', logService: null, ...timing },
    { name: 'redis', label: 'Redis', kind: 'redis', logService: null, ...timing },
    { name: 'workers', label: 'Workers', kind: 'workers', logService: null, ...timing },
  ];
}

export default async function globalSetup() {
  const distDir = path.join(REPO_ROOT, 'dist');
  for (const file of ['module.js', 'plugin.json', 'datasource/module.js', 'datasource/plugin.json']) {
    if (!fs.existsSync(path.join(distDir, file))) {
      throw new Error(`dist/${file} is missing: build the plugin first (npm run build)`);
    }
  }

  const schema = randomSchema();
  const queuePrefix = randomQueuePrefix();
  // The demo's queue names carry no tier suffix; a deployment maps them in queues.tiers, and so do we.
  const queueTiers = Object.fromEntries(DEMO_QUEUES.map((queue) => [queue.name, queue.tier]));
  const tokens = generateTokens();
  // Run in reverse: harness, services, workload, then the Redis keys and the schema they all used.
  const cleanups: Array<() => Promise<void>> = [
    () => dropSchema(schema),
    () => deleteQueuePrefix(queuePrefix).then(() => undefined),
  ];
  const teardown = async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => console.error('teardown:', error));
    }
  };

  try {
    const [port, degradedPort, closedRedisPort] = await Promise.all([freePort(), freePort(), freePort()]);
    await migrateSchema(serviceEnv({ schema, tokens, port, queuePrefix, queueTiers }));
    // Real BullMQ queues under the service's prefix before it starts, so its first discovery finds them.
    const workload = await startQueueWorkload({
      prefix: queuePrefix,
      ledgerTable: ledgerTableOf(schema),
      // The demo's log lines go to the first service (it starts below; the sink retries until then).
      ingest: { url: `http://127.0.0.1:${port}`, token: tokens.ingest },
    });
    cleanups.push(() => workload.stop());
    // The five services of the Infrastructure page, as a deployment probes them: the demo's SMTP sink and platform
    // API, the service's own PostgreSQL and Redis, and the workers. Short intervals keep the browser tests quick.
    const probes = harnessProbes(workload.demo);
    const env = serviceEnv({ schema, tokens, port, queuePrefix, queueTiers, probes });
    const degradedEnv = serviceEnv({
      schema,
      tokens,
      port: degradedPort,
      redisUrl: `redis://127.0.0.1:${closedRedisPort}`,
      queuePrefix,
      queueTiers,
      probes,
    });
    const services: RunningService[] = await Promise.all([
      startService(env, 'sysmon'),
      startService(degradedEnv, 'sysmon-no-redis'),
    ]);
    for (const service of services) {
      cleanups.push(() => service.stop());
    }
    const [service, degradedService] = services;

    const harness = await startHarnessServer({
      port: 0,
      seed: { serviceUrl: service.url, apiToken: tokens.api, operatorToken: tokens.operator },
    });
    cleanups.push(() => harness.close());

    process.env.HARNESS_URL = harness.url;
    process.env.SYSMON_E2E_SERVICE_URL = service.url;
    process.env.SYSMON_E2E_DEGRADED_SERVICE_URL = degradedService.url;
    process.env.SYSMON_E2E_API_TOKEN = tokens.api;
    process.env.SYSMON_E2E_OPERATOR_TOKEN = tokens.operator;
    process.env.SYSMON_E2E_INGEST_TOKEN = tokens.ingest;
    process.env.SYSMON_E2E_SCHEMA = schema;
    process.env[QUEUE_WORKLOAD_ENV] = JSON.stringify(workload.info);
    // The demo's control endpoint: PUT /smtp and /api {"mode": …} switch the SMTP sink and the platform API.
    process.env.SYSMON_E2E_DEMO_CONTROL_URL = workload.demo.controlUrl;
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
