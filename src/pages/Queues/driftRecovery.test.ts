import { MAX_RECOVERY_LIMIT, type DriftReport, type DriftRecoveryResult } from '@penguinmails/sysmon-contract';
import {
  driftRecoveryConfirmation,
  driftRecoveryOutcome,
  driftRecoveryRequest,
  recoverableDrift,
  type RecoverableDrift,
} from './driftRecovery';

type Kind = DriftReport['kinds'][number];
const kind = (overrides: Partial<Kind> & Pick<Kind, 'kind'>): Kind => ({
  count: 0,
  oldestAgeMs: null,
  examples: [],
  lowerBound: false,
  ...overrides,
});
const report = (...kinds: Kind[]): DriftReport => ({ checkedAt: '2026-01-02T03:04:05.000Z', kinds });

function result(overrides: Partial<DriftRecoveryResult> = {}): DriftRecoveryResult {
  return {
    mode: 'not_started',
    recovered: 0,
    recoveredRows: [],
    skipped: 0,
    skippedExamples: [],
    needsDecision: 0,
    ...overrides,
  };
}

describe('recoverableDrift', () => {
  it('counts the never-started and the started rows whose job is gone', () => {
    expect(
      recoverableDrift(
        report(
          kind({ kind: 'ledger_without_job', count: 3 }),
          kind({ kind: 'started_without_job', count: 2, lowerBound: true }),
          kind({ kind: 'job_without_ledger', count: 9 })
        )
      )
    ).toEqual({ notStarted: 3, started: 2, lowerBound: true });
  });

  it('is null when no ledger row lost its job (other drift cannot be recovered)', () => {
    expect(recoverableDrift(undefined)).toBeNull();
    expect(recoverableDrift(report(kind({ kind: 'job_without_ledger', count: 4 })))).toBeNull();
    expect(recoverableDrift(report(kind({ kind: 'ledger_without_job', count: 0 })))).toBeNull();
  });
});

describe('driftRecoveryRequest', () => {
  const drift: RecoverableDrift = { notStarted: 3, started: 2, lowerBound: false };

  it('asks for the never-started rows by default, saying includeStarted: false', () => {
    expect(driftRecoveryRequest(drift, false)).toEqual({ limit: 3, includeStarted: false });
  });

  it('asks for both kinds only when started rows were chosen, and names a queue when given one', () => {
    expect(driftRecoveryRequest(drift, true, 'email-sending')).toEqual({
      queue: 'email-sending',
      limit: 5,
      includeStarted: true,
    });
  });

  it('keeps the limit inside what the service accepts', () => {
    expect(driftRecoveryRequest({ notStarted: 50_000, started: 0, lowerBound: true }, false).limit).toBe(
      MAX_RECOVERY_LIMIT
    );
    expect(driftRecoveryRequest({ notStarted: 0, started: 4, lowerBound: false }, false).limit).toBe(1);
  });
});

describe('driftRecoveryConfirmation', () => {
  it('names how many never-started rows will be re-enqueued, and leaves the started ones alone by default', () => {
    const confirmation = driftRecoveryConfirmation({ notStarted: 3, started: 2, lowerBound: false });
    expect(confirmation.body).toContain('Re-enqueues 3 rows of the job ledger that never started');
    expect(confirmation.body).toContain('2 rows last seen active are left alone');
    expect(confirmation.confirmText).toBe('Re-enqueue 3 rows that never started');
    expect(confirmation.canConfirm).toBeUndefined();
  });

  it('offers the started rows as a separate choice, with the warning that they may run twice', () => {
    const { choice } = driftRecoveryConfirmation({ notStarted: 3, started: 2, lowerBound: false });
    expect(choice?.label).toBe('Also re-enqueue the 2 rows last seen active');
    expect(choice?.description).toContain('they may have finished (an email sent) or not');
    expect(choice?.warning).toContain('may have run already');
    expect(choice?.warning).toContain('an email may be sent twice');
    expect(choice?.body).toContain('5 rows of the job ledger');
    expect(choice?.confirmText).toBe('Re-enqueue 5 rows, including 2 that may have run');
  });

  it('has no choice without started rows, and says when counts are lower bounds', () => {
    const confirmation = driftRecoveryConfirmation({ notStarted: 1_000, started: 0, lowerBound: true });
    expect(confirmation.choice).toBeUndefined();
    expect(confirmation.body).toContain('1,000 rows');
    expect(confirmation.body).toContain('more may exist');
    expect(driftRecoveryConfirmation({ notStarted: 1, started: 0, lowerBound: false }).confirmText).toBe(
      'Re-enqueue 1 row that never started'
    );
  });

  it('cannot be confirmed in the default mode when only started rows lost their job', () => {
    const confirmation = driftRecoveryConfirmation({ notStarted: 0, started: 1, lowerBound: false });
    expect(confirmation.canConfirm).toBe(false);
    expect(confirmation.body).toContain('nothing to re-enqueue by default');
    expect(confirmation.body).toContain('1 row last seen active is left alone: its job may have run already');
    expect(confirmation.choice?.description).toContain('A worker started it and stopped reporting');
    expect(confirmation.choice?.confirmText).toBe('Re-enqueue 1 row, including 1 that may have run');
    expect(confirmation.choice?.warning).toContain('it runs again');
  });
});

describe('driftRecoveryOutcome', () => {
  it('says how many were re-enqueued and how many need a decision', () => {
    expect(driftRecoveryOutcome(result({ recovered: 3, needsDecision: 2 }))).toBe(
      'Re-enqueued 3 rows; 2 rows last seen active need a decision (left alone: they may have run)'
    );
    expect(driftRecoveryOutcome(result({ recovered: 1 }))).toBe('Re-enqueued 1 row');
    expect(driftRecoveryOutcome(result({ recovered: 0, needsDecision: 1 }))).toBe(
      'Re-enqueued 0 rows; 1 row last seen active needs a decision (left alone: it may have run)'
    );
  });

  it('names the mode and the skipped rows with their reasons', () => {
    expect(
      driftRecoveryOutcome(
        result({
          mode: 'include_started',
          recovered: 4,
          skipped: 1,
          skippedExamples: ['q/7: job id is an integer (BullMQ 6 rejects custom integer ids)'],
        })
      )
    ).toBe(
      'Re-enqueued 4 rows (rows last seen active included); 1 row skipped ' +
        '(q/7: job id is an integer (BullMQ 6 rejects custom integer ids))'
    );
  });
});
