// What the fault suite (test/faultSuite.test.ts) controls besides the PostgreSQL cluster and the redis-server of
// test/faults.ts: a DNS forwarder in front of rbldnsd that can be silenced (a resolver that times out), non-blocking
// control of the owned cluster (stop, start, read-only) so the service keeps running while PostgreSQL changes
// state, log shipping in the three ingest formats that remembers every line the service acknowledged, and load
// loops that remember every answer that was not a success.
import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** Debian's newest PostgreSQL, as test/faults.ts uses. */
const PG_BIN = path.join(
  '/usr/lib/postgresql',
  readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))[0]!,
  'bin'
);

export interface DnsForwarder {
  /** `127.0.0.1:<port>`, as reputation.resolver.servers takes it. */
  address: string;
  /** Drops every query and every answer from now on: the resolver times out. */
  silence(): void;
  /** Forwards again. */
  resume(): void;
  /** Queries received (dropped ones too). */
  queries(): number;
  stop(): Promise<void>;
}

/** A UDP DNS forwarder on 127.0.0.1 to `upstreamPort` (rbldnsd), matching answers to clients by query id. */
export async function startDnsForwarder(upstreamPort: number): Promise<DnsForwarder> {
  const front = dgram.createSocket('udp4');
  const upstream = dgram.createSocket('udp4');
  const clients = new Map<number, { port: number; address: string }>();
  let silent = false;
  let received = 0;
  front.on('message', (message, remote) => {
    received += 1;
    if (silent || message.length < 12) {
      return;
    }
    if (clients.size > 10_000) {
      clients.clear();
    }
    clients.set(message.readUInt16BE(0), { port: remote.port, address: remote.address });
    upstream.send(message, upstreamPort, '127.0.0.1');
  });
  upstream.on('message', (message) => {
    const client = message.length >= 12 ? clients.get(message.readUInt16BE(0)) : undefined;
    if (!client || silent) {
      return;
    }
    clients.delete(message.readUInt16BE(0));
    front.send(message, client.port, client.address);
  });
  const bind = (socket: dgram.Socket) =>
    new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => resolve());
    });
  await Promise.all([bind(front), bind(upstream)]);
  const close = (socket: dgram.Socket) => new Promise<void>((resolve) => socket.close(() => resolve()));
  return {
    address: `127.0.0.1:${front.address().port}`,
    silence: () => {
      silent = true;
      clients.clear();
    },
    resume: () => {
      silent = false;
    },
    queries: () => received,
    stop: async () => {
      await Promise.all([close(front), close(upstream)]);
    },
  };
}

export interface ClusterControl {
  /** pg_ctl stop -m fast (every connection gets 57P01), without blocking the event loop (the service runs here). */
  stop(): Promise<void>;
  /** pg_ctl start, returning once the cluster accepts connections. */
  start(): Promise<void>;
  /**
   * Makes every session of the cluster read-only (`ALTER SYSTEM SET default_transaction_read_only` and a reload,
   * which open sessions apply before their next statement), or writable again.
   */
  setReadOnly(on: boolean): Promise<void>;
}

/**
 * Controls a cluster of test/faults.ts (startOwnedPostgres) asynchronously: its folder comes from the server
 * (data_directory, unix_socket_directories), and pg_ctl gets the options it was started with.
 */
