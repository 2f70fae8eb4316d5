import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ServiceMetricsEditor } from './ServiceMetricsEditor';
import { renderTypeEditor } from './editorTestUtils';

describe('ServiceMetricsEditor', () => {
  it('shows the schema’s default metric for a query without one', () => {
    renderTypeEditor(ServiceMetricsEditor, { refId: 'A', queryType: 'service_metrics' });
    expect(screen.getByText('Latency')).toBeInTheDocument();
  });

  it('charts the state instead, for one service', async () => {
    const loadValues = jest.fn().mockResolvedValue(['smtp', 'api']);
    const { last, onRunQuery } = renderTypeEditor(
      ServiceMetricsEditor,
      { refId: 'A', queryType: 'service_metrics' },
      [],
      loadValues
    );
    await userEvent.click(screen.getByLabelText('Metric'));
    await userEvent.click(await screen.findByText('State (0 operational … 3 unknown)'));
    await userEvent.click(screen.getByLabelText('Service'));
    await userEvent.click(await screen.findByText('smtp'));
    expect(last()).toEqual({ refId: 'A', queryType: 'service_metrics', metric: 'state_code', service: 'smtp' });
    expect(onRunQuery).toHaveBeenCalledTimes(2);
  });
});
