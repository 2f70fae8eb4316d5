// Two "replicas" (one pool each) against the real PostgreSQL: only the lock holder runs, runs never overlap,
// stopping or losing the leader hands the job over.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, afterEach, describe, it } from 'node:test';
import { createPool, type Pool } from '../db/pool.ts';
import { waitFor } from '../../test/helpers.ts';
import { startPeriodicJob, type PeriodicJob } from './periodicJob.ts';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('startPeriodicJob', () => {
  const tag = randomBytes(4).toString('hex');
  const pools: Record<'a' | 'b' | 'admin', Pool> = {
    a: createPool(DATABASE_URL, { applicationName: `periodic-test-a-${tag}`, max: 3 }),
    b: createPool(DATABASE_URL, { applicationName: `periodic-test-b-${tag}`, max: 3 }),
    admin: createPool(DATABASE_URL, { max: 1 }),
  };
  let jobs: PeriodicJob[] = [];

  afterEach(async () => {
    await Promise.all(jobs.map((job) => job.stop()));
    jobs = [];
  });
  after(async () => {
    await Promise.all(Object.values(pools).map((pool) => pool.end()));
  });

  /** Starts a runner on `pool`; every run records who ran and checks that no other run is in progress. */
  function twoReplicas(lockKey: string) {
    const ranBy: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const start = (who: 'a' | 'b') => {
      const job = startPeriodicJob({
        name: `test-${who}`,
        intervalMs: 50,
        pool: pools[who],
        lockKey,
        run: async () => {
          inFlight += 1;
          maxInFlight = Math.max(maxInFlight, inFlight);
          ranBy.push(who);
          await sleep(20);
          inFlight -= 1;
        },
      });
      jobs.push(job);
      return job;
    };
    /** Counts overlap only among runs that start from now on. */
    const resetMaxInFlight = () => {
      maxInFlight = 0;
    };
    return { start, ranBy, maxInFlight: () => maxInFlight, resetMaxInFlight };
  }

  /** Backend pids holding an advisory lock, by application name. */
  async function lockHolders(): Promise<string[]> {
    const { rows } = await pools.admin.query<{ application_name: string }>(
      `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE $1`,
      [`periodic-test-%-${tag}`]
    );
    return rows.map((row) => row.application_name.replace(/^periodic-test-(\w)-.*$/, '$1'));
  }

  it('runs on one replica only, without overlapping runs; stopping it hands over to the other', async () => {
    const replicas = twoReplicas(`periodic-test:${tag}:handover`);
    const a = replicas.start('a');
    await waitFor('a to lead', async () => a.isLeader() && a.runs() >= 1);
    const b = replicas.start('b');
    await sleep(400);

    assert.ok(a.runs() >= 4, `a ran ${a.runs()} times`);
    assert.equal(b.runs(), 0, 'the replica without the lock never runs');
    assert.equal(b.isLeader(), false);
    assert.deepEqual(new Set(replicas.ranBy), new Set(['a']));
    assert.deepEqual(await lockHolders(), ['a']);

    await a.stop();
    assert.equal(a.isLeader(), false);
    await waitFor('b to take over', async () => b.isLeader() && b.runs() >= 2, 5_000);
    assert.deepEqual(await lockHolders(), ['b']);
    assert.equal(replicas.maxInFlight(), 1, 'runs never overlap');
  });

  it('a lost lock connection frees the lock for another replica', async () => {
    const replicas = twoReplicas(`periodic-test:${tag}:lost`);
    const a = replicas.start('a');
    await waitFor('a to lead', async () => a.isLeader());
    const b = replicas.start('b');
    await sleep(150);
    assert.equal(b.runs(), 0);

    // Kill a's lock session from outside, as a network partition or a server restart would.
    const killed = await pools.admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1
          AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted)`,
      [`periodic-test-a-${tag}`]
    );
    assert.equal(killed.rowCount, 1);
    // Both replicas now race for the free lock; whoever wins, exactly one holds it and runs continue.
    const runsAtKill = a.runs() + b.runs();
    await waitFor('a new leader running', async () => {
      const holders = await lockHolders();
      return holders.length === 1 && a.runs() + b.runs() >= runsAtKill + 3 && holders;
    });
    assert.equal([a, b].filter((job) => job.isLeader()).length, 1);
    // A run already under way when the session died may overlap the new leader's first run (an advisory lock has
    // no fencing; the sampler's inserts are harmless twice). From then on the loser must not run any more.
    replicas.resetMaxInFlight();
    const leader = a.isLeader() ? a : b;
    const follower = leader === a ? b : a;
    const followerRuns = follower.runs();
    await sleep(200);
    assert.equal(follower.runs(), followerRuns);
    assert.equal(replicas.maxInFlight(), 1);
  });

  it('keeps ticking after a failing run and stop() releases the lock', async () => {
    let calls = 0;
    const job = startPeriodicJob({
      name: 'test-failing',
      intervalMs: 30,
      pool: pools.a,
      lockKey: `periodic-test:${tag}:failing`,
      run: async () => {
        calls += 1;
        throw new Error('boom');
      },
    });
    jobs.push(job);
    await waitFor('three failing runs', async () => calls >= 3);
    await job.stop();
    assert.deepEqual(await lockHolders(), []);
    const after = calls;
    await sleep(100);
    assert.equal(calls, after, 'no run after stop()');
  });
});
