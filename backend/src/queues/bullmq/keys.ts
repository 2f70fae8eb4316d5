// BullMQ's key layout in Redis (5.x and 6.x; docs/bullmq-internals.md), in one place: every key of a queue is
// `<prefix>:<queue>:<suffix>`, a job's hash is `<prefix>:<queue>:<jobId>`, its lock and logs hang off that.

export interface QueueRef {
  prefix: string;
  name: string;
}

/** The keys of one queue. */
export function queueKeys(ref: QueueRef) {
  const base = `${ref.prefix}:${ref.name}:`;
  return {
    /** What BullMQ's scripts take as the job key prefix. */
    base,
    meta: `${base}meta`,
    /** The id counter: INCR on every add (also for a custom jobId). */
    id: `${base}id`,
    wait: `${base}wait`,
    /** BullMQ 5 renames `wait` to `paused` while paused; BullMQ 6 keeps a flag in meta. */
    paused: `${base}paused`,
    active: `${base}active`,
    prioritized: `${base}prioritized`,
    delayed: `${base}delayed`,
    waitingChildren: `${base}waiting-children`,
    failed: `${base}failed`,
    completed: `${base}completed`,
    /** BullMQ 6's counter for the order of equal priorities (prioritized score = priority · 2^32 + counter). */
    priorityCounter: `${base}pc`,
    /** Wakes blocked workers when a job becomes available. */
    marker: `${base}marker`,
    events: `${base}events`,
    /** Finishes counted by workers started with `metrics` (hash field `count`). */
    metricsCompleted: `${base}metrics:completed`,
    metricsFailed: `${base}metrics:failed`,
    job: (id: string) => `${base}${id}`,
    jobLock: (id: string) => `${base}${id}:lock`,
    jobLogs: (id: string) => `${base}${id}:logs`,
  };
}

export type QueueKeys = ReturnType<typeof queueKeys>;

/** Suffixes of a queue's own keys: never job ids. */
export const QUEUE_KEY_SUFFIXES: ReadonlySet<string> = new Set([
  'active',
  'wait',
  'waiting-children',
  'paused',
  'id',
  'delayed',
  'prioritized',
  'stalled-check',
  'completed',
  'failed',
  'stalled',
  'repeat',
  'limiter',
  'meta',
  'events',
  'pc',
  'marker',
  'de',
  'metrics',
]);

/** True when `id` could be a job id (not a queue key suffix such as `meta`). */
export function isJobId(id: string): boolean {
  return id !== '' && !QUEUE_KEY_SUFFIXES.has(id) && !id.startsWith('metrics:');
}

/** Escapes Redis glob characters so a prefix such as `{bull}` or `a*b` matches only itself. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (char) => `\\${char}`);
}

/**
 * SCAN pattern matching `<prefix>:<name>:meta` and `<prefix>:<name>:id` in one pass (`[mi][de]*`); the few other
 * keys it lets through (`metrics:*`, job ids starting with id/me) are dropped by queueNameFromKey.
 */
export function discoveryPattern(prefix: string): string {
  return `${escapeGlob(prefix)}:*:[mi][de]*`;
}

/**
 * The queue name in a `<prefix>:<name>:meta` or `<prefix>:<name>:id` key, else undefined. Names never contain
 * `:`, which also rejects keys of a longer prefix (`bull:sub:q:meta` under `bull`) and job keys.
 */
export function queueNameFromKey(prefix: string, key: string): string | undefined {
  if (!key.startsWith(`${prefix}:`)) {
    return undefined;
  }
  const rest = key.slice(prefix.length + 1);
  const match = /^([^:]+):(?:meta|id)$/.exec(rest);
  return match?.[1];
}

/**
 * The queue a Redis connection name belongs to when it is a BullMQ Worker's: BullMQ 5 and 6 name a Worker's
 * blocking connection `<prefix>:<base64(queue)>`, or `<prefix>:<base64(queue)>:w:<worker name>` with opts.name;
 * QueueEvents use `…:qe` and are not workers.
 */
export function workerFromClientName(
  clientName: string,
  prefixes: readonly string[]
): { prefix: string; queue: string; name: string | null } | undefined {
  for (const prefix of prefixes) {
    if (!clientName.startsWith(`${prefix}:`)) {
      continue;
    }
    const [encoded = '', ...rest] = clientName.slice(prefix.length + 1).split(':');
    const queue = Buffer.from(encoded, 'base64').toString('utf8');
    // Round-trip check rejects anything that is not exactly Node's padded base64 of a non-empty name.
    if (!queue || queue.includes(':') || Buffer.from(queue, 'utf8').toString('base64') !== encoded) {
      continue;
    }
    if (rest.length === 0) {
      return { prefix, queue, name: null };
    }
    if (rest[0] === 'w' && rest.length >= 2) {
      return { prefix, queue, name: rest.slice(1).join(':') };
    }
  }
  return undefined;
}
