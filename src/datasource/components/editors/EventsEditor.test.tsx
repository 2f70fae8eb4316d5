import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EVENT_SOURCES } from '@penguinmails/sysmon-contract';
import { EventsEditor } from './EventsEditor';
import { renderTypeEditor } from './editorTestUtils';

describe('EventsEditor', () => {
  it('checks the schema’s default sources and never lets the last one go', async () => {
    const { changes } = renderTypeEditor(EventsEditor, { refId: 'Anno', queryType: 'events' });
    const boxes = screen.getAllByRole('checkbox');
    expect(boxes).toHaveLength(EVENT_SOURCES.length);
    const stateChanges = screen.getByLabelText('Service state changes');
    expect(stateChanges).toBeChecked();
    if (EVENT_SOURCES.length === 1) {
      expect(stateChanges).toBeDisabled();
      await userEvent.click(stateChanges);
      expect(changes).toHaveLength(0);
    }
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
