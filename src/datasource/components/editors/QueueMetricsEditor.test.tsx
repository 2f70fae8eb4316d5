import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueueMetricsEditor } from './QueueMetricsEditor';
import { renderTypeEditor } from './editorTestUtils';

const initial = { refId: 'A', queryType: 'queue_metrics' as const, field: 'depth' as const, groupBy: 'queue' as const };

describe('QueueMetricsEditor', () => {
  it('shows the chosen field and group-by', () => {
    renderTypeEditor(QueueMetricsEditor, { ...initial, field: 'oldest_wait_ms', groupBy: 'tier' });
    expect(screen.getByText('Oldest waiting job age')).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Per tier' })).toBeChecked();
  });

  it('shows the type’s defaults for a saved query without field or group-by', () => {
    renderTypeEditor(QueueMetricsEditor, { refId: 'A', queryType: 'queue_metrics' });
    expect(screen.getByText('Depth')).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Per queue' })).toBeChecked();
  });

  it('charts another snapshot field', async () => {
    const { last, onRunQuery } = renderTypeEditor(QueueMetricsEditor, initial);
    await userEvent.click(screen.getByLabelText('Field'));
    await userEvent.click(await screen.findByText('Throughput'));
    expect(last()).toEqual({ ...initial, field: 'throughput_per_min' });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('groups by tier, filters by tier and queue', async () => {
    const { last, onRunQuery } = renderTypeEditor(QueueMetricsEditor, initial);
    await userEvent.click(screen.getByRole('radio', { name: 'Per tier' }));
    expect(last().groupBy).toBe('tier');
    await userEvent.click(screen.getByLabelText('Tier'));
    await userEvent.click(await screen.findByText('high'));
    await userEvent.type(screen.getByLabelText('Queue'), 'email-sending');
    await userEvent.tab();
    expect(last()).toEqual({ ...initial, groupBy: 'tier', tier: 'high', queue: 'email-sending' });
    expect(onRunQuery).toHaveBeenCalledTimes(3);
  });
});
