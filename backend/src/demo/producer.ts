// Demo producers: per-queue steady rates and campaign bursts. Each batch writes its ledger rows first and then
// enqueues the BullMQ jobs with the same ids (addBulk), so no live job ever lacks a ledger row.
import { randomUUID } from 'node:crypto';
import { Queue, type ConnectionOptions } from 'bullmq';
import { DEMO_QUEUES, DEMO_QUEUE_KEYS, RETRY_POLICY, type DemoQueueKey } from './catalog.ts';
import { buildCampaign, buildJob, type DemoJobSpec, type JobMix, type Random } from './jobFactory.ts';
import type { JobLedger } from './ledger.ts';
import type { DemoLogger } from './logging.ts';
import { chunk, takeDueJobs, type RateState } from './rate.ts';
import type { DemoJobData } from './workers.ts';

/** Batches being enqueued at once before steady production pauses. */
const MAX_BATCHES_IN_FLIGHT = 50;

export interface ProducerOptions {
  connection: ConnectionOptions;
  prefix: string;
  ledger: JobLedger;
  logger: DemoLogger;
  /** Jobs per second for each queue; 0 disables steady production for that queue. */
  rates: Record<DemoQueueKey, number>;
  mix: JobMix;
  /** Jobs per addBulk call (and per ledger insert). */
  chunkSize: number;
  random?: Random;
  tickMs?: number;
}

export interface CampaignResult {
  campaignId: string;
  enqueued: number;
  failed: number;
}

export class Producer {
  readonly queues: Record<DemoQueueKey, Queue<DemoJobData>>;
  private readonly rateStates: Record<DemoQueueKey, RateState>;
  private readonly random: Random;
  private readonly ids = { uuid: () => randomUUID() };
  private readonly log: DemoLogger;
  private ticker: NodeJS.Timeout | undefined;
  private campaignTimer: NodeJS.Timeout | undefined;
  private lastTick = Date.now();
  private readonly inFlight = new Set<Promise<unknown>>();
  private throttled = false;
  /** Jobs successfully enqueued since start, per queue. */
  readonly enqueued: Record<DemoQueueKey, number> = { email: 0, warmup: 0, analytics: 0 };

  constructor(private readonly options: ProducerOptions) {
    this.random = options.random ?? Math.random;
    this.log = options.logger.child('producer');
    this.rateStates = { email: { credit: 0 }, warmup: { credit: 0 }, analytics: { credit: 0 } };
    const make = (key: DemoQueueKey) => {
      const queue = new Queue<DemoJobData>(DEMO_QUEUES[key].name, {
        connection: options.connection,
        prefix: options.prefix,
      });
      queue.on('error', (error) => this.log.error('queue error', { queue: queue.name }, error));
      return queue;
    };
    this.queues = { email: make('email'), warmup: make('warmup'), analytics: make('analytics') };
  }

  /** Starts steady production at the configured rates. */
  start(): void {
    const tickMs = this.options.tickMs ?? 100;
    this.lastTick = Date.now();
    this.ticker = setInterval(() => this.tick(), tickMs);
  }

  /** Launches a campaign of `size` emails every `everySeconds`. */
  startCampaigns(size: number, everySeconds: number): void {
    this.campaignTimer = setInterval(() => this.launchCampaignInBackground(size), everySeconds * 1_000);
  }

  /** Launches one campaign without waiting for it; stop() waits for it to finish enqueueing. */
  launchCampaignInBackground(size: number): void {
    void this.track(this.launchCampaign(size));
  }

