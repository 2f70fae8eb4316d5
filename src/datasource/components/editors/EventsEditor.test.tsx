import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EVENT_SOURCES } from '@penguinmails/sysmon-contract';
import { EventsEditor } from './EventsEditor';
import { renderTypeEditor } from './editorTestUtils';

describe('EventsEditor', () => {
  it('checks the schema’s default sources, unchecks one, and never lets the last one go', async () => {
    const { last } = renderTypeEditor(EventsEditor, { refId: 'Anno', queryType: 'events' });
    expect(screen.getAllByRole('checkbox')).toHaveLength(EVENT_SOURCES.length);
    const stateChanges = screen.getByLabelText('Service state changes');
    const actions = screen.getByLabelText(EVENT_SOURCES.find((source) => source.value === 'queue_actions')!.label);
    expect(stateChanges).toBeChecked();
    expect(actions).toBeChecked();
    await userEvent.click(actions);
    expect(last()).toEqual({ refId: 'Anno', queryType: 'events', sources: ['service_states'] });
  });

  it('keeps the only chosen source on', async () => {
    const { changes } = renderTypeEditor(EventsEditor, {
      refId: 'Anno',
      queryType: 'events',
      sources: ['service_states'],
    });
    const stateChanges = screen.getByLabelText('Service state changes');
    expect(stateChanges).toBeDisabled();
    await userEvent.click(stateChanges);
    expect(changes).toHaveLength(0);
  });

  it('narrows the events to one service', async () => {
    const loadValues = jest.fn().mockResolvedValue(['smtp', 'api']);
    const { last, onRunQuery } = renderTypeEditor(
      EventsEditor,
      { refId: 'Anno', queryType: 'events', sources: ['service_states'] },
      [],
      loadValues
    );
    await userEvent.click(screen.getByLabelText('Service'));
    await userEvent.click(await screen.findByText('smtp'));
    expect(last()).toEqual({ refId: 'Anno', queryType: 'events', sources: ['service_states'], service: 'smtp' });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });
});
