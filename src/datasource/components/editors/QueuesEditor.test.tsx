import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueuesEditor } from './QueuesEditor';
import { renderTypeEditor } from './editorTestUtils';

describe('QueuesEditor', () => {
  it('filters by a tier picked from the list and runs the query', async () => {
    const { last, onRunQuery } = renderTypeEditor(QueuesEditor, { refId: 'A', queryType: 'queues' });
    await userEvent.click(screen.getByLabelText('Tier'));
    await userEvent.click(await screen.findByText('low'));
    expect(last()).toEqual({ refId: 'A', queryType: 'queues', tier: 'low' });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('offers dashboard variables for the tier and clears back to all tiers', async () => {
    const { last } = renderTypeEditor(QueuesEditor, { refId: 'A', queryType: 'queues', tier: 'high' }, ['$tier']);
    await userEvent.click(screen.getByLabelText('Tier'));
    await userEvent.click(await screen.findByText('$tier'));
    expect(last().tier).toBe('$tier');
    await userEvent.click(screen.getByLabelText('Tier'));
    await userEvent.click(await screen.findByText('All tiers'));
    expect(last().tier).toBe('');
  });

  it('accepts a typed template variable as the tier', async () => {
    const { last } = renderTypeEditor(QueuesEditor, { refId: 'A', queryType: 'queues' });
    await userEvent.type(screen.getByLabelText('Tier'), '$tier_var{enter}');
    expect(last().tier).toBe('$tier_var');
  });

  it('stores the queue while typing and runs the query on blur', async () => {
    const { last, onRunQuery } = renderTypeEditor(QueuesEditor, { refId: 'A', queryType: 'queues' });
    const queue = screen.getByLabelText('Queue');
    await userEvent.type(queue, '$queue');
    expect(last()).toEqual({ refId: 'A', queryType: 'queues', queue: '$queue' });
    expect(onRunQuery).not.toHaveBeenCalled();
    await userEvent.tab();
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });
});
