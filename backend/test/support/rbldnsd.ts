// A real DNSBL server for the reputation tests: Debian's rbldnsd, started on a free 127.0.0.1 UDP port with zones
// written to a temporary directory, and stopped (and its directory removed) by stop(). rbldnsd refuses to run as
// root, so as root it runs as `nobody` (RBLDNSD_USER overrides); its files are world-readable for that user.
// Also fake DNS servers for what rbldnsd cannot do: one that never answers, one that answers SERVFAIL.
// Without rbldnsd installed, startRbldnsd() fails saying how to install it (CI: `apt-get install -y rbldnsd`).
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { access, chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type RbldnsdDatasetType = 'ip4set' | 'ip4tset' | 'ip4trie' | 'ip6trie' | 'ip6tset' | 'generic';

/** One dataset of a zone; a zone given several datasets answers with all their matches (several A records). */
export interface RbldnsdDataset {
  zone: string;
  type: RbldnsdDatasetType;
  /** The dataset file's lines, e.g. `192.0.2.10 :127.0.0.2:Listed for spam, see https://bl.test/$`. */
  lines: readonly string[];
}

export interface RbldnsdOptions {
  /** Default TTL of answers, seconds (rbldnsd -t). */
  ttl?: number;
}

export interface RunningDnsServer {
  /** `127.0.0.1:<port>`, as the resolver config takes it. */
  address: string;
  port: number;
  /** Queries received (rbldnsd: lines of its query log; fake servers: UDP packets, retries included). */
  queries(): Promise<number>;
  stop(): Promise<void>;
}

export const RBLDNSD_MISSING =
  'rbldnsd is not installed: the DNSBL tests run against a real rbldnsd (Debian package). Install it with ' +
  '`DEBIAN_FRONTEND=noninteractive apt-get install -y rbldnsd` (CI: .ci/run installs it).';

const CANDIDATES = ['/usr/sbin/rbldnsd', '/usr/local/sbin/rbldnsd', '/usr/bin/rbldnsd'];

/** The rbldnsd executable, or undefined when it is not installed. */
export async function findRbldnsd(): Promise<string | undefined> {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const candidate of [...CANDIDATES, ...dirs.map((dir) => path.join(dir, 'rbldnsd'))]) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  return undefined;
}

async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
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

async function launch(binary: string, dir: string, specs: string[], ttl: number): Promise<RunningDnsServer> {
  const port = await freeUdpPort();
  const user = process.getuid?.() === 0 ? ['-u', process.env.RBLDNSD_USER ?? 'nobody'] : [];
  // The query log is opened after rbldnsd became that user: it must exist and be writable by anyone first.
  const log = path.join(dir, `queries-${port}.log`);
  await writeFile(log, '', { mode: 0o666 });
  await chmod(log, 0o666);
  // -n: stay in the foreground (our child); -c 0: no reload checks; -4: IPv4 socket only; -l +: unbuffered log.
  const args = [
    '-n',
    ...user,
    '-4',
    '-b',
    `127.0.0.1/${port}`,
    '-t',
    String(ttl),
    '-c',
    '0',
    '-l',
    `+${log}`,
    '-w',
    dir,
    ...specs,
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`rbldnsd did not start within 10 s:\n${output}`));
    }, 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/ started \(/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`rbldnsd exited (${code ?? signal}) before it started: ${args.join(' ')}\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  return {
    address: `127.0.0.1:${port}`,
    port,
    queries: async () => (await readFile(log, 'utf8')).split('\n').filter((line) => line.trim() !== '').length,
    async stop() {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await waitForExit(child);
      clearTimeout(killer);
    },
  };
}

/** Starts rbldnsd serving `datasets`; fails (saying how to install it) when rbldnsd is missing. */
export async function startRbldnsd(
  datasets: readonly RbldnsdDataset[],
  options: RbldnsdOptions = {}
): Promise<RunningDnsServer> {
  const binary = await findRbldnsd();
  if (!binary) {
    throw new Error(RBLDNSD_MISSING);
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sysmon-rbldnsd-'));
  await chmod(dir, 0o755);
  const specs: string[] = [];
  for (const [index, dataset] of datasets.entries()) {
    const file = `d${index}.${dataset.type}`;
    await writeFile(path.join(dir, file), `${dataset.lines.join('\n')}\n`, { mode: 0o644 });
    await chmod(path.join(dir, file), 0o644);
    specs.push(`${dataset.zone}:${dataset.type}:${file}`);
  }
  let lastError: unknown;
  // A free port can be taken between finding it and rbldnsd binding it: try again on another.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const server = await launch(binary, dir, specs, options.ttl ?? 3_600);
      return {
        ...server,
        async stop() {
          await server.stop();
          await rm(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      lastError = error;
    }
  }
  await rm(dir, { recursive: true, force: true });
  throw lastError;
}

/**
 * A UDP "DNS server" on 127.0.0.1 that never answers (`silent`: a resolver that times out) or answers every query
 * with SERVFAIL (`servfail`).
 */
export async function startFakeDnsServer(mode: 'silent' | 'servfail'): Promise<RunningDnsServer> {
  const socket = dgram.createSocket('udp4');
  let packets = 0;
  socket.on('message', (message, remote) => {
    packets += 1;
    if (mode === 'servfail' && message.length >= 12) {
      const reply = Buffer.from(message);
      // QR=1, keep opcode and RD; RA=1, RCODE=2 (SERVFAIL); no answer, authority or additional records.
      reply[2] = 0x80 | (message[2]! & 0x79);
      reply[3] = 0x80 | 0x02;
      reply.writeUInt16BE(0, 6);
      reply.writeUInt16BE(0, 8);
      reply.writeUInt16BE(0, 10);
      // Keep the header and the question only (EDNS OPT records of the query go).
      let end = 12;
      while (end < reply.length && reply[end] !== 0) {
        end += reply[end]! + 1;
      }
      socket.send(reply.subarray(0, Math.min(reply.length, end + 5)), remote.port, remote.address);
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  const { port } = socket.address();
  return {
    address: `127.0.0.1:${port}`,
    port,
    queries: async () => packets,
    stop: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
