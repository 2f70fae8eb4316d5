// What the probe runners share beyond check.ts: a failure that carries its problem (code, severity, plain text),
// waiting on something with the check's AbortSignal, resolving the target's name (a DNS failure is `unknown`: the
// probe could not run), and turning a network error into the right problem.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { CheckProblem } from '@penguinmails/sysmon-contract';
import { redactSecrets } from '../dependencies.ts';
import { errorText, formatDuration, type CheckBuilder } from './check.ts';

/**
 * Thrown inside a check's steps: stops the check and becomes its problem. (`problem`, not `code`: errorText would
 * take a `code` for an errno and put it in front of the step's detail.)
 */
export class ProbeFailure extends Error {
  constructor(
    readonly problem: string,
    readonly severity: CheckProblem['severity'],
    text: string
  ) {
    super(text);
    this.name = 'ProbeFailure';
  }
}

/** Thrown by `abortable` when the check's budget is spent (or the check is cancelled). */
export class BudgetSpent extends Error {
  constructor() {
    super('the check’s budget ran out');
    this.name = 'BudgetSpent';
  }
}

/** Resolves or rejects with `work`, or rejects with BudgetSpent as soon as `signal` aborts. */
export function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(new BudgetSpent());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new BudgetSpent());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      }
    );
  });
}

const DNS_FAILURES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ENODATA', 'ESERVFAIL']);

/** The error's (or its cause's) errno code, e.g. ECONNREFUSED. */
export function errorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      return code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True for a failure to resolve a name (getaddrinfo's "not found" and "try again"). */
export function isDnsFailure(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && DNS_FAILURES.has(code);
}

/**
 * The address to connect to: `host` itself when it is an IP literal, else the first answer of the system resolver
 * (what a client of the service would use). A name that does not resolve is an `unknown` check.
 */
export async function resolveHost(host: string, signal: AbortSignal, budgetMs: number): Promise<string> {
  if (isIP(host)) {
    return host;
  }
  try {
    const { address } = await abortable(lookup(host), signal);
    return address;
  } catch (error) {
    if (error instanceof BudgetSpent) {
      throw new ProbeFailure('dns_failure', 'unknown', `${host} did not resolve within ${formatDuration(budgetMs)}`);
    }
    throw new ProbeFailure(
      'dns_failure',
      'unknown',
      `cannot resolve ${host} (${errorCode(error) ?? errorText(error)})`
    );
  }
}

/** Whether the check's budget is what stopped it (the error, or the check's signal having aborted). */
export function isBudgetSpent(error: unknown, signal?: AbortSignal): boolean {
  return (
    signal?.aborted === true ||
    error instanceof BudgetSpent ||
    (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))
  );
}

/**
 * The problem a failed connection attempt to `target` (e.g. "127.0.0.1:25") is: a DNS failure is `unknown`,
 * running out of budget is a `timeout`, anything else (refused, reset, unreachable) is `connect_failed`.
 */
export function connectProblem(error: unknown, target: string, budgetMs: number): ProbeFailure {
  if (error instanceof ProbeFailure) {
    return error;
  }
  if (isBudgetSpent(error)) {
    return new ProbeFailure('timeout', 'hard', `no connection to ${target} within ${formatDuration(budgetMs)}`);
  }
  if (isDnsFailure(error)) {
    return new ProbeFailure('dns_failure', 'unknown', `cannot resolve ${target} (${errorCode(error)})`);
  }
  const code = errorCode(error);
  const what =
    code === 'ECONNREFUSED'
      ? 'refused'
      : code === 'ECONNRESET'
        ? 'reset'
        : code === 'ETIMEDOUT'
          ? 'timed out'
          : code === 'EHOSTUNREACH' || code === 'ENETUNREACH'
            ? 'unreachable'
            : 'failed';
  const detail = code ?? clip(redactSecrets(errorText(error)));
  return new ProbeFailure('connect_failed', 'hard', `connection to ${target} ${what} (${detail})`);
}

/** Records what stopped a check as its problem: a ProbeFailure as it is, anything else as an internal error. */
export function recordFailure(check: CheckBuilder, error: unknown): void {
  if (error instanceof ProbeFailure) {
    check.problem(error.problem, error.severity, error.message);
  } else {
    check.problem('probe_error', 'unknown', `the probe failed: ${clip(redactSecrets(errorText(error)))}`);
  }
}

/** Cuts server-supplied text to a length a card can show. */
export function clip(text: string, max = 300): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** "host:port", with brackets around an IPv6 literal. */
export function hostPort(host: string, port: number): string {
  return `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

/** Whole percent of a share, e.g. 0.947 -> "95 %". */
export function percent(ratio: number): string {
  return `${Math.round(ratio * 100)} %`;
}

/** "1 worker", "3 workers". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Bytes as people read them: "512 B", "950.3 MB", "1.0 GB" (powers of 1024, as Redis' *_human fields). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Waits for `work` to settle (its failure ignored), but no longer than `ms`: for closing what a check opened. */
export async function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([
      work.then(
        () => undefined,
        () => undefined
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
