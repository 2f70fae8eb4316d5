// Builds, verifies, restores and deletes the benchmark fixture (fixturePlan.ts) under one random prefix.
// Faithful and fast:
// - waiting, prioritized and delayed jobs go in through BullMQ's own addBulk (v5 or v6 Queue, as planned);
// - completed and failed jobs are written with pipelined HSET + ZADD, cloned field for field from template jobs
//   that a real BullMQ Worker of the same version completed and failed (so the hash is BullMQ's exact format,
//   stack trace included); ids are reserved with INCRBY on the queue's `id` counter like BullMQ's own adds;
// - active jobs are held by real Workers whose processor never finishes (locks renewed by BullMQ);
// - then verifyFixture asks BullMQ's getJobCounts (of the version that wrote each queue) what it sees.
import { randomBytes } from 'node:crypto';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { Queue as Queue5, Worker as Worker5 } from 'bullmq5';
import type { Redis } from 'ioredis';
import { escapeGlob } from '../src/queues/bullmq/index.ts';
import { planTotal, type QueuePlan } from './fixturePlan.ts';
import { deleteKeys } from '../test/helpers.ts';

type Fields = Record<string, string>;

export interface JobTemplates {
  completed: Fields;
  failed: Fields;
  /** The template queue's meta hash (written by BullMQ's Queue constructor). */
  meta: Fields;
}

export interface FixtureHandle {
  prefix: string;
  plans: QueuePlan[];
  /** Template hashes per BullMQ version, reused to restore the retry queues. */
  templates: Record<5 | 6, JobTemplates>;
  /** Stops the hanging workers (their jobs stay active until the fixture is deleted). */
  stopWorkers(): Promise<void>;
}

export interface BuildTimings {
  templatesMs: number;
  addBulkMs: number;
  directWritesMs: number;
  workersMs: number;
  totalMs: number;
}

const ADD_BULK_CHUNK = 1_000;
const WRITE_BATCH = 500;
const WRITES_IN_FLIGHT = 4;
const QUEUES_IN_PARALLEL = 4;
const JOB_NAMES = ['send', 'warmup', 'aggregate', 'bounce', 'deliver'];
const FAILURE_REASONS = [
  '421 4.7.0 Try again later, closing connection',
  'connect ETIMEDOUT 203.0.113.25:25',
  '550 5.1.1 The email account that you tried to reach does not exist',
  'Webhook endpoint answered 503 Service Unavailable',
];
const DAY_MS = 86_400_000;

export function randomFixturePrefix(): string {
  return `sysmon-bench-${randomBytes(4).toString('hex')}`;
}

/** A ~200-byte payload like the platform's email jobs. */
export function jobPayload(i: number): Record<string, unknown> {
  return {
    to: `recipient-${i}@example.net`,
    from: 'campaigns@penguinmails.example',
    campaignId: `cmp-${i % 97}`,
    templateId: `tpl-${i % 13}`,
    vars: { firstName: 'Ada', unsubscribeUrl: `https://penguinmails.example/u/${i.toString(36)}` },
    requestId: `req-${i.toString(16).padStart(8, '0')}`,
  };
}

function queueClass(version: 5 | 6): typeof Queue {
  return (version === 5 ? Queue5 : Queue) as unknown as typeof Queue;
}

function workerClass(version: 5 | 6): typeof Worker {
  return (version === 5 ? Worker5 : Worker) as unknown as typeof Worker;
}

