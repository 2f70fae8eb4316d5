import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { createQueueHandles } from './queueHandles.ts';
import { deletePrefix, randomPrefix, TEST_REDIS_URL } from '../../../test/helpers.ts';

describe('queue handles', () => {
  const prefix = randomPrefix('handles');
  const redis = new Redis(TEST_REDIS_URL);
  after(async () => {
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  it('caches one Queue per prefix+name, never rewrites meta.version, and leaves the shared connection open', async () => {
    await redis.hset(`${prefix}:mail:meta`, 'version', 'bullmq:5.1.0', 'opts.maxLenEvents', '777');
    const handles = createQueueHandles(redis, 2);
    const queue = handles.get({ prefix, name: 'mail' });
    assert.equal(handles.get({ prefix, name: 'mail' }), queue);
    await queue.waitUntilReady();
    await queue.pause();
    assert.equal(await queue.isPaused(), true);
    assert.deepEqual(await redis.hmget(`${prefix}:mail:meta`, 'version', 'opts.maxLenEvents'), ['bullmq:5.1.0', '777']);

    handles.get({ prefix, name: 'b' });
    handles.get({ prefix, name: 'c' });
    assert.equal(handles.size, 2, 'the oldest handle is dropped beyond the maximum');
    await handles.close();
    assert.equal(handles.size, 0);
    assert.equal(await redis.ping(), 'PONG');
  });
});
