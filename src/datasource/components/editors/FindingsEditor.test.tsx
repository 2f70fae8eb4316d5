import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FindingsEditor } from './FindingsEditor';
import { renderTypeEditor } from './editorTestUtils';

describe('FindingsEditor', () => {
  it('filters by a least severity and back to all, which drops the field', async () => {
    const { last, onRunQuery } = renderTypeEditor(FindingsEditor, { refId: 'A', queryType: 'findings' });
    expect(screen.getAllByRole('radio').map((radio) => radio.closest('div')?.textContent?.trim())).toEqual([
      'All',
      'Warning and worse',
      'Critical',
    ]);
    expect(screen.getByRole('radio', { name: 'All' })).toBeChecked();
    await userEvent.click(screen.getByRole('radio', { name: 'Critical' }));
    expect(last()).toEqual({ refId: 'A', queryType: 'findings', severity: 'critical' });
    await userEvent.click(screen.getByRole('radio', { name: 'All' }));
    expect(last()).toEqual({ refId: 'A', queryType: 'findings' });
    expect(onRunQuery).toHaveBeenCalledTimes(2);
  });

  it('filters by a service variable', async () => {
    const { last } = renderTypeEditor(FindingsEditor, { refId: 'A', queryType: 'findings', severity: 'warning' }, [
      '$service',
    ]);
    expect(screen.getByRole('radio', { name: 'Warning and worse' })).toBeChecked();
    await userEvent.click(screen.getByLabelText('Service'));
    await userEvent.click(await screen.findByText('$service'));
    expect(last()).toEqual({ refId: 'A', queryType: 'findings', severity: 'warning', service: '$service' });
  });
});
