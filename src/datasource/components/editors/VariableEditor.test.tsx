import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { VariableEditor } from './VariableEditor';
import { renderTypeEditor } from './editorTestUtils';

describe('VariableEditor', () => {
  it('lists queue names of a tier variable', async () => {
    const { last } = renderTypeEditor(VariableEditor, { refId: 'V', queryType: 'variable', variable: 'queue' }, [
      '$tier',
    ]);
    expect(screen.getByRole('radio', { name: 'Queue names' })).toBeChecked();
    await userEvent.click(screen.getByLabelText('Tier'));
    await userEvent.click(await screen.findByText('$tier'));
    expect(last()).toEqual({ refId: 'V', queryType: 'variable', variable: 'queue', tier: '$tier' });
  });

  it('lists queue names when the saved query does not say', () => {
    renderTypeEditor(VariableEditor, { refId: 'V', queryType: 'variable' });
    expect(screen.getByRole('radio', { name: 'Queue names' })).toBeChecked();
    expect(screen.getByLabelText('Tier')).toBeInTheDocument();
  });

  it('switches to tiers, which drops the tier filter and hides it', async () => {
    const { last, onRunQuery } = renderTypeEditor(VariableEditor, {
      refId: 'V',
      queryType: 'variable',
      variable: 'queue',
      tier: 'high',
    });
    await userEvent.click(screen.getByRole('radio', { name: 'Tiers' }));
    expect(last()).toEqual({ refId: 'V', queryType: 'variable', variable: 'tier' });
    expect(screen.queryByLabelText('Tier')).not.toBeInTheDocument();
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('offers every kind the contract has, log services, levels and probed services included, without a tier filter', async () => {
    const { last, onRunQuery } = renderTypeEditor(VariableEditor, {
      refId: 'V',
      queryType: 'variable',
      variable: 'queue',
      tier: 'high',
    });
    expect(screen.getAllByRole('radio').map((radio) => radio.closest('div')?.textContent?.trim())).toEqual([
      'Queue names',
      'Tiers',
      'Log services',
      'Log levels',
      'Probed services',
    ]);
    await userEvent.click(screen.getByRole('radio', { name: 'Log services' }));
    expect(last()).toEqual({ refId: 'V', queryType: 'variable', variable: 'service' });
    expect(screen.queryByLabelText('Tier')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: 'Log levels' }));
    expect(last()).toEqual({ refId: 'V', queryType: 'variable', variable: 'level' });
    await userEvent.click(screen.getByRole('radio', { name: 'Probed services' }));
    expect(last()).toEqual({ refId: 'V', queryType: 'variable', variable: 'infra_service' });
    expect(screen.queryByLabelText('Tier')).not.toBeInTheDocument();
    expect(onRunQuery).toHaveBeenCalledTimes(3);
    // Five kinds and three switches: slow on the shared 2-core machines while other suites run.
  }, 20_000);
});
