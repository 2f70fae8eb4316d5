// The status engine: a service's state from its checks, with hysteresis (Gatus' and Uptime Kuma's flap
// protection). Pure: the previous state and one check in, the next state (and the transition, if any) out.
//
// - Down after `downAfter` hard failures in a row.
// - Degraded (from operational or unknown) after `degradeAfter` checks in a row that were soft or hard.
// - Back to operational after `recoverAfter` clean checks in a row; from down to degraded after `recoverAfter`
//   checks in a row that were clean or soft.
// - Unknown after `unknownAfter` checks in a row that could not run: a monitor that cannot see never says "up".
// - From unknown (at the start, or after an outage of the prober) one clean check is enough to say operational:
//   there is no earlier state to flap from.
// Any other sequence keeps the state, so a single slow check never flips it.
import type {
  CheckOutcome,
  CheckProblem,
  CheckResult,
  ServiceState,
  ServiceTransition,
} from '@penguinmails/sysmon-contract';
import type { StatusRules } from './probeConfig.ts';

/** A problem while it lasts: seen in one of the last `recoverAfter` checks. */
export interface ActiveProblem extends CheckProblem {
  firstSeen: string;
  lastSeen: string;
  /** Checks that had it, of the last `window` checks. */
  seenIn: number;
  window: number;
}

/** What the engine keeps per service (stored as JSON so every replica serves the same state). */
export interface ServiceStatus {
  service: string;
  state: ServiceState;
  /** When the state began (ISO 8601); null before the first check. */
  since: string | null;
  /** Outcomes of the latest checks, oldest first (as many as the rules look back). */
  recent: CheckOutcome[];
  /** The problems (problemKey) of the same checks. */
  recentProblems: string[][];
  problems: ActiveProblem[];
  lastCheck: CheckResult | null;
}

export function initialStatus(service: string): ServiceStatus {
  return { service, state: 'unknown', since: null, recent: [], recentProblems: [], problems: [], lastCheck: null };
}

/** Checks remembered at least, so a cause can say how often a problem was seen ("5 of the last 10 checks"). */
export const EVIDENCE_CHECKS = 10;

const lookBack = (rules: StatusRules) =>
  Math.max(EVIDENCE_CHECKS, rules.downAfter, rules.degradeAfter, rules.recoverAfter, rules.unknownAfter);

/** True when the last `count` outcomes exist and are all in `allowed`. */
function lastAre(recent: readonly CheckOutcome[], count: number, allowed: readonly CheckOutcome[]): boolean {
  return recent.length >= count && recent.slice(-count).every((outcome) => allowed.includes(outcome));
}

/** The state the rules give for the outcomes so far, from `current`. */
export function nextState(current: ServiceState, recent: readonly CheckOutcome[], rules: StatusRules): ServiceState {
  if (lastAre(recent, rules.unknownAfter, ['unknown'])) {
    return 'unknown';
  }
  if (lastAre(recent, rules.downAfter, ['hard'])) {
    return 'down';
  }
  if ((current === 'operational' || current === 'unknown') && lastAre(recent, rules.degradeAfter, ['soft', 'hard'])) {
    return 'degraded';
  }
  const recoverBy = current === 'unknown' ? 1 : rules.recoverAfter;
  if (current !== 'operational' && lastAre(recent, recoverBy, ['ok'])) {
    return 'operational';
  }
  if (current === 'down' && lastAre(recent, rules.recoverAfter, ['ok', 'soft'])) {
    return 'degraded';
  }
  return current;
}

/** A problem's identity across checks: its code, and its subject when a check can find several of a kind. */
export function problemKey(problem: Pick<CheckProblem, 'code' | 'subject'>): string {
  return problem.subject === undefined ? problem.code : `${problem.code}:${problem.subject}`;
}

const SEVERITY_ORDER: Readonly<Record<CheckProblem['severity'], number>> = { hard: 0, soft: 1, unknown: 2 };

/** Problems seen in the last `recoverAfter` checks, worst and most frequent first, with first/last seen. */
function activeProblems(
  previous: readonly ActiveProblem[],
  check: CheckResult,
  recentProblems: readonly string[][],
  rules: StatusRules
): ActiveProblem[] {
  const window = Math.min(rules.recoverAfter, recentProblems.length);
  const inWindow = recentProblems.slice(-window);
  const byKey = new Map(previous.map((problem) => [problemKey(problem), problem]));
  const active: ActiveProblem[] = [];
  for (const problem of check.problems) {
    const earlier = byKey.get(problemKey(problem));
    byKey.delete(problemKey(problem));
    active.push({
      ...problem,
      firstSeen: earlier?.firstSeen ?? check.checkedAt,
      lastSeen: check.checkedAt,
      seenIn: 0,
      window: 0,
    });
  }
  for (const earlier of byKey.values()) {
    if (inWindow.some((keys) => keys.includes(problemKey(earlier)))) {
      active.push(earlier);
    }
  }
  // Frequency over everything the engine remembers, so a cause can say "5 of the last 5 checks".
  const remembered = recentProblems.length;
  for (const problem of active) {
    problem.seenIn = recentProblems.filter((keys) => keys.includes(problemKey(problem))).length;
    problem.window = remembered;
  }
  return active.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      b.seenIn - a.seenIn ||
      (a.lastSeen < b.lastSeen ? 1 : -1)
  );
}

/** "421 4.7.0 Too many connections (5 of the last 5 checks)". */
export function describeProblem(problem: ActiveProblem): string {
  if (problem.window <= 1) {
    return problem.text;
  }
  return `${problem.text} (${problem.seenIn} of the last ${problem.window} checks)`;
}

/** Why a service is in its state, from its most telling active problem; empty when operational. */
export function stateCause(status: ServiceStatus): string {
  if (status.state === 'operational') {
    return '';
  }
  const wanted: ReadonlyArray<CheckProblem['severity']> =
    status.state === 'down' ? ['hard'] : status.state === 'unknown' ? ['unknown'] : ['soft', 'hard'];
  const problem = status.problems.find((candidate) => wanted.includes(candidate.severity)) ?? status.problems[0];
  if (problem) {
    return describeProblem(problem);
  }
  return status.lastCheck === null ? 'not checked yet' : '';
}

export interface StatusUpdate {
  status: ServiceStatus;
  /** Set when the check changed the state. */
  transition?: ServiceTransition;
}

/** Folds one check into a service's status. */
export function applyCheck(previous: ServiceStatus, check: CheckResult, rules: StatusRules): StatusUpdate {
  const keep = lookBack(rules);
  const recent = [...previous.recent, check.outcome].slice(-keep);
  const recentProblems = [...previous.recentProblems, check.problems.map(problemKey)].slice(-keep);
  const state = nextState(previous.state, recent, rules);
  const status: ServiceStatus = {
    service: previous.service,
    state,
    since: state === previous.state && previous.since !== null ? previous.since : check.checkedAt,
    recent,
    recentProblems,
    problems: activeProblems(previous.problems, check, recentProblems, rules),
    lastCheck: check,
  };
  if (state === previous.state) {
    return { status };
  }
  return {
    status,
    transition: {
      service: previous.service,
      at: check.checkedAt,
      from: previous.state,
      to: state,
      cause: stateCause(status) || (state === 'operational' ? `${recoverySummary(previous, rules)}` : ''),
    },
  };
}

function recoverySummary(previous: ServiceStatus, rules: StatusRules): string {
  if (previous.state === 'unknown') {
    return previous.lastCheck === null ? 'first check clean' : 'checks run again and are clean';
  }
  return `${rules.recoverAfter} clean checks in a row`;
}
