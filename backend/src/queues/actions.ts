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
import { z } from 'zod';
import type {
  CleanResult,
  JobRemoveResult,
  JobRetryResult,
  PromoteDelayedResult,
  QueuePauseResult,
  RetryFailedResult,
  TierPauseResult,
} from '@penguinmails/sysmon-contract';
import type { Tier } from '@penguinmails/sysmon-contract';
import { HttpError, queueNotFound } from '../http/errors.ts';
import { invalidParameter, parseBody } from '../http/params.ts';
import type { QueueRef } from './discovery.ts';
import { resolveQueueRef, type QueueHandles } from './queueHandles.ts';
import { queueTier, TIERS } from '@penguinmails/sysmon-contract';

export const ACTION_BATCH = 500;
export const MAX_BULK_COUNT = 100_000;

export const bulkCountBody = z.strictObject({ count: z.number().int().min(1).max(MAX_BULK_COUNT) });
export const cleanBody = z.strictObject({
  state: z.enum(['completed', 'failed']),
  olderThanMs: z.number().int().min(0),
  limit: z.number().int().min(1).max(MAX_BULK_COUNT),
});

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

export function createQueueActions(options: QueueActionsOptions) {
  const { redis, handles } = options;
  const changed = () => options.onMutation?.();

  /**
   * The prefix holding the queue (the first, sorted, when several do; `prefix` picks one): O(1) EXISTS of the
   * meta and id keys per configured prefix, never a SCAN.
   */
  async function resolveQueue(name: string, prefix?: string): Promise<QueueRef> {
    const ref = await resolveQueueRef(redis, options.prefixes, name, prefix);
    if (!ref) {
      throw queueNotFound(name);
    }
    return ref;
  }

  async function queueFor(name: string, prefix?: string): Promise<{ ref: QueueRef; queue: Queue }> {
    const ref = await resolveQueue(name, prefix);
    return { ref, queue: handles.get(ref) };
  }

  async function existingJobState(queue: Queue, queueName: string, id: string): Promise<string> {
    const state = JOB_ID.test(id) ? await queue.getJobState(id) : 'unknown';
    if (state === 'unknown') {
      throw new HttpError(404, 'job_not_found', `no job "${id}" in queue "${queueName}"`);
    }
    return state;
  }

  async function setPaused(name: string, paused: boolean, prefix?: string): Promise<QueuePauseResult> {
    const { queue } = await queueFor(name, prefix);
    await (paused ? queue.pause() : queue.resume());
    changed();
    return { queue: name, paused: await queue.isPaused() };
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
    const candidates = [...byKey.values()];
    const pipeline = redis.pipeline();
    for (const ref of candidates) {
      pipeline.exists(`${ref.prefix}:${ref.name}:meta`, `${ref.prefix}:${ref.name}:id`);
    }
    const found = candidates.length > 0 ? ((await pipeline.exec()) ?? []) : [];
    return candidates
      .filter((_, index) => {
        const entry = found[index];
        return entry !== undefined && !entry[0] && Number(entry[1]) > 0;
      })
      .sort((a, b) =>
        a.prefix === b.prefix ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.prefix < b.prefix ? -1 : 1
      );
  }

  async function setTierPaused(tierParam: string, paused: boolean): Promise<TierPauseResult> {
    if (!(TIERS as readonly string[]).includes(tierParam)) {
      throw invalidParameter('tier', `expected one of ${TIERS.join(', ')}`);
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

  return {
    resolveQueue,
    pause: (name: string, prefix?: string) => setPaused(name, true, prefix),
    resume: (name: string, prefix?: string) => setPaused(name, false, prefix),
    pauseTier: (tier: string) => setTierPaused(tier, true),
    resumeTier: (tier: string) => setTierPaused(tier, false),

    /** Retries one failed job (job.retry: v6 re-adds it to `prioritized` when it has a priority). */
    async retryJob(name: string, id: string, prefix?: string): Promise<JobRetryResult> {
      const { queue } = await queueFor(name, prefix);
      const state = await existingJobState(queue, name, id);
      if (state !== 'failed') {
        throw new HttpError(409, 'job_not_failed', `job "${id}" is ${state}, only failed jobs can be retried`);
      }
      const job = await queue.getJob(id);
      if (!job) {
        throw new HttpError(404, 'job_not_found', `no job "${id}" in queue "${name}"`);
      }
      await job.retry('failed');
      changed();
      return { queue: name, id, state: await queue.getJobState(id) };
    },

    /** Removes one job (and its children); refused while it is active or locked by a worker. */
    async removeJob(name: string, id: string, prefix?: string): Promise<JobRemoveResult> {
      const { queue } = await queueFor(name, prefix);
      const state = await existingJobState(queue, name, id);
      if (state === 'active') {
        throw new HttpError(409, 'job_active', `job "${id}" is active; wait until it finishes or fails`);
      }
      const removed = await queue.remove(id, { removeChildren: true });
      if (removed !== 1) {
        throw new HttpError(409, 'job_locked', `job "${id}" is locked by a worker and was not removed`);
      }
      changed();
      return { queue: name, id, removed: true as const };
    },

    /**
     * Retries at most `count` failed jobs, oldest first, ≤ ACTION_BATCH per script call. BullMQ's moveJobsToWait
     * takes `ZRANGEBYSCORE failed 0 T LIMIT 0 n`; with T = finishedOn of the count-th oldest failed job, jobs that
     * fail again during the run (newer finishedOn) are never picked up twice. Ties at T are why each call's n is
     * capped by what is left, so the total is exactly min(count, failed jobs) however many share T.
     * (Like Queue.retryJobs, this puts jobs back to `wait` without their priority.)
     */
    async retryFailed(name: string, body: unknown, prefix?: string): Promise<RetryFailedResult> {
      const { count } = parseBody(bulkCountBody, body);
      const { ref, queue } = await queueFor(name, prefix);
      const failedKey = `${ref.prefix}:${ref.name}:failed`;
      let boundary = await redis.zrange(failedKey, count - 1, count - 1, 'WITHSCORES');
      if (boundary.length === 0) {
        boundary = await redis.zrange(failedKey, -1, -1, 'WITHSCORES');
      }
      if (boundary[1] === undefined) {
        return { queue: name, retried: 0 };
      }
      const until = Number(boundary[1]);
      const backend = queue.getBackend();
      let retried = 0;
      while (retried < count) {
        const eligible = await redis.zcount(failedKey, '-inf', until);
        if (eligible === 0) {
          break;
        }
        const batch = Math.min(ACTION_BATCH, count - retried);
        const more = await backend.retryFinishedJobs('failed', batch, until);
        // 1 = the script moved the full batch; 0 = it moved what was eligible, which is fewer.
        retried += more === 1 ? batch : Math.min(batch, eligible);
        changed();
        if (more !== 1) {
          break;
        }
        await yieldToEventLoop();
      }
      return { queue: name, retried };
    },

    /**
     * Promotes the `count` delayed jobs due soonest: ZRANGE delayed (≤ ACTION_BATCH ids), then BullMQ's promote
     * script per id (O(log N) each, keeps the job's priority). Ids that could not be promoted (already promoted by
     * time, removed) are skipped; a batch that promotes nothing ends the run.
     */
    async promoteDelayed(name: string, body: unknown, prefix?: string): Promise<PromoteDelayedResult> {
      const { count } = parseBody(bulkCountBody, body);
      const { ref, queue } = await queueFor(name, prefix);
      const delayedKey = `${ref.prefix}:${ref.name}:delayed`;
      const backend = queue.getBackend();
      let promoted = 0;
      let skipped = 0;
      while (promoted < count) {
        const batch = Math.min(ACTION_BATCH, count - promoted);
        const ids = await redis.zrange(delayedKey, skipped, skipped + batch - 1);
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
      return { queue: name, promoted };
    },

    /** Removes at most `limit` completed/failed jobs finished more than olderThanMs ago, ≤ ACTION_BATCH per call. */
    async clean(name: string, body: unknown, prefix?: string): Promise<CleanResult> {
      const { state, olderThanMs, limit } = parseBody(cleanBody, body);
      const { queue } = await queueFor(name, prefix);
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
      return { queue: name, removed };
    },
  };
}
