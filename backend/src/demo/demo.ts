// Wires the demo platform together: SMTP sink, platform API, workers, producers and the control endpoint.
// startDemo is the programmatic entry (tests, `sysmon demo`); stop() closes everything in dependency order.
import type { ConnectionOptions, Queue, Worker } from 'bullmq';
import type { Pool } from '../db/pool.ts';
import type { DemoQueueKey } from './catalog.ts';
import { startControlServer } from './control.ts';
import { DEFAULT_JOB_MIX, type DemoJobSpec, type JobMix } from './jobFactory.ts';
import { JobLedger } from './ledger.ts';
import { DemoLogger, createStdoutSink, type LogLevel, type LogSink } from './logging.ts';
import {
  createAnalyticsProcessor,
  createEmailProcessor,
  createWarmupProcessor,
  type SimulationOptions,
} from './processors.ts';
import { Producer, type CampaignResult } from './producer.ts';
import { PlatformApi, type ApiMode } from './platformApi.ts';
import { SmtpSink, type ReceivedMessage, type SmtpMode } from './smtpSink.ts';
import { createWorkers, type DemoJobData } from './workers.ts';

export interface StartDemoOptions {
  redisUrl: string;
  /** CLIENT SETNAME of the demo's Redis connections (BullMQ names its blocking ones `<prefix>:<queue>`). */
  redisConnectionName?: string;
  /** The caller owns the pool (it is not closed by stop()). */
  pool: Pool;
  ledgerTable: string;
  prefix: string;
  rates?: Partial<Record<DemoQueueKey, number>>;
  concurrency?: Partial<Record<DemoQueueKey, number>>;
  mix?: Partial<JobMix>;
  simulation?: Partial<Omit<SimulationOptions, 'random'>>;
  campaign?: { size: number; everySeconds?: number; now?: boolean };
  chunkSize?: number;
  smtp?: Partial<{
    host: string;
    port: number;
    mode: SmtpMode;
    slowBannerMs: number;
    refuseCode: 421 | 554;
    tempFailRate: number;
    clientTimeoutMs: number;
  }>;
  /** The platform API (default: 127.0.0.1, any free port, normal, 2 s in slow mode); false: none. */
  api?: Partial<{ host: string; port: number; mode: ApiMode; slowMs: number }> | false;
  /** false disables the control endpoint. */
  control?: { host?: string; port?: number } | false;
  logSink?: LogSink;
  logLevel?: LogLevel;
  metricsMaxDataPoints?: number;
  random?: () => number;
}

export interface RunningDemo {
  stop(): Promise<void>;
  smtp: {
    port: number;
    getMode(): SmtpMode;
    /** Settles once the mode is in effect (down: the socket is closed; back from down: listening again). */
    setMode(mode: SmtpMode): Promise<void>;
    receivedCount(): number;
    messages: readonly ReceivedMessage[];
  };
  /** The platform API; undefined when started with `api: false`. */
  api: { port: number; getMode(): ApiMode; setMode(mode: ApiMode): Promise<void> } | undefined;
  controlPort: number | undefined;
  queues: Record<DemoQueueKey, Queue<DemoJobData>>;
  workers: Array<Worker<DemoJobData>>;
  enqueueOne(
    queueKey: DemoQueueKey,
    overrides?: { kindName?: string; payload?: Record<string, unknown>; delayMs?: number }
  ): Promise<DemoJobSpec>;
  launchCampaign(size: number): Promise<CampaignResult>;
  enqueued(): Record<DemoQueueKey, number>;
  logger: DemoLogger;
}

