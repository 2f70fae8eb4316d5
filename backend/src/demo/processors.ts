// What the demo workers do with each job: email really goes through SMTP; warmup and analytics
// simulate remote calls with realistic latency, occasional 421s from inbox providers and timeouts.
import { createTransport, type Transporter } from 'nodemailer';
import type { DemoQueueKey } from './catalog.ts';
import { JobTimeoutError, SmtpTemporaryError, classifySmtpError } from './errors.ts';
import type { Random } from './jobFactory.ts';

export interface ProcessorJob {
  id: string;
  name: string;
  requestId: string;
  data: Record<string, unknown>;
}

export interface SimulationOptions {
  /** Multiplies every simulated latency (tests use a small factor). */
  latencyScale: number;
  /** Share of warmup jobs whose remote inbox provider answers 421. */
  warmupTempFailRate: number;
  /** Share of analytics jobs whose aggregation query exceeds its budget. */
  analyticsTimeoutRate: number;
  random: Random;
}

export interface SmtpClientOptions {
  host: string;
  port: number;
  /** Greeting and connection budget; a slow sink beyond it makes the attempt time out. */
  timeoutMs: number;
}

export type Processor = (job: ProcessorJob) => Promise<Record<string, unknown>>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work`, failing with JobTimeoutError when it takes longer than `budgetMs`. */
export async function withTimeout<T>(what: string, budgetMs: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new JobTimeoutError(`${what} timed out after ${budgetMs} ms`)), budgetMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A latency around `meanMs` with a long tail (most fast, a few slow), scaled. */
export function latencyMs(meanMs: number, random: Random, scale: number): number {
  const tail = -Math.log(1 - random() * 0.999); // exponential, mean 1
  return Math.round(meanMs * (0.5 + 0.5 * tail) * scale);
}

export function createEmailProcessor(smtp: SmtpClientOptions): { process: Processor; close(): void } {
  // One connection per message (no pool), so a switch of the sink's mode shows on the very next send.
  const transport: Transporter = createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: false,
    ignoreTLS: true,
    pool: false,
    connectionTimeout: smtp.timeoutMs,
    greetingTimeout: smtp.timeoutMs,
    socketTimeout: smtp.timeoutMs * 2,
  });
  const process: Processor = async (job) => {
    const data = job.data;
    try {
      const info = await transport.sendMail({
        from: String(data.from ?? 'no-reply@penguinmails.test'),
        to: String(data.to),
        subject: String(data.subject ?? job.name),
        text: `Hello from PenguinMails (${job.name}).\nrequest ${job.requestId}\n`,
        headers: { 'X-Request-ID': job.requestId, 'X-PenguinMails-Job': job.id },
      });
      return { messageId: info.messageId, response: info.response, accepted: (info.accepted ?? []).map(String) };
    } catch (error) {
      throw classifySmtpError(error);
    }
  };
  return { process, close: () => transport.close() };
}

export function createWarmupProcessor(sim: SimulationOptions): Processor {
  return async (job) => {
    await sleep(latencyMs(150, sim.random, sim.latencyScale));
    if (sim.random() < sim.warmupTempFailRate) {
      throw new SmtpTemporaryError(
        `421 4.7.0 seed inbox provider throttled ${String(job.data.mailbox)}, try again later`,
        421
      );
    }
    return { inboxPlacement: sim.random() < 0.9 ? 'inbox' : 'spam' };
  };
}

export function createAnalyticsProcessor(sim: SimulationOptions): Processor {
  return async (job) => {
    const budgetMs = Math.max(20, Math.round(1_500 * sim.latencyScale));
    const slow = sim.random() < sim.analyticsTimeoutRate;
    const queryMs = slow ? budgetMs * 2 : latencyMs(300, sim.random, sim.latencyScale);
    await withTimeout(`aggregation query for ${String(job.data.tenantId)} (${job.name})`, budgetMs, sleep(queryMs));
    return { rows: Math.floor(sim.random() * 10_000) };
  };
}

export type ProcessorSet = Record<DemoQueueKey, Processor>;
