// The Redis probe: the service's shared client (`context.redis`), or with `urlEnv` a short-lived client of its own
// (disconnected on every path). PING (the headline latency), then one `INFO`: used_memory against maxmemory (0 = no
// limit, so no ratio) and evicted_keys (the increase since this probe's previous check, kept per probe name in the
// runner's closure); and `CONFIG GET maxmemory-policy`, falling back to INFO's maxmemory_policy where CONFIG is
// renamed or disabled, as on many managed Redis services.
//
// Outcomes:
//   hard     no connection (`connect_failed`; the shared client not connected, with its last error), nothing within
//            the budget (`timeout`), PING or INFO failing on a connected client (`command_failed`).
//   soft     PING slower than `thresholds.latencyMs` (`slow_ping`), used_memory at or over `memoryRatio` of maxmemory
//            (`memory_high`), maxmemory-policy not `noeviction` ("maxmemory-policy is allkeys-lru; BullMQ needs
//            noeviction", `eviction_policy`: BullMQ's keys must never be evicted), keys evicted since the previous
//            check (`evictions`).
//   unknown  `urlEnv` names a variable that is not set (`not_configured`), the host does not resolve (`dns_failure`).
// Facts: usedMemory, maxmemory, memoryRatio, policy, evictedKeys, evictionsSinceLastCheck, redisVersion.
// Texts show host:port only, never the URL's password.
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { redactSecrets } from '../dependencies.ts';
import type { RedisProbeConfig } from '../probeConfig.ts';
import { lastRedisError } from '../../redis.ts';
import { CheckBuilder, errorText, formatDuration, type ProbeRunner } from './check.ts';
import {
  abortable,
  clip,
  connectProblem,
  formatBytes,
  isBudgetSpent,
  isDnsFailure,
  percent,
  ProbeFailure,
  recordFailure,
} from './support.ts';

/** `INFO` text as a map of its `key:value` lines. */
export function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) {
      fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
    }
  }
  return fields;
}

/** "Redis at cache.internal:6379": where the probe connects, without the password. */
export function describeRedis(url: string): string {
  try {
    const parsed = new URL(url);
    return `Redis at ${parsed.host || 'localhost:6379'}`;
  } catch {
    return 'Redis';
  }
}

function commandFailure(error: unknown, command: string, target: string, budgetMs: number): ProbeFailure {
  if (isBudgetSpent(error)) {
    return new ProbeFailure(
      'timeout',
      'hard',
      `no answer to ${command} from ${target} within ${formatDuration(budgetMs)}`
    );
  }
  return new ProbeFailure(
    'command_failed',
    'hard',
    `${command} failed on ${target}: ${clip(redactSecrets(errorText(error)))}`
  );
}

/**
 * A Redis probe runner with its own memory of each probe's evicted_keys (so "evictions since the last check" is per
 * runner: the status engine keeps one runner for the life of the process).
 */
