// Builds the jobs the demo producers enqueue. Pure: randomness and time are passed in, so tests are exact.
import {
  BOUNCE_DOMAIN,
  DEMO_QUEUES,
  GREYLIST_DOMAIN,
  JOB_KINDS,
  NORMAL_DOMAINS,
  PRIORITY,
  type DemoQueueKey,
  type JobKind,
} from './catalog.ts';

export type Random = () => number;

export interface DemoJobSpec {
  queueKey: DemoQueueKey;
  queue: string;
  name: string;
  /** BullMQ jobId and ledger id. */
  id: string;
  priority: number;
  /** Milliseconds until the job may run (scheduled sends); 0 runs as soon as possible. */
  delayMs: number;
  requestId: string;
  payload: Record<string, unknown>;
}

export interface JobMix {
  /** Share of email jobs addressed to a mailbox that hard-bounces (550). */
  bounceRate: number;
  /** Share of email jobs addressed to a greylisting domain (421 on first attempt). */
  greylistRate: number;
  /** Share of email jobs scheduled for later (delayed). */
  scheduledRate: number;
  /** Longest schedule delay in milliseconds. */
  maxScheduleDelayMs: number;
}

export const DEFAULT_JOB_MIX: JobMix = {
  bounceRate: 0.03,
  greylistRate: 0.05,
  scheduledRate: 0.1,
  maxScheduleDelayMs: 60_000,
};

export interface IdSource {
  uuid(): string;
}

export function pickWeighted<T extends { weight: number }>(items: readonly T[], random: Random): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let point = random() * total;
  for (const item of items) {
    point -= item.weight;
    if (point < 0) {
      return item;
    }
  }
  return items[items.length - 1]!;
}

function pick<T>(items: readonly T[], random: Random): T {
  return items[Math.min(items.length - 1, Math.floor(random() * items.length))]!;
}

function recipientFor(random: Random, mix: JobMix, id: string): string {
  const local = `user-${id.slice(0, 8)}`;
  const roll = random();
  if (roll < mix.bounceRate) {
    return `${local}@${BOUNCE_DOMAIN}`;
  }
  if (roll < mix.bounceRate + mix.greylistRate) {
    return `${local}@${GREYLIST_DOMAIN}`;
  }
  return `${local}@${pick(NORMAL_DOMAINS, random)}`;
}

function payloadFor(
  queueKey: DemoQueueKey,
  kind: JobKind,
  random: Random,
  mix: JobMix,
  id: string,
  extra: Record<string, unknown>
) {
  switch (queueKey) {
    case 'email':
      return {
        to: recipientFor(random, mix, id),
        from: kind.priority === PRIORITY.transactional ? 'no-reply@penguinmails.test' : 'news@penguinmails.test',
        subject: `${kind.name} ${id.slice(0, 8)}`,
        tenantId: `tenant-${1 + Math.floor(random() * 20)}`,
        ...extra,
      };
    case 'warmup':
      return {
        mailbox: `warm-${1 + Math.floor(random() * 50)}@penguinmails.test`,
        day: 1 + Math.floor(random() * 30),
        ...extra,
      };
    case 'analytics':
      return {
        tenantId: `tenant-${1 + Math.floor(random() * 20)}`,
        window: pick(['5m', '1h', '1d'], random),
        ...extra,
      };
  }
}

export interface BuildJobOptions {
  queueKey: DemoQueueKey;
  random: Random;
  ids: IdSource;
  mix?: JobMix;
  /** Force a job kind by name (e.g. campaign bursts use send-campaign). */
  kindName?: string;
  /** Fields merged into the payload (e.g. campaignId, or `to` for a chosen recipient). */
  payload?: Record<string, unknown>;
  /** Overrides the random scheduling decision. */
  delayMs?: number;
}

export function buildJob(options: BuildJobOptions): DemoJobSpec {
  const { queueKey, random, ids } = options;
  const mix = options.mix ?? DEFAULT_JOB_MIX;
  const kinds = JOB_KINDS[queueKey];
  const kind = options.kindName ? kinds.find((k) => k.name === options.kindName) : pickWeighted(kinds, random);
  if (!kind) {
    throw new Error(`unknown job kind ${options.kindName} for queue ${DEMO_QUEUES[queueKey].name}`);
  }
  const id = ids.uuid();
  let delayMs = options.delayMs ?? 0;
  // Only non-transactional email is scheduled: password resets go out now, newsletters at 9:00.
  if (
    options.delayMs === undefined &&
    queueKey === 'email' &&
    kind.priority !== PRIORITY.transactional &&
    random() < mix.scheduledRate
  ) {
    delayMs = Math.round(1_000 + random() * Math.max(0, mix.maxScheduleDelayMs - 1_000));
  }
  return {
    queueKey,
    queue: DEMO_QUEUES[queueKey].name,
    name: kind.name,
    id,
    priority: kind.priority,
    delayMs,
    requestId: `req-${ids.uuid()}`,
    payload: payloadFor(queueKey, kind, random, mix, id, options.payload ?? {}),
  };
}

/** A campaign launch: `size` campaign emails sharing one campaignId. */
export function buildCampaign(
  size: number,
  campaignId: string,
  options: Omit<BuildJobOptions, 'queueKey' | 'kindName'>
): DemoJobSpec[] {
  return Array.from({ length: size }, () =>
    buildJob({
      ...options,
      queueKey: 'email',
      kindName: 'send-campaign',
      delayMs: options.delayMs ?? 0,
      payload: { ...options.payload, campaignId },
    })
  );
}
