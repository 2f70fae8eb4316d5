import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { deferred } from '../../testUtils/deferred';
import { doubleClickBeforeRender } from '../../testUtils/events';
import { testIds } from '../testIds';
import { ActionOutcomeAlert } from './ActionOutcomeAlert';
import { useConfirmedAction, type Confirmation, type ConfirmedRun } from './useConfirmedAction';

const PAUSE = { title: 'Pause email-sending?', body: 'Workers stop taking new jobs.', confirmText: 'Pause' };
const RECOVER: Confirmation = {
  title: 'Recover?',
  body: 'Re-enqueues 3 rows that never started.',
  confirmText: 'Re-enqueue 3 rows',
  choice: {
    label: 'Also re-enqueue the 2 rows last seen active',
    description: 'They may have finished.',
    warning: 'They may have run already: they run again.',
    body: 'Re-enqueues 5 rows.',
    confirmText: 'Re-enqueue 5 rows, including 2 that may have run',
  },
};

/** A page with one action behind a confirmation, as the Queues and Queue pages use it. */
function Page({ run }: { run: () => Promise<string> }) {
  const action = useConfirmedAction();
  return (
    <>
      <button onClick={() => action.ask(PAUSE, run)}>Pause…</button>
      <ActionOutcomeAlert outcome={action.outcome} onRemove={action.clearOutcome} />
      {action.modal}
    </>
  );
}

/** A page whose action has a riskier variant behind the dialog's checkbox. */
function PageWithChoice({ run, confirmation = RECOVER }: { run: ConfirmedRun; confirmation?: Confirmation }) {
  const action = useConfirmedAction();
  return (
    <>
      <button onClick={() => action.ask(confirmation, run)}>Recover…</button>
      <ActionOutcomeAlert outcome={action.outcome} onRemove={action.clearOutcome} />
      {action.modal}
    </>
  );
}

async function openConfirmation() {
  await userEvent.click(screen.getByRole('button', { name: 'Pause…' }));
  return screen.findByTestId(testIds.actions.confirmButton);
}

describe('useConfirmedAction', () => {
  it('runs the action once for a double click on Confirm, with Confirm disabled until the answer', async () => {
    const answer = deferred<string>();
    const run = jest.fn(() => answer.promise);
    render(<Page run={run} />);
    const confirm = await openConfirmation();

    doubleClickBeforeRender(confirm);
    await waitFor(() => expect(confirm).toBeDisabled());
    await userEvent.click(confirm);
    expect(run).toHaveBeenCalledTimes(1);
    // Still waiting for the service: still disabled.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(confirm).toBeDisabled();

    answer.resolve('email-sending is paused');
    expect(await screen.findByTestId(testIds.actions.outcome)).toHaveTextContent('email-sending is paused');
    expect(screen.queryByTestId(testIds.actions.confirmBody)).not.toBeInTheDocument();
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('keeps the dialog open while the action runs, so it cannot be asked and sent again', async () => {
    const answer = deferred<string>();
    const run = jest.fn(() => answer.promise);
    render(<Page run={run} />);
    await userEvent.click(await openConfirmation());
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await userEvent.keyboard('{Escape}');
    expect(screen.getByTestId(testIds.actions.confirmBody)).toBeInTheDocument();
    expect(screen.getByTestId(testIds.actions.confirmButton)).toBeDisabled();

    answer.resolve('email-sending is paused');
    await waitFor(() => expect(screen.queryByTestId(testIds.actions.confirmBody)).not.toBeInTheDocument());
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('confirms again after an answer, including a failure', async () => {
    const run = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(new Error('service unavailable'))
      .mockResolvedValueOnce('email-sending is paused');
    render(<Page run={run} />);
    await userEvent.click(await openConfirmation());
    expect(await screen.findByTestId(testIds.actions.outcome)).toHaveTextContent('Pause failed: service unavailable');

    const confirm = await openConfirmation();
    expect(confirm).toBeEnabled();
    await userEvent.click(confirm);
    expect(await screen.findByTestId(testIds.actions.outcome)).toHaveTextContent('email-sending is paused');
    expect(run).toHaveBeenCalledTimes(2);
  });

  describe('with a choice', () => {
    const openRecover = async () => {
      await userEvent.click(screen.getByRole('button', { name: 'Recover…' }));
      return screen.findByTestId(testIds.actions.confirmButton);
    };

    it('runs the default variant unless the choice is ticked, with no warning', async () => {
      const run = jest.fn(async (chosen: boolean) => (chosen ? 'all' : 'default'));
      render(<PageWithChoice run={run} />);
      const confirm = await openRecover();
      expect(confirm).toHaveTextContent('Re-enqueue 3 rows');
      expect(screen.getByTestId(testIds.actions.confirmChoice)).not.toBeChecked();
      expect(screen.queryByTestId(testIds.actions.confirmWarning)).not.toBeInTheDocument();
      await userEvent.click(confirm);
      expect(await screen.findByTestId(testIds.actions.outcome)).toHaveTextContent('default');
      expect(run).toHaveBeenCalledWith(false);
    });

    it('shows the warning and the variant’s text once ticked, runs it, and starts unticked the next time', async () => {
      const run = jest.fn(async (chosen: boolean) => (chosen ? 'all' : 'default'));
      render(<PageWithChoice run={run} />);
      await openRecover();
      await userEvent.click(screen.getByTestId(testIds.actions.confirmChoice));
      expect(screen.getByTestId(testIds.actions.confirmWarning)).toHaveTextContent('They may have run already');
      expect(screen.getByTestId(testIds.actions.confirmBody)).toHaveTextContent('Re-enqueues 5 rows.');
      const confirm = screen.getByTestId(testIds.actions.confirmButton);
      expect(confirm).toHaveTextContent('Re-enqueue 5 rows, including 2 that may have run');
      await userEvent.click(confirm);
      expect(await screen.findByTestId(testIds.actions.outcome)).toHaveTextContent('all');
      expect(run).toHaveBeenCalledWith(true);

      await openRecover();
      expect(screen.getByTestId(testIds.actions.confirmChoice)).not.toBeChecked();
      expect(screen.getByTestId(testIds.actions.confirmButton)).toHaveTextContent('Re-enqueue 3 rows');
    });

    it('keeps Confirm disabled when only the ticked variant has something to do', async () => {
      const run = jest.fn(async () => 'done');
      render(<PageWithChoice run={run} confirmation={{ ...RECOVER, canConfirm: false }} />);
      const confirm = await openRecover();
      expect(confirm).toBeDisabled();
      await userEvent.click(screen.getByTestId(testIds.actions.confirmChoice));
      expect(confirm).toBeEnabled();
      await userEvent.click(confirm);
      await screen.findByTestId(testIds.actions.outcome);
      expect(run).toHaveBeenCalledWith(true);
    });

    it('names the variant that failed', async () => {
      render(<PageWithChoice run={() => Promise.reject(new Error('HTTP 503: Redis is unreachable'))} />);
      await openRecover();
      await userEvent.click(screen.getByTestId(testIds.actions.confirmChoice));
      await userEvent.click(screen.getByTestId(testIds.actions.confirmButton));
      expect(await screen.findByTestId(testIds.actions.outcome)).toHaveTextContent(
        'Re-enqueue 5 rows, including 2 that may have run failed: HTTP 503: Redis is unreachable'
      );
    });
  });
});
