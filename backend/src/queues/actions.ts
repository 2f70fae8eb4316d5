// Operator actions on BullMQ queues, all through BullMQ 6 Queue objects (queueHandles.ts) and all bounded:
// nothing here drains, obliterates or walks a whole state. Batches are ≤ ACTION_BATCH jobs per Redis script call
// (docs/bullmq-internals.md §6: at 500 the worst parallel PING stayed under 10 ms; at 5000 it reached 300+ ms),
// and the event loop yields between batches.
// v5-written queues: pause/resume use the v6 scripts, which handle both layouts (v6 resume merges a leftover v5
// `paused` list back into `wait`); never resume such a queue with a v5 tool afterwards (v5 resume RENAMEs
// paused→wait and would drop what is in `wait`).
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  type BulkCountBody,
  type CleanBody,
  type CleanResult,
  type JobRemoveResult,
  type JobRetryResult,
  type PromoteDelayedResult,
  type QueuePauseResult,
  type RetryFailedResult,
  type TierPauseResult,
  type Tier,
  queueTier,
  TIERS,
} from '@penguinmails/sysmon-contract';
import { ConflictError, InvalidInputError } from '../errors.ts';
import {
  delayedIds,
  existingRefs,
  failedBoundary,
  retryFailedBatch,
  whileConnected,
  type QueueHandles,
  type QueueRef,
} from './bullmq/index.ts';
import { jobNotFound } from './errors.ts';

export const ACTION_BATCH = 500;

const JOB_ID = /^[^\s]{1,256}$/;

export interface QueueActionsOptions {
  redis: Redis;
  prefixes: readonly string[];
  tiers: Readonly<Record<string, Tier>>;
  handles: QueueHandles;
  /**
   * Every known queue (cached discovery), for tier actions. Never awaited fresh on the request path: a queue
   * created since is found through the tier's configured names (EXISTS), and a background refresh is started.
   */
  discovery: { get(): Promise<QueueRef[]>; refresh?(): void };
  /** Called after any mutation, e.g. to invalidate the snapshot cache so the next poll shows it. */
  onMutation?: () => void;
}

export type QueueActions = ReturnType<typeof createQueueActions>;

/** Every method of `actions` wrapped by `wrap`. */
function guardEach<Actions extends Record<string, (...args: never[]) => Promise<unknown>>>(
  wrap: <Args extends unknown[], Result>(
    action: (...args: Args) => Promise<Result>
  ) => (...args: Args) => Promise<Result>,
  actions: Actions
): Actions {
  return Object.fromEntries(
    Object.entries(actions).map(([name, action]) => [name, wrap(action as (...args: unknown[]) => Promise<unknown>)])
  ) as unknown as Actions;
}

