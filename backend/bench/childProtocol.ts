// The IPC protocol between a benchmark and the server processes it forks (serviceProcess.ts, bullBoardProcess.ts,
// serviceChild.ts, logsIngestService.ts): each server runs in its own process, so the load generator and the servers
// never share an event loop, and each process's Redis requests and memory can be counted on its own.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { RedisWriteCounter } from './redisWrites.ts';

export type ToChild = { type: 'stats' } | { type: 'close' };
export type FromChild =
  | { type: 'ready'; url: string }
  | { type: 'stats'; writes: number; localPorts: number[]; cpuMs: number; majorGcs: MemoryAfterGc[] }
  | { type: 'error'; message: string };

/**
 * Memory just after a major (mark-compact) garbage collection ended, `at` in epoch ms: the JavaScript heap in use and
 * the memory V8 tracks outside it (Buffers and other ArrayBuffers).
 */
export interface MemoryAfterGc {
  at: number;
  heapUsed: number;
  external: number;
}

/** What a child running the service starts it with: its environment and its YAML configuration. */
export interface ServiceChildConfig {
  env: Record<string, string>;
  configYaml: string;
}

export interface ChildStats {
  writes: number;
  localPorts: number[];
  cpuMs: number;
  /** Major garbage collections since the previous stats() call. */
  majorGcs: MemoryAfterGc[];
}

export interface ServerChild {
  url: string;
  pid: number;
  /** Redis socket writes so far, the local ports of its Redis sockets, and the process's CPU time (user + system). */
  stats(): Promise<ChildStats>;
  close(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** Forks `script` (a file in bench/) with tsx, passing `config` as JSON; resolves once it reports ready. */
export async function startChild(script: string, config: unknown, timeoutMs = 60_000): Promise<ServerChild> {
  const child: ChildProcess = fork(path.join(here, script), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_CHILD_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const next = <T extends FromChild['type']>(type: T) =>
    new Promise<Extract<FromChild, { type: T }>>((resolve, reject) => {
      const onMessage = (message: FromChild) => {
        if (message.type === type) {
          cleanup();
          resolve(message as Extract<FromChild, { type: T }>);
        } else if (message.type === 'error') {
          cleanup();
          reject(new Error(`${script}: ${message.message}`));
        }
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`${script} exited with code ${code}`));
      };
      const cleanup = () => {
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
    });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const ready = await next('ready').finally(() => clearTimeout(timer));
  return {
    url: ready.url,
    pid: child.pid!,
    async stats() {
      const reply = next('stats');
      child.send({ type: 'stats' } satisfies ToChild);
      const { writes, localPorts, cpuMs, majorGcs } = await reply;
      return { writes, localPorts, cpuMs, majorGcs };
    },
    async close() {
      if (child.exitCode !== null) {
        return;
      }
      const exited = once(child, 'exit');
      child.send({ type: 'close' } satisfies ToChild);
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** In a child: answers `stats` and `close` messages; `close` runs `shutdown` and exits. */
export function serveChildProtocol(counter: RedisWriteCounter, shutdown: () => Promise<void>): void {
  // Memory right after each major GC: what the process retains, without the collector's sawtooth.
  let majorGcs: MemoryAfterGc[] = [];
  const isMajor = (entry: PerformanceEntry) =>
    ((entry as { detail?: { kind?: number } }).detail?.kind ?? 0) === constants.NODE_PERFORMANCE_GC_MAJOR;
  new PerformanceObserver((list) => {
    if (list.getEntries().some(isMajor)) {
      const { heapUsed, external } = process.memoryUsage();
      majorGcs.push({ at: Date.now(), heapUsed, external });
    }
  }).observe({ entryTypes: ['gc'] });
  process.on('message', (message: ToChild) => {
    if (message.type === 'stats') {
      const cpu = process.cpuUsage();
      process.send?.({
        type: 'stats',
        writes: counter.writes,
        localPorts: counter.localPorts,
        cpuMs: (cpu.user + cpu.system) / 1000,
        majorGcs,
      } satisfies FromChild);
      majorGcs = [];
    } else if (message.type === 'close') {
      void shutdown().finally(() => process.exit(0));
    }
  });
  // The parent went away: do not linger.
  process.on('disconnect', () => {
    void shutdown().finally(() => process.exit(0));
  });
}

export function reportChildError(error: unknown): void {
  process.send?.({
    type: 'error',
    message: error instanceof Error ? error.message : String(error),
  } satisfies FromChild);
  process.exitCode = 1;
}

export function childConfig<T>(): T {
  const text = process.env.BENCH_CHILD_CONFIG;
  if (!text) {
    throw new Error('BENCH_CHILD_CONFIG is not set (this file is started by bench/queues.ts)');
  }
  return JSON.parse(text) as T;
}