export function createRedisProbe(): ProbeRunner<RedisProbeConfig> {
  const lastEvictedKeys = new Map<string, number>();

  return async (probe, context) => {
    const { signal } = context;
    const check = new CheckBuilder(probe.name, 'redis');
    const budget = probe.timeoutMs;
    let own: Redis | undefined;
    try {
      const url = probe.urlEnv ? context.env[probe.urlEnv] : context.redisUrl;
      if (probe.urlEnv && !url) {
        throw new ProbeFailure('not_configured', 'unknown', `environment variable ${probe.urlEnv} is not set`);
      }
      const target = describeRedis(url ?? '');
      let redis: Redis;
      if (probe.urlEnv) {
        own = new Redis(url!, {
          lazyConnect: true,
          enableOfflineQueue: false,
          maxRetriesPerRequest: 0,
          retryStrategy: () => null,
          connectTimeout: budget,
          commandTimeout: budget,
          connectionName: 'sysmon-probe',
        });
        // ioredis' connect() may reject with a bare "Connection is closed."; its 'error' event has the cause.
        let lastError: unknown;
        own.on('error', (error: unknown) => {
          lastError = error;
        });
        const client = own;
        await check.step(
          'connect',
          async () => {
            try {
              await abortable(client.connect(), signal);
            } catch (error) {
              throw connectProblem(isBudgetSpent(error) ? error : (lastError ?? error), target, budget);
            }
          },
          () => target
        );
        redis = own;
      } else {
        redis = context.redis;
        if (redis.status !== 'ready') {
          const cause = lastRedisError(redis);
          const text = `${target} is not connected (${redis.status}${cause ? `: ${clip(redactSecrets(cause))}` : ''})`;
          throw isDnsFailure({ code: /\b(ENOTFOUND|EAI_AGAIN)\b/.exec(cause ?? '')?.[1] })
            ? new ProbeFailure('dns_failure', 'unknown', text)
            : new ProbeFailure('connect_failed', 'hard', text);
        }
      }

      const started = performance.now();
      await check.step('ping', async () => {
        try {
          await abortable(redis.ping(), signal);
        } catch (error) {
          throw commandFailure(error, 'PING', target, budget);
        }
      });
      const pingMs = performance.now() - started;
      check.latency(pingMs);
      if (pingMs > probe.thresholds.latencyMs) {
        check.problem(
          'slow_ping',
          'soft',
          `PING took ${formatDuration(pingMs)}, threshold ${formatDuration(probe.thresholds.latencyMs)}`
        );
      }

      const info = await check.step('info', async () => {
        try {
          // The default sections (server, memory, stats… without commandstats) in one round trip.
          return parseInfo(await abortable(redis.info(), signal));
        } catch (error) {
          throw commandFailure(error, 'INFO', target, budget);
        }
      });
      // CONFIG may be renamed or disabled: then INFO's maxmemory_policy says the same.
      const policy = await check.step(
        'config',
        async () => {
          try {
            const reply = (await abortable(redis.config('GET', 'maxmemory-policy'), signal)) as unknown;
            const value = Array.isArray(reply) ? reply[1] : undefined;
            return typeof value === 'string' ? value : (info.get('maxmemory_policy') ?? null);
          } catch (error) {
            if (isBudgetSpent(error)) {
              throw commandFailure(error, 'CONFIG GET maxmemory-policy', target, budget);
            }
            return info.get('maxmemory_policy') ?? null;
          }
        },
        (value) => `maxmemory-policy ${value ?? 'unknown'}`
      );

      check.fact('redisVersion', info.get('redis_version') ?? null);
      const used = Number(info.get('used_memory'));
      const max = Number(info.get('maxmemory') ?? 0);
      check.fact('usedMemory', Number.isFinite(used) ? used : null);
      check.fact('maxmemory', Number.isFinite(max) ? max : null);
      check.fact('policy', policy);
      if (Number.isFinite(used) && Number.isFinite(max) && max > 0) {
        const ratio = used / max;
        check.fact('memoryRatio', Math.round(ratio * 1000) / 1000);
        if (ratio >= probe.thresholds.memoryRatio) {
          check.problem(
            'memory_high',
            'soft',
            `used_memory ${formatBytes(used)} of maxmemory ${formatBytes(max)} (${percent(ratio)})`
          );
        }
      } else {
        check.fact('memoryRatio', null);
      }
      if (policy !== null && policy !== 'noeviction') {
        check.problem('eviction_policy', 'soft', `maxmemory-policy is ${policy}; BullMQ needs noeviction`);
      }

      const evicted = Number(info.get('evicted_keys'));
      if (Number.isFinite(evicted)) {
        const previous = lastEvictedKeys.get(probe.name);
        lastEvictedKeys.set(probe.name, evicted);
        check.fact('evictedKeys', evicted);
        // No baseline on the first check; a smaller counter means a restart (or CONFIG RESETSTAT): a new baseline.
        const since = previous !== undefined && evicted >= previous ? evicted - previous : null;
        check.fact('evictionsSinceLastCheck', since);
        if (since) {
          check.problem(
            'evictions',
            'soft',
            `${since} ${since === 1 ? 'key' : 'keys'} evicted since the last check (${evicted} since Redis started)`
          );
        }
      }
    } catch (error) {
      recordFailure(check, error);
    } finally {
      own?.disconnect();
    }
    return check.result();
  };
}

/** The process's Redis probe runner (one memory of evicted_keys per probe name). */
export const redisProbe: ProbeRunner<RedisProbeConfig> = createRedisProbe();
