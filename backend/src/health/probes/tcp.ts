// The TCP probe: resolve the host, open a connection, close it.
//
// Outcomes:
//   hard     connection refused/reset/unreachable (`connect_failed`), no connection within the budget (`timeout`).
//   soft     the connect slower than `thresholds.latencyMs` (`slow_connect`).
//   unknown  the host's name does not resolve (`dns_failure`).
// Headline latency: the TCP connect (after name resolution, which is a step of its own). Facts: address.
import { once } from 'node:events';
import { connect, isIP, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { TcpProbeConfig } from '../probeConfig.ts';
import { CheckBuilder, formatDuration, type ProbeRunner } from './check.ts';
import { connectProblem, hostPort, recordFailure, resolveHost } from './support.ts';

export const tcpProbe: ProbeRunner<TcpProbeConfig> = async (probe, context) => {
  const { signal } = context;
  const check = new CheckBuilder(probe.name, 'tcp');
  const target = hostPort(probe.host, probe.port);
  let socket: Socket | undefined;
  try {
    const address = isIP(probe.host)
      ? probe.host
      : await check.step(
          'resolve',
          () => resolveHost(probe.host, signal, probe.timeoutMs),
          (value) => value
        );
    check.fact('address', address);
    const started = performance.now();
    socket = connect({ host: address, port: probe.port });
    socket.on('error', () => undefined); // reported through the awaited step
    const connecting = socket;
    await check.step(
      'connect',
      async () => {
        try {
          await once(connecting, 'connect', { signal });
        } catch (error) {
          throw connectProblem(error, target, probe.timeoutMs);
        }
      },
      () => target
    );
    const ms = performance.now() - started;
    check.latency(ms);
    if (ms > probe.thresholds.latencyMs) {
      check.problem(
        'slow_connect',
        'soft',
        `connect took ${formatDuration(ms)}, threshold ${formatDuration(probe.thresholds.latencyMs)}`
      );
    }
  } catch (error) {
    recordFailure(check, error);
  } finally {
    socket?.destroy();
  }
  return check.result();
};
