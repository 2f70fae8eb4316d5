import React from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QUEUES_FRAME, SERVICES_FRAME } from '@penguinmails/sysmon-contract';
import { FieldTooltip } from './FieldTooltip';

describe('FieldTooltip', () => {
  it('shows the contract’s description and how to read it on hover', async () => {
    render(
      <FieldTooltip field={QUEUES_FRAME.fields.oldestWaitMs} data-testid="label">
        Oldest wait
      </FieldTooltip>
    );
    const label = screen.getByTestId('label');
    expect(label).toHaveTextContent('Oldest wait');
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument();
    await userEvent.hover(label);
    const tooltip = await screen.findByRole('tooltip');
    expect(tooltip).toHaveTextContent(QUEUES_FRAME.fields.oldestWaitMs.description);
    expect(tooltip).toHaveTextContent(QUEUES_FRAME.fields.oldestWaitMs.reading!);
  });

  it('is a focus stop of its own, except inside an interactive element', async () => {
    render(
      <>
        <FieldTooltip field={QUEUES_FRAME.fields.depth} data-testid="own">
          Depth
        </FieldTooltip>
        <button type="button">
          <FieldTooltip field={SERVICES_FRAME.fields.latencyMs} focusable={false} data-testid="in-button">
            12 ms
          </FieldTooltip>
        </button>
      </>
    );
    expect(screen.getByTestId('own')).toHaveAttribute('tabindex', '0');
    expect(screen.getByTestId('in-button')).not.toHaveAttribute('tabindex');
    await userEvent.tab();
    expect(await screen.findByRole('tooltip')).toHaveTextContent(QUEUES_FRAME.fields.depth.description);
    await userEvent.hover(screen.getByTestId('in-button'));
    expect(await screen.findByText(SERVICES_FRAME.fields.latencyMs.description)).toBeInTheDocument();
  });
});
