import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ServicesEditor } from './ServicesEditor';
import { renderTypeEditor } from './editorTestUtils';

describe('ServicesEditor', () => {
  it('lists the probed services through the infra_service variable query, once, and picks one', async () => {
    const loadValues = jest.fn().mockResolvedValue(['smtp', 'api', 'postgres']);
    const { last, onRunQuery } = renderTypeEditor(
      ServicesEditor,
      { refId: 'A', queryType: 'services' },
      [],
      loadValues
    );
    await userEvent.click(screen.getByLabelText('Service'));
    await userEvent.click(await screen.findByText('api'));
    expect(last()).toEqual({ refId: 'A', queryType: 'services', service: 'api' });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
    await userEvent.click(screen.getByLabelText('Service'));
    await userEvent.click(await screen.findByText('All services'));
    expect(last().service).toBe('');
    expect(loadValues).toHaveBeenCalledTimes(1);
    expect(loadValues).toHaveBeenCalledWith('infra_service');
  });

  it('offers dashboard variables and keeps a typed id', async () => {
    const { last } = renderTypeEditor(ServicesEditor, { refId: 'A', queryType: 'services' }, ['$service']);
    await userEvent.click(screen.getByLabelText('Service'));
    await userEvent.click(await screen.findByText('$service'));
    expect(last().service).toBe('$service');
    await userEvent.type(screen.getByLabelText('Service'), 'mx-eu{enter}');
    expect(last().service).toBe('mx-eu');
  });

  it('says why the list is empty when the services cannot be listed', async () => {
    const loadValues = jest.fn().mockRejectedValue(new Error('HTTP 502 Bad Gateway'));
    renderTypeEditor(ServicesEditor, { refId: 'A', queryType: 'services', service: 'smtp' }, [], loadValues);
    // The saved service stays shown although the service cannot list the others.
    expect(screen.getByText('smtp')).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('Service'));
    await waitFor(() => expect(loadValues).toHaveBeenCalled());
    await userEvent.type(screen.getByLabelText('Service'), 'zzz');
    expect(await screen.findByText('Use zzz')).toBeInTheDocument();
  });
});
