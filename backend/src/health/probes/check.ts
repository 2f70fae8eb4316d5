// What every probe shares: the context it runs with, and a builder that times steps, collects problems and facts,
// and reduces them to one CheckResult whose outcome is the worst problem's severity.
import { performance } from 'node:perf_hooks';
import type { CheckOutcome, CheckProblem, CheckResult, CheckStep, ProbeKind } from '@penguinmails/sysmon-contract';
import type { Pool } from '../../db/pool.ts';
import type { Redis } from '../../redis.ts';
import type { ProbeConfig } from '../probeConfig.ts';

export interface ProbeContext {
  /** The service's own PostgreSQL pool (the system pool) and Redis client, for probes of its own dependencies. */
  pool: Pool;
  redis: Redis;
  /** Where `urlEnv` names are read (process.env in the service). */
  env: Readonly<Record<string, string | undefined>>;
  /** The service's own connection URLs, used when a probe names no `urlEnv`. */
  databaseUrl: string;
  redisUrl: string;
  /** Every queue's latest snapshot (the queue read path's cache); absent when the queues unit is not running. */
  queueSnapshots?: () => Promise<Array<{ name: string; workers: number | null; error?: string }>>;
  /** Aborted when the check's budget (timeoutMs) is spent: stop and close what is open. */
  signal: AbortSignal;
}

/** Runs one check of one probe; never throws (anything unexpected becomes an `unknown` result). */
export type ProbeRunner<Probe extends ProbeConfig = ProbeConfig> = (
  probe: Probe,
  context: ProbeContext
) => Promise<CheckResult>;

const SEVERITY_RANK: Readonly<Record<CheckOutcome, number>> = { ok: 0, unknown: 1, soft: 2, hard: 3 };

/** The worst of some outcomes: hard > soft > unknown > ok (a target seen failing beats one not seen). */
export function worstOutcome(outcomes: readonly CheckOutcome[]): CheckOutcome {
  return outcomes.reduce<CheckOutcome>(
    (worst, outcome) => (SEVERITY_RANK[outcome] > SEVERITY_RANK[worst] ? outcome : worst),
    'ok'
  );
}

/** Milliseconds with two decimals. */
export const roundMs = (ms: number) => Math.round(ms * 100) / 100;

/** "4.2 s" / "850 ms": how findings and causes say a duration. */
export function formatDuration(ms: number): string {
  return ms >= 1_000 ? `${(ms / 1_000).toFixed(ms >= 10_000 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}

export class CheckBuilder {
  private readonly steps: CheckStep[] = [];
  private readonly problems: CheckProblem[] = [];
  private readonly facts: Record<string, string | number | boolean | null> = {};
  private latencyMs: number | null = null;
  private readonly startedAt = new Date();

  constructor(
    private readonly service: string,
    private readonly kind: ProbeKind
  ) {}

  /**
   * Times `work` as a step. A step that throws is recorded as failed with the error's message and the error is
   * rethrown, so a probe stops at its first failed step.
   */
  async step<T>(name: string, work: () => Promise<T>, detail?: (value: T) => string | undefined): Promise<T> {
    const started = performance.now();
    try {
      const value = await work();
      const text = detail?.(value);
      this.steps.push({ name, ms: roundMs(performance.now() - started), ok: true, ...(text ? { detail: text } : {}) });
      return value;
    } catch (error) {
      this.steps.push({ name, ms: roundMs(performance.now() - started), ok: false, detail: errorText(error) });
      throw error;
    }
  }

  /** Records a step measured elsewhere. */
  addStep(step: CheckStep): this {
    this.steps.push({ ...step, ms: roundMs(step.ms) });
    return this;
  }

  /** @param subject what the problem is about, when this check can find several of its kind (a queue). */
  problem(code: string, severity: CheckProblem['severity'], text: string, subject?: string): this {
    this.problems.push({ code, severity, text, ...(subject !== undefined ? { subject } : {}) });
    return this;
  }

  fact(name: string, value: string | number | boolean | null): this {
    this.facts[name] = value;
    return this;
  }

  latency(ms: number): this {
    this.latencyMs = roundMs(ms);
    return this;
  }

  result(): CheckResult {
    return {
      service: this.service,
      kind: this.kind,
      outcome: worstOutcome(this.problems.map((problem) => problem.severity)),
      latencyMs: this.latencyMs,
      steps: [...this.steps],
      problems: [...this.problems],
      facts: { ...this.facts },
      checkedAt: this.startedAt.toISOString(),
    };
  }
}

/** An error's message for a step's detail (never a stack). */
export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = error.message || error.name;
    return code && !message.includes(code) ? `${code}: ${message}` : message;
  }
  return String(error);
}
