// runProbe: dispatch by kind, the check's budget (a runner that never returns is `unknown` after the budget plus
// the grace, never a hang), runners that throw (`unknown`, never thrown, never `ok`), cancellation by the caller.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { codes, NO_DEPENDENCIES } from '../../../test/probeSupport.ts';
import { probeSchema, type ProbeConfig } from '../probeConfig.ts';
import { createProbeRunners, PROBE_GRACE_MS, runProbe, type ProbeRunners } from './index.ts';

const tcp = (fields: Record<string, unknown> = {}) =>
  probeSchema.parse({ name: 'tcp', kind: 'tcp', host: '127.0.0.1', port: 1, ...fields }) as ProbeConfig;

function withTcp(runner: ProbeRunners['tcp']): ProbeRunners {
  return { ...createProbeRunners(), tcp: runner };
}

describe('runProbe', () => {
  let server: Server;
  let port: number;
  before(async () => {
    server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('dispatches by kind to the real runner', async () => {
    const result = await runProbe(tcp({ port }), NO_DEPENDENCIES);
    assert.equal(result.kind, 'tcp');
    assert.equal(result.service, 'tcp');
    assert.equal(result.outcome, 'ok');
  });

  it('a runner that never returns is unknown after its budget and the grace, not a hang', async () => {
    let signalled: AbortSignal | undefined;
    const runners = withTcp((_probe, context) => {
      signalled = context.signal;
      return new Promise(() => undefined);
    });
    const started = Date.now();
    const result = await runProbe(tcp({ timeoutMs: 300 }), NO_DEPENDENCIES, runners);
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 300 + PROBE_GRACE_MS - 20 && elapsed < 300 + PROBE_GRACE_MS + 300, `took ${elapsed} ms`);
    assert.equal(result.outcome, 'unknown');
    assert.deepEqual(result.problems, [
      { code: 'probe_budget', severity: 'unknown', text: 'the check did not finish within its 300 ms budget' },
    ]);
    assert.equal(signalled?.aborted, true, 'the runner was told to stop');
    const defaults = probeSchema.parse({ name: 'tcp', kind: 'tcp', host: 'x', port: 1 });
    assert.equal(defaults.timeoutMs, 5_000, 'the default budget the issue speaks of');
  });

  it('the runner’s signal aborts at the budget, so a well-behaved runner reports what it saw', async () => {
    const runners = withTcp(
      (probe, context) =>
        new Promise((resolve) => {
          context.signal.addEventListener('abort', () =>
            resolve({
              service: probe.name,
              kind: 'tcp',
              outcome: 'hard',
              latencyMs: null,
              steps: [],
              problems: [{ code: 'timeout', severity: 'hard', text: 'no connection within 300 ms' }],
              facts: {},
              checkedAt: new Date().toISOString(),
            })
          );
        })
    );
    const started = Date.now();
    const result = await runProbe(tcp({ timeoutMs: 300 }), NO_DEPENDENCIES, runners);
    assert.ok(Date.now() - started < 300 + PROBE_GRACE_MS);
    assert.deepEqual(codes(result), ['timeout']);
  });

  it('a runner that throws is unknown with the message (secrets removed), never thrown', async () => {
    const runners = withTcp(async () => {
      throw new Error('boom at redis://:hunter2@cache:6379');
    });
    const result = await runProbe(tcp(), NO_DEPENDENCIES, runners);
    assert.equal(result.outcome, 'unknown');
    assert.deepEqual(result.problems, [
      { code: 'probe_error', severity: 'unknown', text: 'the probe failed: boom at redis://***@cache:6379' },
    ]);
    const sync = await runProbe(
      tcp(),
      NO_DEPENDENCIES,
      withTcp(() => {
        throw new TypeError('not a function');
      })
    );
    assert.equal(sync.outcome, 'unknown');
  });

  it('a check the caller cancels is unknown, whatever the runner made of it', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await runProbe(
      tcp({ timeoutMs: 2_000 }),
      { ...NO_DEPENDENCIES, signal: controller.signal },
      withTcp(
        (probe, context) =>
          new Promise((resolve) =>
            context.signal.addEventListener('abort', () =>
              resolve({
                service: probe.name,
                kind: 'tcp',
                outcome: 'hard',
                latencyMs: null,
                steps: [],
                problems: [{ code: 'timeout', severity: 'hard', text: 'cut short' }],
                facts: {},
                checkedAt: new Date().toISOString(),
              })
            )
          )
      )
    );
    assert.equal(result.outcome, 'unknown');
    assert.deepEqual(codes(result), ['cancelled']);
    const already = await runProbe(tcp(), { ...NO_DEPENDENCIES, signal: AbortSignal.abort() });
    assert.deepEqual(codes(already), ['cancelled']);
  });
});
