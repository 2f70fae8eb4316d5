/**
 * Fixtures for the queue specs, on top of fixtures.ts: the workload the global setup started (prefix, fixture
 * job ids), BullMQ queues opened on the same Redis and prefix (the ground truth a page is checked against), and
 * a client that asks the service directly, outside the browser and the harness.
 */
import { Queue } from 'bullmq';

import type { AuditEvent, QueueSnapshot } from '@penguinmails/sysmon-contract';
import { APP_PLUGIN_ID, test as base } from './fixtures';
import { QUEUE_WORKLOAD_ENV, type QueueWorkloadInfo } from './queueFixtures';
import { REDIS_URL } from './stack';

export { expect, saveScreenshot, testIds } from './fixtures';
export * from './queueFixtures';

export const QUEUES_PATH = `/a/${APP_PLUGIN_ID}/queues`;

export function queueDetailPath(queue: string, params: Record<string, string> = {}): string {
  const search = new URLSearchParams(params).toString();
  return `${QUEUES_PATH}/${encodeURIComponent(queue)}${search ? `?${search}` : ''}`;
}

/** Opens BullMQ queues under the workload's prefix; all are closed when the test ends. */
export class BullQueues {
  private readonly opened = new Map<string, Queue>();

  constructor(private readonly prefix: string) {}

  queue(name: string): Queue {
    let queue = this.opened.get(name);
    if (!queue) {
      // skipMetasUpdate: a test must not rewrite the queue's meta (version) as a producer would.
      queue = new Queue(name, { connection: { url: REDIS_URL }, prefix: this.prefix, skipMetasUpdate: true });
      queue.on('error', () => undefined);
      this.opened.set(name, queue);
    }
    return queue;
  }

  async close(): Promise<void> {
    await Promise.all([...this.opened.values()].map((queue) => queue.close()));
    this.opened.clear();
  }
}

/** The service's read API with the read token, straight to the service (no harness, no proxy). */
export class ServiceClient {
  constructor(
    private readonly serviceUrl: string,
    private readonly apiToken: string
  ) {}

  async get<T>(path: string): Promise<T> {
    const response = await fetch(`${this.serviceUrl}${path}`, {
      headers: { Authorization: `Bearer ${this.apiToken}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) {
      throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
    }
    return (await response.json()) as T;
  }

  async queues(): Promise<QueueSnapshot[]> {
    return (await this.get<{ queues: QueueSnapshot[] }>('/api/queues')).queues;
  }

  async queue(name: string): Promise<QueueSnapshot> {
    return this.get<QueueSnapshot>(`/api/queues/${encodeURIComponent(name)}`);
  }

  async audit(limit = 100): Promise<AuditEvent[]> {
    return (await this.get<{ events: AuditEvent[] }>(`/api/audit?limit=${limit}`)).events;
  }
}

function workloadInfo(): QueueWorkloadInfo {
  const raw = process.env[QUEUE_WORKLOAD_ENV];
  if (!raw) {
    throw new Error(`${QUEUE_WORKLOAD_ENV} is not set: the harness specs run through playwright.config.ts`);
  }
  return JSON.parse(raw) as QueueWorkloadInfo;
}

export const test = base.extend<{ workload: QueueWorkloadInfo; bull: BullQueues; service: ServiceClient }>({
  workload: async ({}, use) => {
    await use(workloadInfo());
  },
  bull: async ({ workload }, use) => {
    const bull = new BullQueues(workload.prefix);
    await use(bull);
    await bull.close();
  },
  service: async ({ stack }, use) => {
    await use(new ServiceClient(stack.serviceUrl, stack.apiToken));
  },
});
