// What the benchmark fixture holds, queue by queue (pure, so the exact totals are unit-tested).
// Two queues hold only failed jobs: the targets of the two retry measurements (our endpoint, BullMQ's retryJobs).
// The other queues share the rest with uneven sizes (weights 1..5) and every state: waiting, prioritized at
// several priorities, delayed, failed, completed; some are paused, some written by BullMQ 5, some have hanging
// workers holding active jobs, half have metrics counters (as if their workers enabled metrics).

export interface FixtureSpec {
  queues: number;
  /** Jobs across all queues (exact). */
  totalJobs: number;
  /** Failed jobs in each of the two retry queues. */
  retryFailed: number;
  /** Concurrency of each hanging worker (the active jobs it holds). */
  workerConcurrency: number;
}

export const FULL_SPEC: FixtureSpec = { queues: 60, totalJobs: 1_000_000, retryFailed: 100_000, workerConcurrency: 10 };
export const QUICK_SPEC: FixtureSpec = { queues: 60, totalJobs: 60_000, retryFailed: 1_000, workerConcurrency: 5 };

export type QueueRole = 'regular' | 'retry-service' | 'retry-bullmq';

export interface PriorityCount {
  priority: number;
  count: number;
}

export interface QueuePlan {
  name: string;
  role: QueueRole;
  /** BullMQ major version of the producer (addBulk) and of the getJobCounts used to verify. */
  version: 5 | 6;
  paused: boolean;
  /** Concurrency of a hanging worker on this queue (0 = none); its jobs move from waiting to active. */
  workers: number;
  /** Write metrics:completed / metrics:failed counters, as workers with `metrics` enabled do. */
  metrics: boolean;
  waiting: number;
  prioritized: PriorityCount[];
  delayed: number;
  failed: number;
  completed: number;
}

export const JOB_PRIORITIES = [1, 2, 5, 10] as const;
const BASE_NAMES = [
  'email-sending',
  'warmup-processing',
  'analytics-aggregation',
  'bounce-handling',
  'webhook-delivery',
  'list-import',
];
const TIER_SUFFIXES = ['-high', '', '-low'];

export function planTotal(plan: QueuePlan): number {
  return (
    plan.waiting +
    plan.prioritized.reduce((sum, band) => sum + band.count, 0) +
    plan.delayed +
    plan.failed +
    plan.completed
  );
}

/** Splits `total` into integer parts proportional to `weights` (largest remainders get the leftover). */
export function splitByWeights(total: number, weights: readonly number[]): number[] {
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  const exact = weights.map((weight) => (total * weight) / weightSum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((sum, part) => sum + part, 0);
  const order = exact
    .map((value, index) => ({ index, rest: value - Math.floor(value) }))
    .sort((a, b) => b.rest - a.rest);
  for (let i = 0; left > 0; i = (i + 1) % order.length, left -= 1) {
    parts[order[i]!.index]! += 1;
  }
  return parts;
}

function regularQueue(index: number, jobs: number, workerConcurrency: number): QueuePlan {
  const [waiting, prioritizedTotal, delayed, failed, completed] = splitByWeights(jobs, [15, 15, 8, 12, 50]) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const bands = splitByWeights(
    prioritizedTotal,
    JOB_PRIORITIES.map(() => 1)
  );
  const version = index % 6 === 5 ? 5 : 6;
  const paused = index === 2 || index === 11 || index === 20;
  const name = `${BASE_NAMES[index % BASE_NAMES.length]}-${String(index + 1).padStart(2, '0')}${
    TIER_SUFFIXES[index % TIER_SUFFIXES.length]
  }`;
  return {
    name,
    role: 'regular',
    version,
    paused,
    // Hanging workers on the first six v6 queues that are not paused.
    workers: [0, 1, 3, 4, 6, 7].includes(index) ? workerConcurrency : 0,
    metrics: index % 2 === 0,
    waiting,
    prioritized: JOB_PRIORITIES.map((priority, i) => ({ priority, count: bands[i]! })),
    delayed,
    failed,
    completed,
  };
}

function retryQueue(role: 'retry-service' | 'retry-bullmq', failed: number): QueuePlan {
  return {
    name: role === 'retry-service' ? 'retry-target-service' : 'retry-target-bullmq',
    role,
    version: 6,
    paused: false,
    workers: 0,
    metrics: false,
    waiting: 0,
    prioritized: [],
    delayed: 0,
    failed,
    completed: 0,
  };
}

export function planFixture(spec: FixtureSpec): QueuePlan[] {
  if (spec.queues < 10) {
    throw new Error('the fixture needs at least 10 queues');
  }
  const regularCount = spec.queues - 2;
  const regularJobs = spec.totalJobs - 2 * spec.retryFailed;
  if (regularJobs < regularCount * 100) {
    throw new Error('too few jobs for the regular queues (at least 100 each)');
  }
  const sizes = splitByWeights(
    regularJobs,
    Array.from({ length: regularCount }, (_, i) => 1 + (i % 5))
  );
  return [
    ...sizes.map((jobs, index) => regularQueue(index, jobs, spec.workerConcurrency)),
    retryQueue('retry-service', spec.retryFailed),
    retryQueue('retry-bullmq', spec.retryFailed),
  ];
}
