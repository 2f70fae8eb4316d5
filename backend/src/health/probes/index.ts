// Runs one check of one probe: dispatches by kind and enforces the check's budget. The runner gets an AbortSignal
// that aborts after `probe.timeoutMs` (and when the caller's signal aborts); it is expected to stop, close what it
// opened and return what it saw (a target that did not answer in time is the target's failure: `hard`). A runner
// that has not returned `PROBE_GRACE_MS` after that is abandoned: the check is `unknown` ("the check did not finish
// within its 5 s budget"). A runner that throws is `unknown` too. runProbe never throws and never says `ok` for a
// check that did not run.
import type { CheckResult, ProbeKind } from '@penguinmails/sysmon-contract';
import { redactSecrets } from '../dependencies.ts';
import type { ProbeConfig } from '../probeConfig.ts';
import { CheckBuilder, errorText, formatDuration, type ProbeContext, type ProbeRunner } from './check.ts';
import { httpProbe } from './http.ts';
import { postgresProbe } from './postgres.ts';
import { createRedisProbe, redisProbe } from './redis.ts';
import { smtpProbe } from './smtp.ts';
import { clip } from './support.ts';
import { tcpProbe } from './tcp.ts';
import { workersProbe } from './workers.ts';

export type { ProbeContext, ProbeRunner } from './check.ts';

/** How long after its budget a runner may still take to return what it saw before it is abandoned. */
export const PROBE_GRACE_MS = 500;

/** One runner per probe kind. */
export type ProbeRunners = { [K in ProbeKind]: ProbeRunner<Extract<ProbeConfig, { kind: K }>> };

/** A fresh set of runners (with their own memory, e.g. Redis' evicted_keys per probe). */
export function createProbeRunners(): ProbeRunners {
  return {
    smtp: smtpProbe,
    http: httpProbe,
    tcp: tcpProbe,
    postgres: postgresProbe,
    redis: createRedisProbe(),
    workers: workersProbe,
  };
}

const DEFAULT_RUNNERS: ProbeRunners = { ...createProbeRunners(), redis: redisProbe };

/** What runProbe needs: a ProbeContext whose signal (the caller's: e.g. shutdown) is optional. */
export type RunProbeContext = Omit<ProbeContext, 'signal'> & { signal?: AbortSignal };

function unknownResult(probe: ProbeConfig, code: string, text: string, checkedAt: string): CheckResult {
  return { ...new CheckBuilder(probe.name, probe.kind).problem(code, 'unknown', text).result(), checkedAt };
}

/** Runs one check of `probe` within its budget; never throws. */
export async function runProbe(
  probe: ProbeConfig,
  context: RunProbeContext,
  runners: ProbeRunners = DEFAULT_RUNNERS
): Promise<CheckResult> {
  const checkedAt = new Date().toISOString();
  const budget = formatDuration(probe.timeoutMs);
  const outer = context.signal;
  if (outer?.aborted) {
    return unknownResult(probe, 'cancelled', 'the check was cancelled before it ran', checkedAt);
  }
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const budgetTimer = setTimeout(
    () => controller.abort(new DOMException(`the check's budget of ${budget} is spent`, 'TimeoutError')),
    probe.timeoutMs
  );
  let graceTimer: NodeJS.Timeout | undefined;
  const abandoned = new Promise<'abandoned'>((resolve) => {
    graceTimer = setTimeout(() => resolve('abandoned'), probe.timeoutMs + PROBE_GRACE_MS);
  });
  try {
    const runner = runners[probe.kind] as ProbeRunner;
    const running = Promise.resolve().then(() => runner(probe, { ...context, signal: controller.signal }));
    running.catch(() => undefined); // an abandoned runner failing later must not become an unhandled rejection
    const result = await Promise.race([running, abandoned]);
    if (result === 'abandoned') {
      return unknownResult(probe, 'probe_budget', `the check did not finish within its ${budget} budget`, checkedAt);
    }
    if (outer?.aborted) {
      // Whatever the runner saw after being cut short by the caller is not evidence about the target.
      return unknownResult(probe, 'cancelled', 'the check was cancelled before it finished', checkedAt);
    }
    return result;
  } catch (error) {
    return unknownResult(probe, 'probe_error', `the probe failed: ${clip(redactSecrets(errorText(error)))}`, checkedAt);
  } finally {
    clearTimeout(budgetTimer);
    clearTimeout(graceTimer);
    outer?.removeEventListener('abort', onOuterAbort);
    controller.abort(); // an abandoned runner still running: stop
  }
}
