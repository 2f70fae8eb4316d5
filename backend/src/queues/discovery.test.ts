// Discovery against the real Redis with queues made by real BullMQ 5.x and 6.x.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Queue as Queue6 } from 'bullmq';
import { Queue as Queue5 } from 'bullmq5';
import { Redis } from 'ioredis';
import { discoverQueues, escapeGlob, queueNameFromKey, scanQueueNames } from './bullmq/index.ts';
import { createQueueDiscovery, EMPTY_DISCOVERY_TTL_MS } from './discovery.ts';
import { deletePrefix, randomPrefix, TEST_REDIS_URL, waitFor } from '../../test/helpers.ts';

describe('queueNameFromKey', () => {
  it('accepts only <prefix>:<name>:meta and <prefix>:<name>:id', () => {
    assert.equal(queueNameFromKey('bull', 'bull:email-sending:meta'), 'email-sending');
    assert.equal(queueNameFromKey('bull', 'bull:q:id'), 'q');
    assert.equal(queueNameFromKey('a:b', 'a:b:q:meta'), 'q');
    assert.equal(queueNameFromKey('bull', 'bull:sub:q:meta'), undefined);
    assert.equal(queueNameFromKey('bull', 'bull:q:metrics:completed'), undefined);
    assert.equal(queueNameFromKey('bull', 'bull:q:idem-1'), undefined);
    assert.equal(queueNameFromKey('bull', 'bull:q:id1:logs'), undefined);
    assert.equal(queueNameFromKey('bull', 'bullx:q:meta'), undefined);
    assert.equal(queueNameFromKey('bull', 'bull::meta'), undefined);
  });

  it('escapes glob characters', () => {
    assert.equal(escapeGlob('{bull}'), '{bull}');
    assert.equal(escapeGlob('a*b?[c]\\'), 'a\\*b\\?\\[c\\]\\\\');
  });
});

describe('queue discovery (real Redis, BullMQ 5 and 6)', () => {
  const prefix = randomPrefix('disc');
  const otherPrefix = randomPrefix('disc2');
  const globPrefix = `${randomPrefix('disc3')}[x]*`;
  let redis: Redis;

  before(async () => {
    redis = new Redis(TEST_REDIS_URL);
    const q6 = new Queue6('v6-queue', { connection: redis.duplicate(), prefix });
    const q5 = new Queue5('v5-queue', { connection: redis.duplicate(), prefix });
    await q6.add('a', {});
    await q6.add('b', {}, { jobId: 'meeting-1' }); // a job id that the combined SCAN pattern lets through
    await q5.add('a', {});
    await Promise.all([q6.close(), q5.close()]);
    await Promise.all([q6.disconnect(), q5.disconnect()]);
    // A queue whose meta hash is gone: found through its id counter.
    await redis.set(`${prefix}:id-only:id`, '7');
    // Keys of a longer prefix and of another prefix must not show up as queues of this prefix.
    await redis.hset(`${prefix}:sub:nested:meta`, 'version', 'bullmq:6.7.0');
    await redis.hset(`${otherPrefix}:other:meta`, 'version', 'bullmq:6.7.0');
    await redis.hset(`${globPrefix}:literal:meta`, 'version', 'bullmq:6.7.0');
    await redis.hset(`${globPrefix.replace('[x]*', 'x-anything')}:decoy:meta`, 'version', 'bullmq:6.7.0');
  });

  after(async () => {
    for (const p of [prefix, otherPrefix, globPrefix, globPrefix.replace('[x]*', 'x-anything')]) {
      await deletePrefix(redis, p);
    }
    await redis.quit();
  });

  it('finds v5 and v6 queues and id-only queues, sorted and deduplicated', async () => {
    assert.deepEqual(await scanQueueNames(redis, prefix), ['id-only', 'v5-queue', 'v6-queue']);
    // A tiny COUNT makes SCAN take many steps; the result must not change.
    assert.deepEqual(await scanQueueNames(redis, prefix, 2), ['id-only', 'v5-queue', 'v6-queue']);
  });

  it('treats glob characters in a prefix literally', async () => {
    assert.deepEqual(await scanQueueNames(redis, globPrefix), ['literal']);
  });

  it('merges several prefixes', async () => {
    assert.deepEqual(await discoverQueues(redis, [prefix, otherPrefix, prefix]), [
      ...[otherPrefix, prefix]
        .sort()
        .flatMap((p) =>
          p === prefix
            ? ['id-only', 'v5-queue', 'v6-queue'].map((name) => ({ prefix, name }))
            : [{ prefix: otherPrefix, name: 'other' }]
        ),
    ]);
  });

  it('rescans after a few seconds while no queue exists yet', async () => {
    let now = 0;
    const emptyPrefix = `${otherPrefix}-empty`;
    const discovery = createQueueDiscovery(redis, [emptyPrefix], { ttlMs: 30_000, clock: () => now });
    assert.deepEqual(await discovery.get(), []);
    await redis.hset(`${emptyPrefix}:first:meta`, 'version', 'bullmq:6.7.0');
    try {
      now = EMPTY_DISCOVERY_TTL_MS;
      await waitFor('the first queue', async () => (await discovery.get()).some((q) => q.name === 'first'));
    } finally {
      await redis.unlink(`${emptyPrefix}:first:meta`);
    }
  });

  it('caches the list until the TTL passes or it is invalidated', async () => {
    let now = 0;
    const discovery = createQueueDiscovery(redis, [otherPrefix], { ttlMs: 30_000, clock: () => now });
    assert.deepEqual(
      (await discovery.get()).map((q) => q.name),
      ['other']
    );
    await redis.hset(`${otherPrefix}:later:meta`, 'version', 'bullmq:6.7.0');
    now = 29_000;
    assert.deepEqual(
      (await discovery.get()).map((q) => q.name),
      ['other']
    );
    now = 30_000;
    // Expired: the old list is answered at once while one background scan refreshes it.
    assert.deepEqual(
      (await discovery.get()).map((q) => q.name),
      ['other']
    );
    await waitFor('the background rescan', async () => (await discovery.get()).some((q) => q.name === 'later'));
    assert.deepEqual(
      (await discovery.get()).map((q) => q.name),
      ['later', 'other']
    );
    await redis.unlink(`${otherPrefix}:later:meta`);
    discovery.invalidate();
    assert.deepEqual(
      (await discovery.get()).map((q) => q.name),
      ['other']
    );
  });
});