export async function controlCluster(url: string): Promise<ClusterControl> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  let data: string;
  let socketDir: string;
  try {
    data = (await admin.query<{ d: string }>("SELECT current_setting('data_directory') AS d")).rows[0]!.d;
    socketDir = (await admin.query<{ s: string }>("SELECT current_setting('unix_socket_directories') AS s")).rows[0]!.s;
  } finally {
    await admin.end();
  }
  const port = new URL(url).port;
  const asRoot = process.getuid?.() === 0;
  const ctl = async (...args: string[]) => {
    const command = [
      path.join(PG_BIN, 'pg_ctl'),
      '-D',
      data,
      '-l',
      path.join(path.dirname(data), 'log'),
      '-w',
      '-o',
      `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      ...args,
    ];
    await (asRoot ? run('runuser', ['-u', 'postgres', '--', ...command]) : run(command[0]!, command.slice(1)));
  };
  return {
    stop: () => ctl('stop', '-m', 'fast'),
    start: () => ctl('start'),
    async setReadOnly(on) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        // This session stays writable whatever the cluster's default.
        await client.query('SET default_transaction_read_only = off');
        await client.query(
          on
            ? 'ALTER SYSTEM SET default_transaction_read_only = on'
            : 'ALTER SYSTEM RESET default_transaction_read_only'
        );
        await client.query('SELECT pg_reload_conf()');
      } finally {
        await client.end();
      }
      // The postmaster re-reads the file asynchronously: wait until a new session sees the new default.
      for (let attempt = 0; attempt < 100; attempt += 1) {
        const probe = new pg.Client({ connectionString: url });
        await probe.connect();
        const value = (await probe.query<{ v: string }>("SELECT current_setting('default_transaction_read_only') AS v"))
          .rows[0]!.v;
        await probe.end();
        if (value === (on ? 'on' : 'off')) {
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`default_transaction_read_only did not become ${on ? 'on' : 'off'}`);
    },
  };
}

export type IngestFormat = 'ndjson' | 'loki' | 'otlp';
export const INGEST_FORMATS: readonly IngestFormat[] = ['ndjson', 'loki', 'otlp'];

/** The lines one batch carries, each with a unique message (its marker). */
export const LINES_PER_BATCH = 5;

/** A refused batch: its status, and whether the answer said when to retry. */
export interface IngestRefusal {
  format: IngestFormat;
  status: number;
  retryAfter: string | null;
  message: string;
}

/**
 * Ships batches of uniquely marked lines in one ingest format and remembers which lines the service acknowledged
 * (a 2xx: 200 for NDJSON and OTLP, 204 for Loki) and which it refused. A batch that got no answer (the connection
 * dropped) is neither: it may or may not have been stored.
 */
export class IngestShipper {
  readonly acknowledged = new Set<string>();
  readonly sent = new Set<string>();
  readonly refusals: IngestRefusal[] = [];
  private sequence = 0;

  constructor(
    private readonly url: string,
    private readonly token: string,
    readonly service: string
  ) {}

  async ship(format: IngestFormat): Promise<number> {
    const markers = Array.from({ length: LINES_PER_BATCH }, () => `${this.service} ${format} ${++this.sequence}`);
    markers.forEach((marker) => this.sent.add(marker));
    const now = Date.now();
    const nanos = (offset: number) => `${BigInt(now + offset) * 1_000_000n}`;
    const path = { ndjson: '/api/logs/ingest', loki: '/loki/api/v1/push', otlp: '/v1/logs' }[format];
    const body =
      format === 'ndjson'
        ? markers
            .map((message, i) =>
              JSON.stringify({ ts: new Date(now + i).toISOString(), level: 'info', service: this.service, message })
            )
            .join('\n')
        : format === 'loki'
          ? JSON.stringify({
              streams: [
                {
                  stream: { service_name: this.service, level: 'info' },
                  values: markers.map((message, i) => [nanos(i), message]),
                },
              ],
            })
          : JSON.stringify({
              resourceLogs: [
                {
                  resource: { attributes: [{ key: 'service.name', value: { stringValue: this.service } }] },
                  scopeLogs: [
                    {
                      logRecords: markers.map((message, i) => ({
                        timeUnixNano: nanos(i),
                        severityText: 'INFO',
                        body: { stringValue: message },
                      })),
                    },
                  ],
                },
              ],
            });
    const res = await fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${this.token}`,
        'Content-Type': format === 'ndjson' ? 'application/x-ndjson' : 'application/json',
      },
      body,
    });
    const text = await res.text();
    if (res.status >= 200 && res.status < 300) {
      if (format === 'ndjson') {
        const answer = JSON.parse(text) as { accepted: number; rejected: number };
        if (answer.accepted !== markers.length || answer.rejected !== 0) {
          throw new Error(`NDJSON batch only partly accepted: ${text}`);
        }
      } else if (format === 'otlp' && text !== '{}') {
        throw new Error(`OTLP batch only partly accepted: ${text}`);
      }
      markers.forEach((marker) => this.acknowledged.add(marker));
    } else {
      let message = text;
      try {
        message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
      } catch {
        // not JSON
      }
      this.refusals.push({ format, status: res.status, retryAfter: res.headers.get('retry-after'), message });
    }
    return res.status;
  }
}

/** An answer that was not a success, as a load loop saw it. */
export interface FailedAnswer {
  what: string;
  status: number;
  message: string;
  at: number;
}

/**
 * Runs each call in a loop with a pause between calls until stopped, recording every answer that was not a 2xx
 * (and every call that threw: status 0). The service's answers during faults are checked from these afterwards.
 */
export function loadLoops(calls: ReadonlyArray<{ what: string; call: () => Promise<Response>; pauseMs: number }>): {
  failures: FailedAnswer[];
  calls(): number;
  stop(): Promise<void>;
} {
  const failures: FailedAnswer[] = [];
  let stopped = false;
  let count = 0;
  const loops = calls.map(async ({ what, call, pauseMs }) => {
    while (!stopped) {
      try {
        const res = await call();
        const text = await res.text();
        count += 1;
        if (res.status >= 300) {
          let message = text;
          try {
            message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
          } catch {
            // not JSON
          }
          failures.push({ what, status: res.status, message: message.slice(0, 300), at: Date.now() });
        } else if (res.headers.get('content-type')?.includes('json')) {
          // Per-refId errors of /api/query count as failures too.
          const body = JSON.parse(text) as { results?: Record<string, { error?: string; status?: number }> };
          for (const [refId, result] of Object.entries(body.results ?? {})) {
            if (result.error) {
              failures.push({
                what: `${what} ${refId}`,
                status: result.status ?? 0,
                message: result.error.slice(0, 300),
                at: Date.now(),
              });
            }
          }
        }
      } catch (error) {
        failures.push({ what, status: 0, message: (error as Error).message, at: Date.now() });
      }
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  });
  return {
    failures,
    calls: () => count,
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}
