// Redis being unreachable is not "every queue is empty": reads and actions refuse with UnavailableError (503,
// or a per-refId error naming Redis) instead of answering zeros or `{"queues":[]}`.
import { UnavailableError } from '../../errors.ts';
import { lastRedisError, type Redis } from '../../redis.ts';

export function redisUnavailable(redis: Redis, cause?: unknown): UnavailableError {
  const reason = cause instanceof Error ? cause.message : (lastRedisError(redis) ?? redis.status);
  return new UnavailableError('redis_unavailable', `Redis is unreachable (${reason}); queue data is unknown`);
}

/** Throws UnavailableError unless the client is connected. */
export function requireRedis(redis: Redis): void {
  if (redis.status !== 'ready') {
    throw redisUnavailable(redis);
  }
}

/** An error of the connection itself (closed, not writable, retries exhausted), not of one command. */
export function isConnectionError(error: unknown): boolean {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  return (
    name === 'MaxRetriesPerRequestError' ||
    (typeof message === 'string' &&
      /Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|connect ETIMEDOUT/.test(
        message
      ))
  );
}

/** Runs Redis work; a failure of the connection (before or during it) becomes UnavailableError. */
export async function whileConnected<T>(redis: Redis, work: () => Promise<T>): Promise<T> {
  requireRedis(redis);
  try {
    return await work();
  } catch (error) {
    if (redis.status !== 'ready' || isConnectionError(error)) {
      throw redisUnavailable(redis, error);
    }
    throw error;
  }
}

type PipelineLike = { exec(): Promise<Array<[Error | null, unknown]> | null> };

/**
 * Runs a pipeline; when the connection failed (the client is no longer ready, or the pipeline was aborted) that is
 * UnavailableError, while errors of single commands (WRONGTYPE on a foreign key) stay in the results.
 */
export async function execPipeline(redis: Redis, pipeline: PipelineLike): Promise<Array<[Error | null, unknown]>> {
  requireRedis(redis);
  let results: Array<[Error | null, unknown]> | null;
  try {
    results = await pipeline.exec();
  } catch (error) {
    throw redisUnavailable(redis, error);
  }
  const lost = results?.find(([error]) => error !== null && (redis.status !== 'ready' || isConnectionError(error)));
  if (results === null || lost) {
    throw redisUnavailable(redis, lost?.[0] ?? undefined);
  }
  return results;
}
