import React, { useCallback, useRef, useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, Checkbox, ConfirmModal, useStyles2 } from '@grafana/ui';
import { errorMessage } from '../../api/errors';
import { testIds } from '../testIds';

/** What a confirmation dialog says before an action runs. */
export interface Confirmation {
  title: string;
  body: string;
  confirmText: string;
  /** False when, without the choice below, there is nothing to do (Confirm stays disabled). Default true. */
  canConfirm?: boolean;
  /** A riskier variant of the action the user may opt into: a checkbox, off on every ask. */
  choice?: ConfirmationChoice;
}

/** The opt-in of a confirmation: ticking it replaces the body and the confirm text, and shows the warning. */
export interface ConfirmationChoice {
  label: string;
  /** Under the checkbox, always: why this is a separate decision. */
  description: string;
  /** Shown while ticked: what may go wrong. */
  warning: string;
  body: string;
  confirmText: string;
}

export interface ActionOutcome {
  ok: boolean;
  message: string;
  at: number;
}

/** Runs the action (with whether the choice was ticked); resolves to the sentence shown on success. */
export type ConfirmedRun = (chosen: boolean) => Promise<string>;

interface Pending {
  confirmation: Confirmation;
  run: ConfirmedRun;
}

/**
 * One confirmation dialog per page: ask() opens it with the text of the action; confirming runs the action and
 * records its outcome (shown by <ActionOutcomeAlert>); onDone runs after success so the page can refresh at once.
 * An action runs once per confirmation: while it is in flight the Confirm button is disabled, further confirms and
 * asks are ignored, and the dialog stays open until the service answers.
 */
export function useConfirmedAction(onDone?: () => void) {
  const styles = useStyles2(getStyles);
  const [pending, setPending] = useState<Pending | undefined>();
  const [chosen, setChosen] = useState(false);
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<ActionOutcome | undefined>();
  // Set synchronously by the first confirm: a second click can arrive before React re-renders the disabled button.
  const inFlight = useRef(false);

  const ask = useCallback((confirmation: Confirmation, run: ConfirmedRun) => {
    if (!inFlight.current) {
      // The riskier variant is never pre-selected, not even after it was chosen last time.
      setChosen(false);
      setPending({ confirmation, run });
    }
  }, []);

  const choice = pending?.confirmation.choice;
  const withChoice = chosen && choice !== undefined;
  const body = withChoice ? choice.body : pending?.confirmation.body;
  const confirmText = (withChoice ? choice.confirmText : pending?.confirmation.confirmText) ?? 'Confirm';
  const canConfirm = withChoice || pending?.confirmation.canConfirm !== false;

  const confirm = async () => {
    if (!pending || inFlight.current || !canConfirm) {
      return;
    }
    inFlight.current = true;
    setRunning(true);
    try {
      const message = await pending.run(withChoice);
      setOutcome({ ok: true, message, at: Date.now() });
      onDone?.();
    } catch (err) {
      setOutcome({ ok: false, message: `${confirmText} failed: ${errorMessage(err)}`, at: Date.now() });
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
      body={
        <>
          <span data-testid={testIds.actions.confirmBody}>{body}</span>
          {choice && (
            <div className={styles.choice}>
              <Checkbox
                label={choice.label}
                description={choice.description}
                value={chosen}
                disabled={running}
                onChange={(event) => setChosen(event.currentTarget.checked)}
                data-testid={testIds.actions.confirmChoice}
              />
              {chosen && (
                <Alert severity="warning" title={choice.warning} data-testid={testIds.actions.confirmWarning} />
              )}
            </div>
          )}
        </>
      }
      confirmText={confirmText}
      confirmVariant="destructive"
      disabled={running || !canConfirm}
      onConfirm={confirm}
      onDismiss={dismiss}
    />
  );

  return { ask, modal, outcome, clearOutcome: () => setOutcome(undefined) };
}

const getStyles = (theme: GrafanaTheme2) => ({
  choice: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(2),
    marginTop: theme.spacing(2),
    textAlign: 'left',
  }),
});