  /** Stops timers and waits for batches being written; then closes the queues. */
  async stop(): Promise<void> {
    clearInterval(this.ticker);
    clearInterval(this.campaignTimer);
    // Bounded: with Redis down a batch may wait for a reconnect that never comes.
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => setTimeout(resolve, 5_000).unref()),
    ]);
    await Promise.allSettled(Object.values(this.queues).map((queue) => queue.close()));
  }

  /** Builds and enqueues one job (also used by tests and the control endpoint to send a chosen email). */
  async enqueueOne(
    queueKey: DemoQueueKey,
    overrides: { kindName?: string; payload?: Record<string, unknown>; delayMs?: number } = {}
  ): Promise<DemoJobSpec> {
    const job = buildJob({ queueKey, random: this.random, ids: this.ids, mix: this.options.mix, ...overrides });
    const failed = await this.enqueue([job]);
    if (failed > 0) {
      throw new Error(`could not enqueue ${job.name} job ${job.id}`);
    }
    return job;
  }

  async launchCampaign(size: number): Promise<CampaignResult> {
    const campaignId = `campaign-${randomUUID().slice(0, 8)}`;
    const jobs = buildCampaign(size, campaignId, { random: this.random, ids: this.ids, mix: this.options.mix });
    this.log.info(`campaign launch: enqueueing ${size} emails`, {
      campaign_id: campaignId,
      size,
      queue: DEMO_QUEUES.email.name,
    });
    let failed = 0;
    for (const batch of chunk(jobs, this.options.chunkSize)) {
      failed += await this.enqueue(batch);
    }
    this.log.info(`campaign launch done: ${size - failed} enqueued, ${failed} failed`, {
      campaign_id: campaignId,
      enqueued: size - failed,
      failed,
    });
    return { campaignId, enqueued: size - failed, failed };
  }

  private tick(): void {
    const now = Date.now();
    const elapsed = now - this.lastTick;
    this.lastTick = now;
    // Backpressure: while Redis or PostgreSQL hang, do not pile up batches (and ledger rows) in memory.
    if (this.inFlight.size >= MAX_BATCHES_IN_FLIGHT) {
      if (!this.throttled) {
        this.log.warn(`${this.inFlight.size} batches still being enqueued; pausing steady production`);
      }
      this.throttled = true;
      return;
    }
    if (this.throttled) {
      this.log.info('enqueueing caught up; steady production resumed');
      this.throttled = false;
    }
    for (const key of DEMO_QUEUE_KEYS) {
      const due = takeDueJobs(this.rateStates[key], this.options.rates[key], elapsed);
      if (due === 0) {
        continue;
      }
      const jobs = Array.from({ length: due }, () =>
        buildJob({ queueKey: key, random: this.random, ids: this.ids, mix: this.options.mix })
      );
      for (const batch of chunk(jobs, this.options.chunkSize)) {
        void this.track(this.enqueue(batch));
      }
    }
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work)).catch(() => undefined);
    return work;
  }

  /** Ledger rows, then BullMQ jobs, for jobs of one queue. Returns how many could not be enqueued; never throws. */
  private async enqueue(jobs: DemoJobSpec[]): Promise<number> {
    const first = jobs[0];
    if (!first) {
      return 0;
    }
    const queue = this.queues[first.queueKey];
    const policy = RETRY_POLICY[first.queueKey];
    // The same options go to BullMQ and into the ledger (opts), so drift recovery can re-create the job as it was.
    const withOptions = jobs.map((job) => ({
      job,
      opts: {
        priority: job.priority,
        delay: job.delayMs > 0 ? job.delayMs : undefined,
        attempts: policy.attempts,
        backoff: { type: 'exponential', delay: policy.backoffMs },
      },
    }));
    try {
      await this.options.ledger.insertQueued(withOptions);
    } catch (error) {
      this.log.error(
        `ledger insert failed, ${jobs.length} jobs not enqueued`,
        { queue: queue.name, count: jobs.length },
        error
      );
      return jobs.length;
    }
    try {
      await queue.addBulk(
        withOptions.map(({ job, opts }) => ({
          name: job.name,
          data: { requestId: job.requestId, payload: job.payload },
          opts: { jobId: job.id, ...opts },
        }))
      );
    } catch (error) {
      this.log.error(`enqueue failed for ${jobs.length} jobs`, { queue: queue.name, count: jobs.length }, error);
      await this.options.ledger
        .markEnqueueFailed(
          queue.name,
          jobs.map((job) => job.id),
          error instanceof Error ? error.message : String(error)
        )
        .catch((ledgerError) =>
          this.log.error('ledger update failed after enqueue failure', { queue: queue.name }, ledgerError)
        );
      return jobs.length;
    }
    this.enqueued[first.queueKey] += jobs.length;
    for (const job of jobs) {
      this.log.info(job.delayMs > 0 ? `job scheduled in ${Math.round(job.delayMs / 1000)} s` : 'job enqueued', {
        request_id: job.requestId,
        job_id: job.id,
        queue: job.queue,
        job_name: job.name,
        priority: job.priority,
        delay_ms: job.delayMs || undefined,
        campaign_id: job.payload.campaignId,
      });
    }
    return 0;
  }
}
