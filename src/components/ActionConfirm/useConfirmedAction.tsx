import React, { useCallback, useRef, useState } from 'react';
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
 * An action runs once per confirmation: while it is in flight the Confirm button is disabled, further confirms and
 * asks are ignored, and the dialog stays open until the service answers.
 */
export function useConfirmedAction(onDone?: () => void) {
  const [pending, setPending] = useState<Pending | undefined>();
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<ActionOutcome | undefined>();
  // Set synchronously by the first confirm: a second click can arrive before React re-renders the disabled button.
  const inFlight = useRef(false);

  const ask = useCallback((confirmation: Confirmation, run: () => Promise<string>) => {
    if (!inFlight.current) {
      setPending({ confirmation, run });
    }
  }, []);

  const confirm = async () => {
    if (!pending || inFlight.current) {
      return;
    }
    inFlight.current = true;
    setRunning(true);
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
      inFlight.current = false;
      setRunning(false);
      setPending(undefined);
    }
  };

  const dismiss = () => {
    // Closing the dialog would not stop the request; keep it until the answer, so the outcome follows it.
    if (!inFlight.current) {
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
      disabled={running}
      onConfirm={confirm}
      onDismiss={dismiss}
    />
  );

  return { ask, modal, outcome, clearOutcome: () => setOutcome(undefined) };
}
