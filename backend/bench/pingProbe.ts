// PING latency probe, run in a process of its own so that the process doing the work being measured (a retry)
// cannot delay it: one dedicated connection, one PING every intervalMs (the next one waits for the previous
// answer, so a blocked Redis shows up as one long PING). Started with startPingProbe; reports on `stop`.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { summarize, type LatencySummary } from './stats.ts';

export interface PingReport {
  samples: number;
  latency: LatencySummary;
}

interface ProbeConfig {
  redisUrl: string;
  intervalMs: number;
}

export interface PingProbe {
  stop(): Promise<PingReport>;
}

/** Forks this file as the probe; resolves once the probe's connection is up and PINGing. */
export async function startPingProbe(redisUrl: string, intervalMs = 5): Promise<PingProbe> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_PING_PROBE: JSON.stringify({ redisUrl, intervalMs } satisfies ProbeConfig) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [ready] = (await once(child, 'message')) as [{ type: string }];
  if (ready.type !== 'ready') {
    throw new Error('ping probe failed to start');
  }
  return {
    async stop() {
      const reply = once(child, 'message') as Promise<[PingReport]>;
      child.send('stop');
      const [report] = await reply;
      await once(child, 'exit').catch(() => undefined);
      return report;
    },
  };
}

async function runProbe(config: ProbeConfig): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(config.redisUrl, { connectionName: 'sysmon-bench-ping' });
  await redis.ping();
  const latencies: number[] = [];
  let running = true;
  process.on('message', () => {
    running = false;
  });
  process.send?.({ type: 'ready' });
  while (running) {
    const started = performance.now();
    await redis.ping();
    const ms = performance.now() - started;
    latencies.push(ms);
    const wait = config.intervalMs - ms;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
  }
  await redis.quit();
  process.send?.({ samples: latencies.length, latency: summarize(latencies) } satisfies PingReport, () =>
    process.exit(0)
  );
}

if (process.env.BENCH_PING_PROBE) {
  void runProbe(JSON.parse(process.env.BENCH_PING_PROBE) as ProbeConfig);
}
