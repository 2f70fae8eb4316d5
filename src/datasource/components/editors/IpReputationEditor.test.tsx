import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { IpReputationEditor } from './IpReputationEditor';
import { renderTypeEditor } from './editorTestUtils';

describe('IpReputationEditor', () => {
  it('stores the IP and list while typing and runs the query on blur or Enter', async () => {
    const { last, onRunQuery } = renderTypeEditor(IpReputationEditor, { refId: 'A', queryType: 'ip_reputation' });
    await userEvent.type(screen.getByLabelText('IP'), '2001:db8::25');
    expect(last()).toEqual({ refId: 'A', queryType: 'ip_reputation', ip: '2001:db8::25' });
    expect(onRunQuery).not.toHaveBeenCalled();
    await userEvent.tab();
    expect(onRunQuery).toHaveBeenCalledTimes(1);
    await userEvent.type(screen.getByLabelText('List'), 'zen.spamhaus.org{enter}');
    expect(last().zone).toBe('zen.spamhaus.org');
    expect(onRunQuery).toHaveBeenCalledTimes(2);
  });

  it('filters by state, unknown included, and back to all', async () => {
    const { last } = renderTypeEditor(IpReputationEditor, { refId: 'A', queryType: 'ip_reputation' });
    await userEvent.click(screen.getByRole('radio', { name: 'unknown' }));
    expect(last()).toEqual({ refId: 'A', queryType: 'ip_reputation', listing: 'unknown' });
    await userEvent.click(screen.getByRole('radio', { name: 'All' }));
    expect(last()).toEqual({ refId: 'A', queryType: 'ip_reputation' });
  });

  it('shows the saved state as chosen', () => {
    renderTypeEditor(IpReputationEditor, { refId: 'A', queryType: 'ip_reputation', listing: 'listed' });
    expect(screen.getByRole('radio', { name: 'listed' })).toBeChecked();
  });
});
