// Dependencies a fault test owns, on spare ports, so it can stop, restart and break them without touching the
// machine's shared PostgreSQL and Redis: a PostgreSQL cluster (initdb into a temporary folder, trust auth) and a
// redis-server (no persistence). Both are Debian's own binaries.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A free TCP port on the loopback (closed again before it is used; fine for tests). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const PG_BIN = (() => {
  const root = '/usr/lib/postgresql';
  const version = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  return path.join(root, version!, 'bin');
})();

export interface OwnedPostgres {
  url: string;
  port: number;
  /** Fast shutdown and start again (every connection is terminated with 57P01 first). */
  restart(): void;
  stop(): void;
  start(): void;
  /** Stops the cluster and deletes its folder. */
  destroy(): void;
}

/** A PostgreSQL cluster of its own; as root, run as the `postgres` user (initdb refuses root). */
export async function startOwnedPostgres(): Promise<OwnedPostgres> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'sysmon-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const run = (binary: string, args: string[]) =>
    execFileSync(
      asRoot ? 'runuser' : path.join(PG_BIN, binary),
      asRoot ? ['-u', 'postgres', '--', path.join(PG_BIN, binary), ...args] : args,
      {
        stdio: 'pipe',
      }
    );
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const ctl = (...args: string[]) =>
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      path.join(dir, 'log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      ...args,
    ]);
  ctl('start');
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    restart: () => ctl('restart', '-m', 'fast'),
    stop: () => ctl('stop', '-m', 'fast'),
    start: () => ctl('start'),
    destroy: () => {
      try {
        ctl('stop', '-m', 'immediate');
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface OwnedRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/**
 * A redis-server of its own on a spare port. Its data survives stop/start (an append-only file in a temporary
 * folder, flushed on every write), like a production Redis coming back after an outage.
 */
export async function startOwnedRedis(): Promise<OwnedRedis & { destroy(): Promise<void> }> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'sysmon-redis-'));
  let child: ChildProcess | undefined;
  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir];
    child = spawn('redis-server', [...args, '--appendonly', 'yes', '--appendfsync', 'always'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child!.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
      child!.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('Ready to accept connections')) {
          resolve();
        }
      });
    });
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (running && running.exitCode === null) {
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      await exited;
    }
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    start,
    destroy: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Calls `call` in a loop until stopped, ignoring its failures (load on a service while a dependency breaks). */
export function keepCalling(calls: Array<() => Promise<unknown>>): { stop(): Promise<void> } {
  let stopped = false;
  const loops = calls.map(async (call) => {
    while (!stopped) {
      await call().catch(() => undefined);
    }
  });
  return {
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

/** Collects uncaught exceptions and unhandled rejections (each one would have ended the service) until stopped. */
export function watchCrashes(): { crashes: unknown[]; stop(): void } {
  const crashes: unknown[] = [];
  const onCrash = (error: unknown) => crashes.push(error);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  return {
    crashes,
    stop: () => {
      process.off('uncaughtException', onCrash);
      process.off('unhandledRejection', onCrash);
    },
  };
}
