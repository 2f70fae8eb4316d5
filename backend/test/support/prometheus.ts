// Real Prometheus and Alertmanager for the alerting tests: Debian's `prometheus` and `prometheus-alertmanager`
// binaries, each started on a free 127.0.0.1 port with its configuration and data in a temporary directory of its
// own (never the system instances, their ports 9090/9093 or /etc), and stopped (directory removed) by stop().
// Alertmanager runs without clustering (`--cluster.listen-address=`). A missing binary fails saying how to install it.
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';

export const PROMETHEUS_MISSING =
  'is not installed: the alerting tests run real Prometheus and Alertmanager (Debian packages). Install them with ' +
  '`DEBIAN_FRONTEND=noninteractive apt-get install -y prometheus prometheus-alertmanager` (CI: .ci/run installs them).';

export interface RunningBinary {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Its temporary directory (config, secrets, data). */
  dir: string;
  /** The last lines it logged, for failure messages. */
  logTail(): string;
  stop(): Promise<void>;
}

/** The first executable named one of `names` in PATH (or the usual Debian places). */
export async function findBinary(names: readonly string[]): Promise<string | undefined> {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), '/usr/bin', '/usr/local/bin'];
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      try {
        await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // next
      }
    }
  }
  return undefined;
}

export async function freeTcpPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
  });
}

/** Children still running when the test process exits (a cancelled run) are killed, never left behind. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) {
    child.kill('SIGKILL');
  }
});

interface LaunchOptions {
  label: string;
  binary: string;
  dir: string;
  args: (port: number) => string[];
  /** How long until /-/ready must answer 200. */
  readyTimeoutMs?: number;
}

async function launch(options: LaunchOptions): Promise<Omit<RunningBinary, 'dir'>> {
  const port = await freeTcpPort();
  const child = spawn(options.binary, options.args(port), { cwd: options.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const lines: string[] = [];
  const onData = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 60));
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  let exited = false;
  child.once('exit', () => {
    exited = true;
    running.delete(child);
  });
  child.once('error', (error) => lines.push(`spawn error: ${error.message}`));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await waitForExit(child);
    clearTimeout(killer);
    running.delete(child);
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
  for (;;) {
    if (exited) {
      throw new Error(`${options.label} exited before it was ready:\n${lines.join('\n')}`);
    }
    try {
      const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) {
        break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `${options.label} was not ready within ${options.readyTimeoutMs ?? 20_000} ms:\n${lines.join('\n')}`
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, logTail: () => lines.join('\n'), stop };
}

/** Starts `launch` in a new temporary directory prepared by `prepare`; the directory goes with the process. */
async function inTempDir(
  label: string,
  names: readonly string[],
  prepare: (dir: string) => Promise<(port: number) => string[]>
): Promise<RunningBinary> {
  const binary = await findBinary(names);
  if (!binary) {
    throw new Error(`${names[0]} ${PROMETHEUS_MISSING}`);
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), `sysmon-${label}-`));
  try {
    const args = await prepare(dir);
    let lastError: unknown;
    // A free port can be taken between finding it and the binary binding it: try again on another.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        const started = await launch({ label, binary, dir, args });
        return {
          ...started,
          dir,
          async stop() {
            await started.stop();
            await rm(dir, { recursive: true, force: true });
          },
        };
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Prometheus with `config` (prometheus.yml as an object; `files` are written beside it first, e.g. a token file the
 * config names by relative path).
 */
export function startPrometheus(
  config: Record<string, unknown>,
  files: Record<string, string> = {}
): Promise<RunningBinary> {
  return inTempDir('prometheus', ['prometheus'], async (dir) => {
    for (const [name, content] of Object.entries(files)) {
      await writeFile(path.join(dir, name), content, { mode: 0o600 });
    }
    await writeFile(path.join(dir, 'prometheus.yml'), toYaml(config));
    return (port) => [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ];
  });
}

/**
 * Alertmanager with `config` (alertmanager.yml as an object, or a function of the temporary directory, so it can
 * name secret files written there by `files`).
 */
export function startAlertmanager(
  config: Record<string, unknown> | ((dir: string) => Record<string, unknown>),
  files: Record<string, string> = {}
): Promise<RunningBinary> {
  return inTempDir('alertmanager', ['prometheus-alertmanager', 'alertmanager'], async (dir) => {
    for (const [name, content] of Object.entries(files)) {
      await writeFile(path.join(dir, name), content, { mode: 0o600 });
    }
    const resolved = typeof config === 'function' ? config(dir) : config;
    await writeFile(path.join(dir, 'alertmanager.yml'), toYaml(resolved));
    return (port) => [
      `--config.file=${path.join(dir, 'alertmanager.yml')}`,
      `--storage.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // No gossip: a single instance, and no port of its own besides the web one.
      '--cluster.listen-address=',
      '--log.level=warn',
    ];
  });
}
