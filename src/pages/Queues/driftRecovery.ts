// Drift recovery from the Queues page: what the confirmation says, what is sent, and how the answer reads.
// Safe by default (DESIGN.md §4): only ledger rows that never started are re-enqueued; rows last seen active may
// have run already (an email sent), so re-enqueuing them is a separate, explicit choice in the dialog.
import {
  MAX_RECOVERY_LIMIT,
  type DriftRecoverRequest,
  type DriftRecoveryResult,
  type DriftReport,
} from '@penguinmails/sysmon-contract';
import type { Confirmation } from '../../components/ActionConfirm/useConfirmedAction';
import { formatCount } from '../../utils/format';

/** The ledger rows whose BullMQ job is gone, by whether they ever started. */
export interface RecoverableDrift {
  /** `ledger_without_job`: queued or delayed rows (safe to re-enqueue). */
  notStarted: number;
  /** `started_without_job`: rows last seen active (may have run). */
  started: number;
  /** A drift check window was full: there may be more rows of either kind. */
  lowerBound: boolean;
}

/** What a recovery could re-enqueue, from a drift report; null when there is nothing (no Recover button). */
export function recoverableDrift(report: DriftReport | undefined): RecoverableDrift | null {
  const kind = (name: 'ledger_without_job' | 'started_without_job') => report?.kinds.find((k) => k.kind === name);
  const notStarted = kind('ledger_without_job');
  const started = kind('started_without_job');
  const drift = {
    notStarted: notStarted?.count ?? 0,
    started: started?.count ?? 0,
    lowerBound: Boolean(notStarted?.lowerBound || started?.lowerBound),
  };
  return drift.notStarted + drift.started > 0 ? drift : null;
}

const rows = (count: number) => `${formatCount(count)} ${count === 1 ? 'row' : 'rows'}`;

/** How many rows one confirmed recovery re-enqueues at most: what the dialog named. */
function recoveryLimit(drift: RecoverableDrift, includeStarted: boolean): number {
  const count = includeStarted ? drift.notStarted + drift.started : drift.notStarted;
  return Math.min(MAX_RECOVERY_LIMIT, Math.max(1, count));
}

/** The request for a confirmed recovery; `includeStarted` is always sent, so the service never has to guess. */
export function driftRecoveryRequest(
  drift: RecoverableDrift,
  includeStarted: boolean,
  queue?: string
): DriftRecoverRequest {
  return { ...(queue !== undefined ? { queue } : {}), limit: recoveryLimit(drift, includeStarted), includeStarted };
}

const SAME_JOB = 'with the same job id, payload and stored options; a job that exists already is not added again.';

/** The dialog: never-started rows by default; rows last seen active only through the opt-in, with its warning. */
export function driftRecoveryConfirmation(drift: RecoverableDrift): Confirmation {
  const more = drift.lowerBound ? ' (the oldest found; more may exist: recover again for the rest)' : '';
  const notStarted = recoveryLimit(drift, false);
  const all = recoveryLimit(drift, true);
  const one = drift.started === 1;
  const startedNote =
    drift.started > 0
      ? ` ${rows(drift.started)} last seen active ${one ? 'is' : 'are'} left alone: ` +
        `${one ? 'its job' : 'their jobs'} may have run already.`
      : '';
  const confirmation: Confirmation =
    drift.notStarted > 0
      ? {
          title: 'Recover jobs missing from Redis?',
          body:
            `Re-enqueues ${rows(notStarted)} of the job ledger that never started (queued or delayed) and whose ` +
            `BullMQ job is gone${more}, ${SAME_JOB}${startedNote}`,
          confirmText: `Re-enqueue ${rows(notStarted)} that never started`,
        }
      : {
          title: 'Recover jobs missing from Redis?',
          body:
            'Every ledger row that never started still has its BullMQ job: nothing to re-enqueue by default.' +
            startedNote,
          confirmText: 'Re-enqueue rows that never started',
          canConfirm: false,
        };
  if (drift.started === 0) {
    return confirmation;
  }
  return {
    ...confirmation,
    choice: {
      label: `Also re-enqueue the ${rows(drift.started)} last seen active`,
      description: `A worker started ${one ? 'it' : 'them'} and stopped reporting: ${one ? 'it' : 'they'} may have finished (an email sent) or not.`,
      warning:
        `The ${rows(drift.started)} last seen active may have run already: re-enqueued, ` +
        `${one ? 'it runs' : 'they run'} again (an email may be sent twice).`,
      body:
        `Re-enqueues ${rows(all)} of the job ledger whose BullMQ job is gone${more}: ` +
        `${formatCount(drift.notStarted)} that never started and ${formatCount(drift.started)} last seen active, ` +
        SAME_JOB,
      confirmText: `Re-enqueue ${rows(all)}, including ${formatCount(drift.started)} that may have run`,
    },
  };
}

/** The outcome line: how many were re-enqueued, how many were skipped (with examples), how many need a decision. */
export function driftRecoveryOutcome(result: DriftRecoveryResult): string {
  const parts = [
    `Re-enqueued ${rows(result.recovered)}${result.mode === 'include_started' ? ' (rows last seen active included)' : ''}`,
  ];
  if (result.skipped > 0) {
    const examples = result.skippedExamples.length > 0 ? ` (${result.skippedExamples.join('; ')})` : '';
    parts.push(`${rows(result.skipped)} skipped${examples}`);
  }
  if (result.needsDecision > 0) {
    parts.push(
      result.needsDecision === 1
        ? '1 row last seen active needs a decision (left alone: it may have run)'
        : `${rows(result.needsDecision)} last seen active need a decision (left alone: they may have run)`
    );
  }
  return parts.join('; ');
}