export function createQueueActions(options: QueueActionsOptions) {
  const { redis, handles } = options;
  const changed = () => options.onMutation?.();

  async function existingJobState(queue: Queue, queueName: string, id: string): Promise<string> {
    const state = JOB_ID.test(id) ? await queue.getJobState(id) : 'unknown';
    if (state === 'unknown') {
      throw jobNotFound(queueName, id);
    }
    return state;
  }

  async function setPaused(ref: QueueRef, paused: boolean): Promise<QueuePauseResult> {
    const queue = handles.get(ref);
    await (paused ? queue.pause() : queue.resume());
    changed();
    return { queue: ref.name, paused: await queue.isPaused() };
  }

  /**
   * The tier's queues without a SCAN on the request path: the cached discovery, plus every queue configured for
   * the tier (config.queues.tiers) under each prefix, so one created since the last discovery is paused too; each
   * candidate checked with EXISTS (one pipeline). A suffix-tiered queue (`-low`) newer than the cached discovery
   * is not known yet: a background refresh is started for the next call. Sorted by prefix, then name.
   */
  async function tierQueueRefs(tier: Tier): Promise<QueueRef[]> {
    const discovered = await options.discovery.get();
    options.discovery.refresh?.();
    const configured = Object.keys(options.tiers).filter((name) => options.tiers[name] === tier);
    const byKey = new Map<string, QueueRef>();
    for (const ref of [
      ...discovered.filter((ref) => queueTier(ref.name, options.tiers) === tier),
      ...configured.flatMap((name) => options.prefixes.map((prefix) => ({ prefix, name }))),
    ]) {
      byKey.set(`${ref.prefix}\u0000${ref.name}`, ref);
    }
    // Configured names not created yet, and queues deleted since the cached discovery, are left alone (pausing
    // them would write a new meta hash).
    return (await existingRefs(redis, [...byKey.values()])).sort((a, b) =>
      a.prefix === b.prefix ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.prefix < b.prefix ? -1 : 1
    );
  }

  async function setTierPaused(tierParam: string, paused: boolean): Promise<TierPauseResult> {
    if (!(TIERS as readonly string[]).includes(tierParam)) {
      throw new InvalidInputError(`expected one of ${TIERS.join(', ')}`, 'tier');
    }
    const tier = tierParam as Tier;
    const refs = await tierQueueRefs(tier);
    // One queue at a time: each is a single O(1) script (a v6 resume of a v5 layout moves ≤ 7000 ids per call).
    for (const ref of refs) {
      const queue = handles.get(ref);
      await (paused ? queue.pause() : queue.resume());
    }
    changed();
    return { tier, queues: refs.map((ref) => ref.name), paused };
  }

  // Every action runs while Redis is connected; a lost connection is UnavailableError (503), never a silent no-op.
  const connected =
    <Args extends unknown[], Result>(action: (...args: Args) => Promise<Result>) =>
    (...args: Args) =>
      whileConnected(redis, () => action(...args));

  return guardEach(connected, {
    pause: (ref: QueueRef) => setPaused(ref, true),
    resume: (ref: QueueRef) => setPaused(ref, false),
    pauseTier: (tier: string) => setTierPaused(tier, true),
    resumeTier: (tier: string) => setTierPaused(tier, false),

    /** Retries one failed job (job.retry: v6 re-adds it to `prioritized` when it has a priority). */
    async retryJob(ref: QueueRef, id: string): Promise<JobRetryResult> {
      const queue = handles.get(ref);
      const state = await existingJobState(queue, ref.name, id);
      if (state !== 'failed') {
        throw new ConflictError('job_not_failed', `job "${id}" is ${state}, only failed jobs can be retried`);
      }
      const job = await queue.getJob(id);
      if (!job) {
        throw jobNotFound(ref.name, id);
      }
      await job.retry('failed');
      changed();
      return { queue: ref.name, id, state: await queue.getJobState(id) };
    },

    /** Removes one job (and its children); refused while it is active or locked by a worker. */
    async removeJob(ref: QueueRef, id: string): Promise<JobRemoveResult> {
      const queue = handles.get(ref);
      const state = await existingJobState(queue, ref.name, id);
      if (state === 'active') {
        throw new ConflictError('job_active', `job "${id}" is active; wait until it finishes or fails`);
      }
      const removed = await queue.remove(id, { removeChildren: true });
      if (removed !== 1) {
        throw new ConflictError('job_locked', `job "${id}" is locked by a worker and was not removed`);
      }
      changed();
      return { queue: ref.name, id, removed: true as const };
    },

    /**
     * Retries at most `count` failed jobs, oldest first, ≤ ACTION_BATCH per script call, putting each back where
     * BullMQ's own retry of one job would (prioritized jobs into `prioritized` with their priority, others into
     * `wait`; bullmq/bulk.ts). The calls take jobs that finished at or before T = finishedOn of the count-th oldest
     * failed job, so jobs that fail again during the run (newer finishedOn) are never picked up twice. `retried` is
     * what the scripts report having moved: two concurrent calls each count only their own jobs.
     */
    async retryFailed(ref: QueueRef, { count }: BulkCountBody): Promise<RetryFailedResult> {
      const until = await failedBoundary(redis, ref, count);
      if (until === null) {
        return { queue: ref.name, retried: 0 };
      }
      let retried = 0;
      while (retried < count) {
        const batch = Math.min(ACTION_BATCH, count - retried);
        const { moved, examined, flowJobs } = await retryFailedBatch(redis, ref, batch, until);
        retried += moved;
        // Jobs of a flow go through BullMQ's job.retry, which also restores their parent's dependencies.
        for (const id of flowJobs.slice(0, count - retried)) {
          const job = await handles.get(ref).getJob(id);
          if (job && (await job.getState()) === 'failed') {
            await job.retry('failed');
            retried += 1;
          }
        }
        changed();
        if (examined < batch || (moved === 0 && flowJobs.length === 0)) {
          break;
        }
        await yieldToEventLoop();
      }
      return { queue: ref.name, retried };
    },

    /**
     * Promotes the `count` delayed jobs due soonest: ZRANGE delayed (≤ ACTION_BATCH ids), then BullMQ's promote
     * script per id (O(log N) each, keeps the job's priority). Ids that could not be promoted (already promoted by
     * time, removed) are skipped; a batch that promotes nothing ends the run.
     */
    async promoteDelayed(ref: QueueRef, { count }: BulkCountBody): Promise<PromoteDelayedResult> {
      const queue = handles.get(ref);
      const backend = queue.getBackend();
      let promoted = 0;
      let skipped = 0;
      while (promoted < count) {
        const batch = Math.min(ACTION_BATCH, count - promoted);
        const ids = await delayedIds(redis, ref, skipped, skipped + batch - 1);
        if (ids.length === 0) {
          break;
        }
        const results = await Promise.allSettled(ids.map((id) => backend.promote(id)));
        const ok = results.filter((result) => result.status === 'fulfilled').length;
        promoted += ok;
        skipped += ids.length - ok;
        changed();
        if (ok === 0) {
          break;
        }
        await yieldToEventLoop();
      }
      return { queue: ref.name, promoted };
    },

    /** Removes at most `limit` completed/failed jobs finished more than olderThanMs ago, ≤ ACTION_BATCH per call. */
    async clean(ref: QueueRef, { state, olderThanMs, limit }: CleanBody): Promise<CleanResult> {
      const queue = handles.get(ref);
      let removed = 0;
      while (removed < limit) {
        const batch = Math.min(ACTION_BATCH, limit - removed);
        const ids = await queue.clean(olderThanMs, batch, state);
        removed += ids.length;
        if (ids.length > 0) {
          changed();
        }
        if (ids.length < batch) {
          break;
        }
        await yieldToEventLoop();
      }
      return { queue: ref.name, removed };
    },
  });
}
