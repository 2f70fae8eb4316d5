/**
 * A wall screen's worth of queues for the queue board's fit checks, served by a sysmon service of their own (its own
 * schema, ledger and BullMQ prefix, so no other spec ever sees them): 60 real BullMQ queues, 5 high, 20 normal and
 * 35 low (the tier is the name's suffix), so the panel's `queues` query filtered by tier gives boards of 5 and 20
 * and unfiltered one of 60.
 *
 * Each queue holds a few waiting jobs (two per tier hold 1,234: depth "1.23 K") whose oldest was created minutes or
 * hours ago ("1.22 mins", "34.6 mins", "5.00 hours"), and ledger rows finished in the last minute give three- and
 * four-digit rates with one failure ("409 jobs/min", "1.50K jobs/min", "0.244%"): the widest numbers a tile shows.
 * Some queues are paused (a second badge in the header).
 */
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import pg from 'pg';

import { quoteIdent } from '../../backend/src/db/sql.ts';
import { deleteQueuePrefix, randomQueuePrefix } from './queueStack';
import {
  DATABASE_URL,
  dropSchema,
  freePort,
  ledgerTableOf,
  migrateSchema,
  randomSchema,
  REDIS_URL,
  serviceEnv,
  startService,
} from './stack';

export type BoardTier = 'high' | 'normal' | 'low';

export const BOARD_TIER_SIZES: Record<BoardTier, number> = { high: 5, normal: 20, low: 35 };

const BASES = [
  'email-sending',
  'warmup-processing',
  'analytics-rollup',
  'bounce-handling',
  'webhook-delivery',
  'list-cleaning',
  'dns-checks',
  'report-exports',
  'inbox-placement',
  'template-render',
];

const OLDEST_AGES_MS = [73_000, 34.6 * 60_000, 5 * 3600_000];
const DEEP_QUEUE_JOBS = 1_234;

export interface BoardQueue {
  name: string;
  tier: BoardTier;
  waiting: number;
  oldestAgeMs: number;
  completedPerMin: number;
  paused: boolean;
}

/** The 60 queues: names, tiers and the numbers each is made to show. */
export function boardQueues(): BoardQueue[] {
  const queues: BoardQueue[] = [];
  for (const tier of ['high', 'normal', 'low'] as const) {
    for (let i = 0; i < BOARD_TIER_SIZES[tier]; i++) {
      const n = queues.length;
      queues.push({
        name: `${BASES[n % BASES.length]}-${String(Math.floor(n / BASES.length) + 1).padStart(2, '0')}-${tier}`,
        tier,
        waiting: i < 2 ? DEEP_QUEUE_JOBS : 3 + (n % 7),
        oldestAgeMs: OLDEST_AGES_MS[n % OLDEST_AGES_MS.length],
        completedPerMin: n % 10 === 0 ? 1_500 : 409,
        paused: n % 9 === 4,
      });
    }
  }
  return queues;
}

export interface BoardStack {
  url: string;
  queues: BoardQueue[];
  /** Moves the ledger rows' finish times to now, so the last minute's rates stay what the queues are made to show. */
  refreshRates(): Promise<void>;
  stop(): Promise<void>;
}

async function fillQueue(prefix: string, spec: BoardQueue): Promise<void> {
  const queue = new Queue(spec.name, { connection: { url: REDIS_URL }, prefix });
  try {
    const now = Date.now();
    const jobs = Array.from({ length: spec.waiting }, (_, i) => ({
      name: 'board-job',
      data: { n: i },
      // The first job is the next to run: its age is the queue's oldest wait.
      opts: { jobId: `job-${i + 1}`, timestamp: i === 0 ? now - spec.oldestAgeMs : now - 1_000 },
    }));
    for (let start = 0; start < jobs.length; start += 500) {
      await queue.addBulk(jobs.slice(start, start + 500));
    }
    if (spec.paused) {
      await queue.pause();
    }
  } finally {
    await queue.close();
  }
}

/** Ledger rows finished a few seconds ago: the service's per-minute rates for queues without BullMQ metrics. */
async function insertFinishedRows(ledgerTable: string, queues: BoardQueue[]): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO ${quoteIdent(ledgerTable)} (id, queue, name, priority, status, payload, attempts,
                                                created_at, updated_at, started_at, finished_at)
       SELECT q.name || '-done-' || g, q.name, 'board-job', 0, CASE WHEN g = 0 THEN 'failed' ELSE 'completed' END, '{}'::jsonb, 1,
              now() - interval '10 seconds', now() - interval '5 seconds', now() - interval '8 seconds',
              now() - interval '5 seconds'
       FROM jsonb_to_recordset($1::jsonb) AS q(name text, completed int), generate_series(0, q.completed) AS g`,
      [JSON.stringify(queues.map((queue) => ({ name: queue.name, completed: queue.completedPerMin })))]
    );
  } finally {
    await client.end();
  }
}

/** Creates the queues and ledger rows, then starts the service that shows them (same tokens as the main one). */
export async function startBoardStack(tokens: { api: string; operator: string }): Promise<BoardStack> {
  const schema = randomSchema();
  const prefix = randomQueuePrefix();
  const queues = boardQueues();
  const cleanups: Array<() => Promise<unknown>> = [() => dropSchema(schema), () => deleteQueuePrefix(prefix)];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => console.error('board stack teardown:', error));
    }
  };
  try {
    const env = serviceEnv({
      schema,
      tokens: { ...tokens, ingest: `ingest-${randomBytes(16).toString('hex')}` },
      port: await freePort(),
      queuePrefix: prefix,
    });
    await migrateSchema(env);
    await Promise.all(queues.map((queue) => fillQueue(prefix, queue)));
    await insertFinishedRows(ledgerTableOf(schema), queues);
    const service = await startService(env, 'sysmon-board');
    cleanups.push(() => service.stop());
    const refreshRates = async () => {
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      try {
        await client.query(
          `UPDATE ${quoteIdent(ledgerTableOf(schema))} SET finished_at = now() - interval '1 second', updated_at = now()`
        );
      } finally {
        await client.end();
      }
    };
    return { url: service.url, queues, refreshRates, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