export async function startDemo(options: StartDemoOptions): Promise<RunningDemo> {
  const logSink = options.logSink ?? createStdoutSink();
  const sinkFlush = logSink.flush?.bind(logSink);
  const logger = new DemoLogger(logSink, 'demo', options.logLevel ?? 'info');
  const random = options.random ?? Math.random;
  const connection: ConnectionOptions = {
    url: options.redisUrl,
    connectionName: options.redisConnectionName ?? 'sysmon-demo',
    // Back within a second of Redis returning: BullMQ's default backoff grows to 20 s between attempts, which
    // would show the workers Down long after Redis is back.
    retryStrategy: (times: number) => Math.min(times * 200, 1_000),
  };
  const ledger = new JobLedger(options.pool, options.ledgerTable);
  await ledger.assertExists();
  const smtpHost = options.smtp?.host ?? '127.0.0.1';

  const sink = new SmtpSink({
    host: smtpHost,
    port: options.smtp?.port ?? 2525,
    mode: options.smtp?.mode ?? 'normal',
    slowBannerMs: options.smtp?.slowBannerMs ?? 3_000,
    refuseCode: options.smtp?.refuseCode ?? 421,
    tempFailRate: options.smtp?.tempFailRate ?? 0.02,
    random,
    logger: logger.child('smtp-sink'),
  });
  const smtpPort = await sink.start();

  let api: PlatformApi | undefined;
  if (options.api !== false) {
    api = new PlatformApi({
      host: options.api?.host ?? '127.0.0.1',
      port: options.api?.port ?? 0,
      mode: options.api?.mode ?? 'normal',
      slowMs: options.api?.slowMs ?? 2_000,
      logger: logger.child('platform-api'),
    });
    await api.start().catch(async (error: unknown) => {
      await sink.stop();
      throw error;
    });
  }

  const simulation: SimulationOptions = {
    latencyScale: options.simulation?.latencyScale ?? 1,
    warmupTempFailRate: options.simulation?.warmupTempFailRate ?? 0.05,
    analyticsTimeoutRate: options.simulation?.analyticsTimeoutRate ?? 0.03,
    random,
  };
  const email = createEmailProcessor({
    // A sink listening on every address is reached through loopback.
    host: smtpHost === '0.0.0.0' ? '127.0.0.1' : smtpHost === '::' ? '::1' : smtpHost,
    port: smtpPort,
    timeoutMs: options.smtp?.clientTimeoutMs ?? 5_000,
  });
  const workerSet = createWorkers({
    connection,
    prefix: options.prefix,
    concurrency: { email: 5, warmup: 3, analytics: 2, ...options.concurrency },
    processors: {
      email: email.process,
      warmup: createWarmupProcessor(simulation),
      analytics: createAnalyticsProcessor(simulation),
    },
    ledger,
    logger,
    metricsMaxDataPoints: options.metricsMaxDataPoints,
  });

  const producer = new Producer({
    connection,
    prefix: options.prefix,
    ledger,
    logger,
    rates: { email: 0, warmup: 0, analytics: 0, ...options.rates },
    mix: { ...DEFAULT_JOB_MIX, ...options.mix },
    chunkSize: options.chunkSize ?? 500,
    random,
  });

  let control: { port: number; close(): Promise<void> } | undefined;
  const campaignSize = options.campaign?.size ?? 500;
  if (options.control !== false) {
    control = await startControlServer(
      {
        getSmtpMode: () => sink.getMode(),
        setSmtpMode: (mode) => sink.setMode(mode),
        api: api && { getMode: () => api.getMode(), setMode: (mode) => api.setMode(mode) },
        launchCampaign: (size) => producer.launchCampaign(size),
        status: () => ({
          smtp: { mode: sink.getMode(), port: smtpPort, received: sink.receivedCount },
          api: api ? { mode: api.getMode(), port: api.port } : null,
          enqueued: { ...producer.enqueued },
          prefix: options.prefix,
        }),
      },
      {
        host: options.control?.host ?? '127.0.0.1',
        port: options.control?.port ?? 2526,
        logger: logger.child('control'),
      }
    ).catch(async (error: unknown) => {
      // Do not leave the sink and workers running when the control port is taken.
      await Promise.allSettled([producer.stop(), workerSet.close(), sink.stop(), api?.stop()]);
      email.close();
      throw error;
    });
  }

  producer.start();
  if (options.campaign?.everySeconds) {
    producer.startCampaigns(campaignSize, options.campaign.everySeconds);
  }
  if (options.campaign?.now) {
    producer.launchCampaignInBackground(campaignSize);
  }
  logger.info('demo started', {
    prefix: options.prefix,
    ledger_table: options.ledgerTable,
    smtp_port: smtpPort,
    api_port: api?.port,
    control_port: control?.port,
  });

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      logger.info('demo stopping');
      await control?.close();
      await producer.stop();
      await workerSet.close();
      email.close();
      await sink.stop();
      await api?.stop();
      logger.info('demo stopped');
      await sinkFlush?.();
    })();
    return stopping;
  };

  return {
    stop,
    smtp: {
      port: smtpPort,
      getMode: () => sink.getMode(),
      setMode: (mode) => sink.setMode(mode),
      receivedCount: () => sink.receivedCount,
      messages: sink.messages,
    },
    api: api && { port: api.port, getMode: () => api.getMode(), setMode: (mode) => api.setMode(mode) },
    controlPort: control?.port,
    queues: producer.queues,
    workers: workerSet.workers,
    enqueueOne: (queueKey, overrides) => producer.enqueueOne(queueKey, overrides),
    launchCampaign: (size) => producer.launchCampaign(size),
    enqueued: () => ({ ...producer.enqueued }),
    logger,
  };
}
