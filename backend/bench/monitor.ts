// Counts the Redis commands of one call with MONITOR: commands sent by the given client connections (by local
// port) and commands run inside Lua scripts that touch the fixture's keys.
import type { Redis } from 'ioredis';

export interface MonitorCount {
  /** Commands sent by the watched processes' connections (an EVALSHA counts once). */
  client: number;
  /** Commands executed inside Lua scripts on keys under the prefix. */
  lua: number;
  /** Client commands by name, e.g. { evalsha: 60, 'client': 1 }. */
  byCommand: Record<string, number>;
}

export async function monitorDuring(
  redis: Redis,
  prefix: string,
  localPorts: () => Promise<number[]>,
  action: () => Promise<void>
): Promise<MonitorCount> {
  const lines: Array<{ args: string[]; source: string }> = [];
  const monitor = await redis.monitor();
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    lines.push({ args, source });
  });
  try {
    await action();
    // MONITOR lines arrive asynchronously; give the last ones a moment.
    await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    monitor.disconnect();
  }
  const ports = new Set((await localPorts()).map(String));
  const count: MonitorCount = { client: 0, lua: 0, byCommand: {} };
  for (const { args, source } of lines) {
    if (source === 'lua') {
      if (args.some((arg) => arg.startsWith(`${prefix}:`))) {
        count.lua += 1;
      }
      continue;
    }
    const port = source.split(':').pop() ?? '';
    if (ports.has(port)) {
      count.client += 1;
      const name = (args[0] ?? '').toLowerCase();
      count.byCommand[name] = (count.byCommand[name] ?? 0) + 1;
    }
  }
  return count;
}
