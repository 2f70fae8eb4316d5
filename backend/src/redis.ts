// ioredis client factory. No offline queue and few retries per command, so a Redis outage
// makes commands fail fast (the service reports "degraded") instead of piling up and hanging.
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from './logger.ts';

export type { Redis };

// Last connection error per client, so health checks can say why Redis is unreachable.
const lastErrors = new WeakMap<Redis, string>();

export function lastRedisError(redis: Redis): string | undefined {
  return lastErrors.get(redis);
}

export function createRedis(url: string, options: RedisOptions & { logger?: Logger } = {}): Redis {
  const { logger, ...redisOptions } = options;
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2_000,
    // At most a second between attempts: back within a second of Redis returning (a refused connect costs nothing).
    retryStrategy: (attempt) => Math.min(attempt * 250, 1_000),
    connectionName: 'sysmon',
    ...redisOptions,
  });
  // Without a listener ioredis prints every reconnect failure; log the first of each outage only.
  let lastError = '';
  redis.on('error', (error: Error) => {
    lastErrors.set(redis, error.message);
    if (error.message === lastError) {
      return;
    }
    lastError = error.message;
    logger?.warn({ err: { message: error.message } }, 'redis connection error');
  });
  redis.on('ready', () => {
    if (lastError) {
      logger?.info('redis connection restored');
    }
    lastError = '';
    lastErrors.delete(redis);
  });
  return redis;
}

/** Resolves when the client is ready or after timeoutMs, whichever comes first; never rejects. */
export async function waitForRedis(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') {
    return true;
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(false), timeoutMs);
    const onReady = () => finish(true);
    function finish(ready: boolean) {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ready);
    }
    redis.on('ready', onReady);
  });
}
