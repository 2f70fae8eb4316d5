import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { deferred } from '../../testUtils/deferred';
import { doubleClickBeforeRender } from '../../testUtils/events';
import { testIds } from '../testIds';
import { ActionOutcomeAlert } from './ActionOutcomeAlert';
import { useConfirmedAction } from './useConfirmedAction';

const PAUSE = { title: 'Pause email-sending?', body: 'Workers stop taking new jobs.', confirmText: 'Pause' };

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
});
