import React, { useCallback, useState } from 'react';
import { ConfirmModal } from '@grafana/ui';
import { errorMessage } from '../../api/errors';
import { testIds } from '../testIds';

/** What a confirmation dialog says before an action runs. */
export interface Confirmation {
  title: string;
  body: string;
  confirmText: string;
}

export interface ActionOutcome {
  ok: boolean;
  message: string;
  at: number;
}

interface Pending {
  confirmation: Confirmation;
  /** Runs the action; resolves to the sentence shown on success. */
  run: () => Promise<string>;
}

/**
 * One confirmation dialog per page: ask() opens it with the text of the action; confirming runs the action and
 * records its outcome (shown by <ActionOutcomeAlert>); onDone runs after success so the page can refresh at once.
 */
export function useConfirmedAction(onDone?: () => void) {
  const [pending, setPending] = useState<Pending | undefined>();
  const [outcome, setOutcome] = useState<ActionOutcome | undefined>();

  const ask = useCallback((confirmation: Confirmation, run: () => Promise<string>) => {
    setPending({ confirmation, run });
  }, []);

  const confirm = async () => {
    if (!pending) {
      return;
    }
    try {
      const message = await pending.run();
      setOutcome({ ok: true, message, at: Date.now() });
      onDone?.();
    } catch (err) {
      setOutcome({
        ok: false,
        message: `${pending.confirmation.confirmText} failed: ${errorMessage(err)}`,
        at: Date.now(),
      });
    } finally {
      setPending(undefined);
    }
  };

  const modal = (
    <ConfirmModal
      isOpen={pending !== undefined}
      title={pending?.confirmation.title ?? ''}
      body={<span data-testid={testIds.actions.confirmBody}>{pending?.confirmation.body}</span>}
      confirmText={pending?.confirmation.confirmText ?? 'Confirm'}
      confirmVariant="destructive"
      onConfirm={confirm}
      onDismiss={() => setPending(undefined)}
    />
  );

  return { ask, modal, outcome, clearOutcome: () => setOutcome(undefined) };
}
