import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LOG_LEVELS } from '@penguinmails/sysmon-contract';
import { testIds } from '../../../components/testIds';
import { LogContextEditor } from './LogContextEditor';
import { LogsEditor } from './LogsEditor';
import { LogVolumeEditor } from './LogVolumeEditor';
import { renderTypeEditor } from './editorTestUtils';

// Select menus are slow to open on the shared 2-core machines while other suites run.
jest.setTimeout(20_000);

const initial = { refId: 'A', queryType: 'logs' as const, limit: 100 };

describe('LogsEditor', () => {
  it('searches on Enter with the language shown', async () => {
    const { last, onRunQuery } = renderTypeEditor(LogsEditor, initial);
    const hint = screen.getByTestId(testIds.datasource.logSearchHint);
    expect(hint).toHaveTextContent('level:>=warn');
    expect(hint).toHaveTextContent('request_id:');
    expect(hint).toHaveTextContent('attrs.<key>:value');
    await userEvent.type(screen.getByLabelText('Search'), 'service:smtp "connection refused"{enter}');
    expect(last()).toEqual({ ...initial, search: 'service:smtp "connection refused"' });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('filters by levels from the contract, and clearing them removes the filter', async () => {
    const { last, onRunQuery } = renderTypeEditor(LogsEditor, initial, ['$level']);
    await userEvent.click(screen.getByLabelText('Levels'));
    for (const level of LOG_LEVELS) {
      expect(await screen.findByText(level)).toBeInTheDocument();
    }
    await userEvent.click(screen.getByText('error'));
    expect(last()).toEqual({ ...initial, levels: ['error'] });
    await userEvent.click(screen.getByLabelText('Levels'));
    await userEvent.click(await screen.findByText('$level'));
    expect(last()).toEqual({ ...initial, levels: ['error', '$level'] });
    expect(onRunQuery).toHaveBeenCalledTimes(2);
    await userEvent.click(screen.getAllByRole('button', { name: /remove/i })[0]);
    await userEvent.click(screen.getAllByRole('button', { name: /remove/i })[0]);
    expect(last()).toEqual(initial);
  });

  it('lists the services the service has seen, loaded when the picker opens', async () => {
    const loadValues = jest.fn().mockResolvedValue(['api', 'smtp', 'worker']);
    const { last } = renderTypeEditor(LogsEditor, initial, [], loadValues);
    expect(loadValues).not.toHaveBeenCalled();
    await userEvent.click(screen.getByLabelText('Services'));
    expect(loadValues).toHaveBeenCalledWith('service');
    await userEvent.click(await screen.findByText('smtp'));
    expect(last()).toEqual({ ...initial, services: ['smtp'] });
  });

  it('says why the services could not be listed', async () => {
    const loadValues = jest.fn().mockRejectedValue(new Error('HTTP 503'));
    renderTypeEditor(LogsEditor, initial, [], loadValues);
    await userEvent.click(screen.getByLabelText('Services'));
    expect(await screen.findByText('Could not list services: HTTP 503')).toBeInTheDocument();
  });

  it('stores only a valid limit, within the schema’s range', async () => {
    const { last } = renderTypeEditor(LogsEditor, initial);
    const limit = screen.getByLabelText('Limit');
    await userEvent.clear(limit);
    await userEvent.type(limit, '2000');
    expect(last().limit).toBe(2000);
    await userEvent.type(limit, '0');
    expect(last().limit).toBe(2000);
    expect(screen.getByText('A whole number from 1 to 5000')).toBeInTheDocument();
  });
});

describe('LogVolumeEditor', () => {
  it('has the same filters and no limit', async () => {
    const { last } = renderTypeEditor(LogVolumeEditor, { refId: 'V', queryType: 'log_volume' });
    expect(screen.queryByLabelText('Limit')).not.toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Search'), '-debug');
    await waitFor(() => expect(last()).toEqual({ refId: 'V', queryType: 'log_volume', search: '-debug' }));
  });
});

describe('LogContextEditor', () => {
  it('shows the defaults and switches direction', async () => {
    const { last, onRunQuery } = renderTypeEditor(LogContextEditor, { refId: 'C', queryType: 'log_context', id: '42' });
    expect(screen.getByRole('radio', { name: 'Before' })).toBeChecked();
    expect(screen.getByLabelText('Limit')).toHaveValue('20');
    await userEvent.click(screen.getByRole('radio', { name: 'After' }));
    expect(last()).toEqual({ refId: 'C', queryType: 'log_context', id: '42', direction: 'forward' });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('marks an id that is not a line id, but accepts a variable', async () => {
    renderTypeEditor(LogContextEditor, { refId: 'C', queryType: 'log_context' });
    const id = screen.getByLabelText('Line id');
    await userEvent.type(id, '12a');
    expect(screen.getByText('A log line id: digits only')).toBeInTheDocument();
    await userEvent.clear(id);
    await userEvent.type(id, '$line');
    expect(screen.queryByText('A log line id: digits only')).not.toBeInTheDocument();
  });
});