async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) {
      throw new Error(`fixture: timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * One completed and one failed job made by a real Worker of `version` (2 attempts, so the failed one has two
 * stack trace entries), read back with HGETALL, under a scratch prefix that is deleted afterwards.
 */
export async function makeTemplates(
  redis: Redis,
  connection: ConnectionOptions,
  version: 5 | 6
): Promise<JobTemplates> {
  const prefix = `${randomFixturePrefix()}-tpl`;
  const QueueClass = queueClass(version);
  const WorkerClass = workerClass(version);
  const queue = new QueueClass('template', { connection, prefix });
  const worker = new WorkerClass(
    'template',
    async (job) => {
      if (job.data.fail) {
        throw new Error(FAILURE_REASONS[0]);
      }
      return { messageId: `<${job.id}@penguinmails.example>`, accepted: 1 };
    },
    { connection, prefix, concurrency: 2 }
  );
  try {
    const opts = { attempts: 2, removeOnComplete: false, removeOnFail: false };
    const [ok, bad] = await queue.addBulk([
      { name: 'send', data: { ...jobPayload(1), fail: false }, opts },
      { name: 'send', data: { ...jobPayload(2), fail: true }, opts },
    ]);
    await waitUntil(
      'template jobs to finish',
      async () =>
        (await redis.zscore(`${prefix}:template:completed`, ok!.id!)) !== null &&
        (await redis.zscore(`${prefix}:template:failed`, bad!.id!)) !== null
    );
    const [completed, failed, meta] = await Promise.all([
      redis.hgetall(`${prefix}:template:${ok!.id}`),
      redis.hgetall(`${prefix}:template:${bad!.id}`),
      redis.hgetall(`${prefix}:template:meta`),
    ]);
    return { completed, failed, meta };
  } finally {
    await worker.close(true);
    await queue.close();
    await deleteKeys(redis, `${escapeGlob(prefix)}:*`);
  }
}

/** The hash of a cloned finished job: the template's fields with this job's name, data and times. */
export function finishedJobFields(template: Fields, state: 'completed' | 'failed', i: number, now: number): Fields {
  // Deterministic spread over the last day; processing took 5..2000 ms after 0..60 s of waiting.
  const finishedOn = now - ((i * 7_919) % DAY_MS);
  const processedOn = finishedOn - (5 + ((i * 31) % 1_995));
  const timestamp = processedOn - ((i * 613) % 60_000);
  const fields: Fields = {
    ...template,
    name: JOB_NAMES[i % JOB_NAMES.length]!,
    data: JSON.stringify(jobPayload(i)),
    timestamp: String(timestamp),
    processedOn: String(processedOn),
    finishedOn: String(finishedOn),
  };
  if (state === 'completed') {
    fields.returnvalue = JSON.stringify({ messageId: `<${i}@penguinmails.example>`, accepted: 1 });
  } else {
    const reason = FAILURE_REASONS[i % FAILURE_REASONS.length]!;
    fields.failedReason = reason;
    // The template's real stack frames under this job's message.
    const stack = JSON.parse(template.stacktrace ?? '[]') as string[];
    fields.stacktrace = JSON.stringify(stack.map((entry) => entry.replace(/^Error: .*$/m, `Error: ${reason}`)));
  }
  return fields;
}

/** Writes `count` finished jobs into `<prefix>:<queue>:<state>` with pipelined HSET + ZADD (ids via INCRBY id). */
export async function writeFinishedJobs(
  redis: Redis,
  prefix: string,
  queue: string,
  state: 'completed' | 'failed',
  count: number,
  template: Fields,
  now = Date.now()
): Promise<void> {
  if (count === 0) {
    return;
  }
  const base = `${prefix}:${queue}:`;
  const lastId = await redis.incrby(`${base}id`, count);
  const firstId = lastId - count + 1;
  const batches: Array<[number, number]> = [];
  for (let start = firstId; start <= lastId; start += WRITE_BATCH) {
    batches.push([start, Math.min(lastId, start + WRITE_BATCH - 1)]);
  }
  const writeBatch = async ([from, to]: [number, number]) => {
    const pipeline = redis.pipeline();
    const members: Array<string | number> = [];
    for (let id = from; id <= to; id += 1) {
      const fields = finishedJobFields(template, state, id, now);
      pipeline.hset(`${base}${id}`, fields);
      members.push(Number(fields.finishedOn), String(id));
    }
    pipeline.zadd(`${base}${state}`, ...members);
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed) {
      throw failed[0]!;
    }
  };
  await runLimited(batches, WRITES_IN_FLIGHT, writeBatch);
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function runLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await task(item);
    }
  });
  await Promise.all(lanes);
}

async function addPlannedJobs(connection: ConnectionOptions, prefix: string, plan: QueuePlan): Promise<void> {
  const QueueClass = queueClass(plan.version);
  // A producer's Queue (it writes meta.version like a real producer does).
  const queue = new QueueClass(plan.name, { connection, prefix });
  try {
    if (plan.paused) {
      // Paused before the adds: BullMQ 5 producers then push into the `paused` list, v6 into `wait`.
      await queue.pause();
    }
    const jobs: Array<{ name: string; data: unknown; opts: Record<string, unknown> }> = [];
    let i = 0;
    const add = (opts: Record<string, unknown>) => {
      i += 1;
      jobs.push({ name: JOB_NAMES[i % JOB_NAMES.length]!, data: jobPayload(i), opts: { attempts: 3, ...opts } });
    };
    for (let n = 0; n < plan.waiting; n += 1) {
      add({});
    }
    for (const band of plan.prioritized) {
      for (let n = 0; n < band.count; n += 1) {
        add({ priority: band.priority });
      }
    }
    for (let n = 0; n < plan.delayed; n += 1) {
      // Due between 1 hour and 7 days from now: never promoted during the benchmark.
      add({ delay: 3_600_000 + ((n * 104_729) % (6 * DAY_MS)) });
    }
    for (let start = 0; start < jobs.length; start += ADD_BULK_CHUNK) {
      await queue.addBulk(jobs.slice(start, start + ADD_BULK_CHUNK) as never);
    }
  } finally {
    await queue.close();
  }
}

async function writeMetricsCounters(redis: Redis, prefix: string, plan: QueuePlan, now: number): Promise<void> {
  // collectMetrics' format: hash count/prevTS/prevCount and a newest-first list of per-minute counts.
  const pipeline = redis.pipeline();
  for (const [type, count] of [
    ['completed', plan.completed],
    ['failed', plan.failed],
  ] as const) {
    const key = `${prefix}:${plan.name}:metrics:${type}`;
    pipeline.hset(key, { count: String(count), prevTS: String(now), prevCount: String(count) });
    const perMinute = Array.from({ length: 60 }, (_, minute) => String(Math.round(count / 1440) + (minute % 3)));
    pipeline.lpush(`${key}:data`, ...perMinute);
  }
  await pipeline.exec();
}

export interface BuildOptions {
  redis: Redis;
  /** Connection options for BullMQ (each Queue/Worker opens its own connection). */
  connection: ConnectionOptions;
  prefix: string;
  plans: QueuePlan[];
  log?: (message: string) => void;
}

export async function buildFixture(options: BuildOptions): Promise<{ fixture: FixtureHandle; timings: BuildTimings }> {
  const { redis, connection, prefix, plans } = options;
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  const templates = {
    5: await makeTemplates(redis, connection, 5),
    6: await makeTemplates(redis, connection, 6),
  };
  const templatesDone = performance.now();

  await runLimited(plans, QUEUES_IN_PARALLEL, (plan) => addPlannedJobs(connection, prefix, plan));
  const addBulkDone = performance.now();
  log(`addBulk: ${((addBulkDone - templatesDone) / 1000).toFixed(1)} s`);

  const now = Date.now();
  for (const plan of plans) {
    const template = templates[plan.version];
    if (plan.role !== 'regular') {
      // The retry queues get no producer adds: give them the meta hash a producer's Queue writes.
      await redis.hset(`${prefix}:${plan.name}:meta`, template.meta);
    }
    await writeFinishedJobs(redis, prefix, plan.name, 'failed', plan.failed, template.failed, now);
    await writeFinishedJobs(redis, prefix, plan.name, 'completed', plan.completed, template.completed, now);
    if (plan.metrics) {
      await writeMetricsCounters(redis, prefix, plan, now);
    }
  }
  const writesDone = performance.now();
  log(`direct writes: ${((writesDone - addBulkDone) / 1000).toFixed(1)} s`);

  const workers: Worker[] = [];
  let release: () => void = () => undefined;
  const hang = new Promise<void>((resolve) => {
    release = resolve;
  });
  for (const plan of plans.filter((p) => p.workers > 0)) {
    const WorkerClass = workerClass(plan.version);
    const worker = new WorkerClass(plan.name, () => hang, { connection, prefix, concurrency: plan.workers });
    worker.on('error', () => undefined);
    workers.push(worker);
    await waitUntil(
      `${plan.name}: ${plan.workers} active jobs`,
      async () => (await redis.llen(`${prefix}:${plan.name}:active`)) >= plan.workers
    );
  }
  const workersDone = performance.now();

  const fixture: FixtureHandle = {
    prefix,
    plans,
    templates,
    async stopWorkers() {
      await Promise.all(workers.map((worker) => worker.close(true)));
      release();
    },
  };
  return {
    fixture,
    timings: {
      templatesMs: templatesDone - started,
      addBulkMs: addBulkDone - templatesDone,
      directWritesMs: writesDone - addBulkDone,
      workersMs: workersDone - writesDone,
      totalMs: workersDone - started,
    },
  };
}

export type StateTotals = Record<
  'waiting' | 'prioritized' | 'active' | 'delayed' | 'failed' | 'completed' | 'waitingChildren',
  number
>;

export interface Verification {
  totals: StateTotals;
  jobs: number;
  queues: number;
  problems: string[];
}

/**
 * What BullMQ itself sees: getJobCounts per queue with the BullMQ version that wrote it (v5 reports a paused
 * queue's jobs as `paused`, counted here as waiting). Compared with the plan: every finished/delayed count
 * exactly; waiting + prioritized + active equal to the planned adds; active equal to the hanging workers'
 * concurrency.
 */
export async function verifyFixture(connection: ConnectionOptions, fixture: FixtureHandle): Promise<Verification> {
  const totals: StateTotals = {
    waiting: 0,
    prioritized: 0,
    active: 0,
    delayed: 0,
    failed: 0,
    completed: 0,
    waitingChildren: 0,
  };
  const problems: string[] = [];
  let jobs = 0;
  for (const plan of fixture.plans) {
    const QueueClass = queueClass(plan.version);
    const queue = new QueueClass(plan.name, { connection, prefix: fixture.prefix, skipMetasUpdate: true });
    try {
      const types = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed', 'waiting-children'];
      if (plan.version === 5) {
        types.push('paused');
      }
      const counts = await queue.getJobCounts(...(types as never[]));
      const c = (type: string) => Number((counts as Record<string, number>)[type] ?? 0);
      const seen: StateTotals = {
        waiting: c('waiting') + c('paused'),
        prioritized: c('prioritized'),
        active: c('active'),
        delayed: c('delayed'),
        failed: c('failed'),
        completed: c('completed'),
        waitingChildren: c('waiting-children'),
      };
      const added = plan.waiting + plan.prioritized.reduce((sum, band) => sum + band.count, 0);
      const expect = (what: string, actual: number, expected: number) => {
        if (actual !== expected) {
          problems.push(`${plan.name}: ${what} is ${actual}, planned ${expected}`);
        }
      };
      expect('failed', seen.failed, plan.failed);
      expect('completed', seen.completed, plan.completed);
      expect('delayed', seen.delayed, plan.delayed);
      expect('waiting+prioritized+active', seen.waiting + seen.prioritized + seen.active, added);
      expect('active', seen.active, plan.workers);
      expect('paused flag', Number(await queue.isPaused()), Number(plan.paused));
      for (const key of Object.keys(totals) as Array<keyof StateTotals>) {
        totals[key] += seen[key];
      }
      jobs += Object.values(seen).reduce((sum, value) => sum + value, 0);
      if (Object.values(seen).reduce((sum, value) => sum + value, 0) !== planTotal(plan)) {
        problems.push(`${plan.name}: BullMQ counts ${JSON.stringify(seen)} do not add up to ${planTotal(plan)}`);
      }
    } finally {
      await queue.close();
    }
  }
  return { totals, jobs, queues: fixture.plans.length, problems };
}

/** Deletes the whole fixture (every key under `<prefix>:`). */
export async function deleteFixture(redis: Redis, prefix: string): Promise<{ keys: number; ms: number }> {
  const started = performance.now();
  const keys = await deleteKeys(redis, `${escapeGlob(prefix)}:*`);
  return { keys, ms: performance.now() - started };
}

/**
 * Puts a retry queue back to its planned state (all jobs failed) after a retry measurement moved them to wait:
 * its keys are deleted (SCAN + UNLINK) and the failed jobs written again.
 */
export async function restoreRetryQueue(redis: Redis, fixture: FixtureHandle, plan: QueuePlan): Promise<void> {
  const template = fixture.templates[plan.version];
  await deleteKeys(redis, `${escapeGlob(`${fixture.prefix}:${plan.name}`)}:*`);
  await redis.hset(`${fixture.prefix}:${plan.name}:meta`, template.meta);
  await writeFinishedJobs(redis, fixture.prefix, plan.name, 'failed', plan.failed, template.failed);
}
