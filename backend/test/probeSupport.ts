// Shared pieces of the probes' tests (src/health/probes/*.test.ts, test/smtpPostfix.test.ts).
import { connect, createServer, type Socket } from 'node:net';
import type { CheckResult } from '@penguinmails/sysmon-contract';
import type { RunProbeContext } from '../src/health/probes/index.ts';

/** A context for probes that use no PostgreSQL pool or Redis client of the service's (SMTP, HTTP, TCP). */
export const NO_DEPENDENCIES = {
  pool: undefined as never,
  redis: undefined as never,
  env: {},
  databaseUrl: '',
  redisUrl: '',
} satisfies RunProbeContext;

/** The problems' codes, sorted. */
export const codes = (result: CheckResult) => result.problems.map((problem) => problem.code).sort();

/** The steps' names in order. */
export const stepNames = (result: CheckResult) => result.steps.map((step) => step.name);

/** Lets the other end notice a closed connection. */
export const settle = (ms = 100) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A TCP proxy on 127.0.0.1 to `targetPort` that holds back every chunk the target sends by `delayMs` (a slow network
 * or an overloaded server, for latency thresholds); with `delayMs: null` it accepts and never connects onward (a
 * server that never answers).
 */
export async function startDelayProxy(
  targetPort: number,
  delayMs: number | null
): Promise<{ port: number; open: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };
  const server = createServer((client) => {
    track(client);
    if (delayMs === null) {
      client.resume();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    track(upstream);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => setTimeout(() => client.write(chunk), delayMs));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => setTimeout(() => client.destroy(), delayMs));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    open: () => [...sockets].filter((socket) => !socket.destroyed).length,
    close: async () => {
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
