// BullMQ workers of the demo. The ledger follows Redis: active when an attempt starts (inside the processor,
// before any work), completed/failed/delayed from the worker events, which fire after BullMQ has moved the job.
import { MetricsTime, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { DEMO_QUEUES, type DemoQueueKey } from './catalog.ts';
import type { JobLedger } from './ledger.ts';
import type { DemoLogger } from './logging.ts';
import type { ProcessorSet } from './processors.ts';

export interface DemoJobData {
  requestId: string;
  payload: Record<string, unknown>;
}

export interface WorkerSetOptions {
  connection: ConnectionOptions;
  prefix: string;
  concurrency: Record<DemoQueueKey, number>;
  processors: ProcessorSet;
  ledger: JobLedger;
  logger: DemoLogger;
  /** Data points kept for BullMQ's per-minute throughput metrics. */
  metricsMaxDataPoints?: number;
}

export interface WorkerSet {
  workers: Array<Worker<DemoJobData>>;
  /**
   * Closes the workers (waiting up to graceMs for active jobs, then forcing) and then waits for the ledger writes
   * their events started. Forcing matters after a Redis outage: a graceful close can wait forever on a connection
   * that is still reconnecting; the forced jobs' locks expire and BullMQ hands them out again as stalled.
   */
  close(graceMs?: number): Promise<void>;
}

export function createWorkers(options: WorkerSetOptions): WorkerSet {
  const pendingWrites = new Set<Promise<void>>();
  const workers = (Object.keys(DEMO_QUEUES) as DemoQueueKey[]).map((key) => createWorker(key, options, pendingWrites));
  return {
    workers,
    async close(graceMs = 10_000) {
      const graceful = Promise.allSettled(workers.map((worker) => worker.close()));
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), graceMs);
      });
      if ((await Promise.race([graceful, timedOut])) === 'timeout') {
        options.logger.warn('workers did not close in time; forcing', { grace_ms: graceMs });
        await Promise.allSettled(workers.map((worker) => worker.close(true)));
      }
      clearTimeout(timer);
      await Promise.allSettled([...pendingWrites]);
    },
  };
}

function createWorker(
  key: DemoQueueKey,
  options: WorkerSetOptions,
  pendingWrites: Set<Promise<void>>
): Worker<DemoJobData> {
  const queue = DEMO_QUEUES[key].name;
  const log = options.logger.child(DEMO_QUEUES[key].service);
  const { ledger } = options;
  const jobFields = (job: Job<DemoJobData>) => ({
    job_id: job.id,
    queue,
    request_id: job.data.requestId,
    job_name: job.name,
  });

  // Ledger failures are logged, never thrown: a PostgreSQL blip must not fail the email itself.
  // Rows left behind are what drift detection reports and recovery repairs.
  const safely = (what: string, job: Job<DemoJobData>, write: () => Promise<void>): Promise<void> => {
    const pending = write().catch((error: unknown) =>
      log.error(`ledger update failed: ${what}`, jobFields(job), error)
    );
    pendingWrites.add(pending);
    void pending.finally(() => pendingWrites.delete(pending));
    return pending;
  };

  const worker = new Worker<DemoJobData>(
    queue,
    async (job) => {
      const attempt = job.attemptsMade + 1;
      await safely('active', job, () => ledger.markActive(queue, job.id!, attempt));
      log.info(`job started (attempt ${attempt})`, { ...jobFields(job), attempt, priority: job.opts.priority });
      const started = Date.now();
      const result = await options.processors[key]({
        id: job.id!,
        name: job.name,
        requestId: job.data.requestId,
        data: job.data.payload,
      });
      return { ...result, durationMs: Date.now() - started };
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency[key],
      metrics: { maxDataPoints: options.metricsMaxDataPoints ?? MetricsTime.ONE_WEEK },
      // Keep finished jobs around for the monitor, bounded so Redis memory stays flat.
      removeOnComplete: { age: 24 * 3600, count: 5_000 },
      removeOnFail: { age: 7 * 24 * 3600, count: 5_000 },
    }
  );

  worker.on('completed', (job, result: Record<string, unknown>) => {
    log.info('job completed', { ...jobFields(job), attempts: job.attemptsMade, duration_ms: result?.durationMs });
    void safely('completed', job, () => ledger.markCompleted(queue, job.id!, job.attemptsMade));
  });

  worker.on('failed', (job, error) => {
    if (!job) {
      log.error('job failed without job data', { queue }, error);
      return;
    }
    // BullMQ sets finishedOn only when the job moved to the failed set; otherwise it was re-scheduled with backoff.
    const retrying = !job.finishedOn;
    const fields = { ...jobFields(job), attempts: job.attemptsMade, max_attempts: job.opts.attempts ?? 1, retrying };
    if (retrying) {
      log.warn(`job attempt failed, retrying with backoff: ${error.message}`, fields, error);
    } else {
      log.error(`job failed: ${error.message}`, fields, error);
    }
    void safely('failed', job, () =>
      ledger.markFailed(queue, job.id!, job.attemptsMade, `${error.name}: ${error.message}`, retrying)
    );
  });

  worker.on('stalled', (jobId) => {
    log.warn('job stalled, BullMQ moved it back to wait', { job_id: jobId, queue });
    const pending = ledger
      .markRequeued(queue, jobId)
      .catch((error: unknown) => log.error('ledger update failed: stalled', { job_id: jobId, queue }, error));
    pendingWrites.add(pending);
    void pending.finally(() => pendingWrites.delete(pending));
  });

  // Without a listener an 'error' event would crash the process; Redis blips are expected and retried by ioredis.
  worker.on('error', (error) => log.error('worker error', { queue }, error));
  return worker;
}
