// The demo platform's queues and job kinds: names, tiers and BullMQ priorities (1 = most urgent).

export type DemoQueueKey = 'email' | 'warmup' | 'analytics';

export const DEMO_QUEUES: Record<DemoQueueKey, { name: string; tier: 'high' | 'normal' | 'low'; service: string }> = {
  email: { name: 'email-sending', tier: 'high', service: 'worker-email' },
  warmup: { name: 'warmup-processing', tier: 'normal', service: 'worker-warmup' },
  analytics: { name: 'analytics-aggregation', tier: 'low', service: 'worker-analytics' },
};

export const DEMO_QUEUE_KEYS = Object.keys(DEMO_QUEUES) as DemoQueueKey[];

/** BullMQ priorities used inside the queues. */
export const PRIORITY = { transactional: 1, warmup: 3, campaign: 5, reporting: 7, bulk: 10 } as const;

export interface JobKind {
  name: string;
  priority: number;
  /** Relative frequency among the kinds of the same queue. */
  weight: number;
}

export const JOB_KINDS: Record<DemoQueueKey, JobKind[]> = {
  email: [
    { name: 'send-transactional', priority: PRIORITY.transactional, weight: 3 },
    { name: 'send-campaign', priority: PRIORITY.campaign, weight: 5 },
    { name: 'send-bulk', priority: PRIORITY.bulk, weight: 2 },
  ],
  warmup: [
    { name: 'warmup-send', priority: PRIORITY.warmup, weight: 3 },
    { name: 'warmup-reply', priority: PRIORITY.warmup, weight: 2 },
    { name: 'warmup-score', priority: PRIORITY.reporting, weight: 1 },
  ],
  analytics: [
    { name: 'aggregate-opens', priority: PRIORITY.reporting, weight: 3 },
    { name: 'aggregate-clicks', priority: PRIORITY.reporting, weight: 2 },
    { name: 'rollup-daily', priority: PRIORITY.bulk, weight: 1 },
  ],
};

/** Recipient domains the demo SMTP sink treats specially (see smtpSink.ts). */
export const BOUNCE_DOMAIN = 'bounce.penguinmails.test';
export const GREYLIST_DOMAIN = 'greylist.penguinmails.test';
export const NORMAL_DOMAINS = ['example.com', 'example.net', 'example.org'];

/** Retry policy per queue: attempts and exponential backoff base delay (ms). */
export const RETRY_POLICY: Record<DemoQueueKey, { attempts: number; backoffMs: number }> = {
  email: { attempts: 4, backoffMs: 1_000 },
  warmup: { attempts: 3, backoffMs: 2_000 },
  analytics: { attempts: 2, backoffMs: 5_000 },
};
