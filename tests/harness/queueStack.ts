/**
 * The real BullMQ side of the browser tests: a random key prefix, the workload child process
 * (queueWorkload.ts: demo platform + fixture queues) and the removal of every key under the prefix.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import Redis from 'ioredis';

import type { QueueWorkloadInfo } from './queueFixtures';
import { DATABASE_URL, REDIS_URL, REPO_ROOT } from './stack';

const WORKLOAD_SCRIPT = path.join(__dirname, 'queueWorkload.ts');
const READY_TIMEOUT_MS = 90_000;

/** A BullMQ prefix nobody else uses: only [a-z0-9-], so it needs no glob escaping. */
export function randomQueuePrefix(): string {
  return `sysmon-e2e-${randomBytes(4).toString('hex')}`;
}

/** Where the workload's demo listens (all on 127.0.0.1), for the service's probes and the specs. */
export interface WorkloadDemo {
  /** The demo's control endpoint: GET/PUT /smtp and /api {"mode": …}, POST /campaign, GET /status. */
  controlUrl: string;
  /** The SMTP sink (modes normal, slow, refusing, down): an `smtp` probe's target. */
  smtpPort: number;
  /** The platform API (modes normal, slow, erroring, down): an `http` probe of http://127.0.0.1:<apiPort>/healthz. */
  apiPort: number;
}

/** The workload's READY line. */
export type WorkloadReady = QueueWorkloadInfo & { demo: WorkloadDemo };

export interface RunningWorkload {
  info: QueueWorkloadInfo;
  demo: WorkloadDemo;
  stop(): Promise<void>;
}

/** Starts queueWorkload.ts and waits for its READY line (fixtures built, demo running). */
export async function startQueueWorkload(options: {
  prefix: string;
  ledgerTable: string;
  /** Ship the demo's log lines to this service's ingest endpoint. */
  ingest?: { url: string; token: string };
}): Promise<RunningWorkload> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKLOAD_SCRIPT], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      REDIS_URL,
      DATABASE_URL,
      WORKLOAD_PREFIX: options.prefix,
      WORKLOAD_LEDGER_TABLE: options.ledgerTable,
      ...(options.ingest
        ? { WORKLOAD_INGEST_URL: options.ingest.url, WORKLOAD_INGEST_TOKEN: options.ingest.token }
        : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const echo = process.env.SYSMON_E2E_ECHO === '1';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
    if (echo) {
      process.stderr.write(`[queue-workload] ${chunk}`);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

  const ready = await new Promise<WorkloadReady>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`queue workload not ready within ${READY_TIMEOUT_MS / 1000} s:\n${stderr}`));
    }, READY_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('READY '));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line.slice('READY '.length)) as WorkloadReady);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`queue workload exited with ${code} before it was ready:\n${stderr}`));
    });
  });

  const { demo, ...info } = ready;
  return {
    info,
    demo,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        return;
      }
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Deletes every key under `<prefix>:` with SCAN + UNLINK (never KEYS). */
export async function deleteQueuePrefix(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1_000);
      cursor = next;
      if (keys.length > 0) {
        deleted += await redis.unlink(...keys);
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
