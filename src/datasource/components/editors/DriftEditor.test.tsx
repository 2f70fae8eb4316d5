import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DriftEditor } from './DriftEditor';
import { renderTypeEditor } from './editorTestUtils';

describe('DriftEditor', () => {
  it('narrows drift to one queue, suggesting dashboard variables', async () => {
    const { last, onRunQuery, container } = renderTypeEditor(DriftEditor, { refId: 'D', queryType: 'drift' }, [
      '$queue',
    ]);
    expect(container.querySelector('datalist option[value="$queue"]')).not.toBeNull();
    await userEvent.type(screen.getByLabelText('Queue'), 'warmup-processing{enter}');
    expect(last()).toEqual({ refId: 'D', queryType: 'drift', queue: 'warmup-processing' });
    expect(onRunQuery).toHaveBeenCalled();
  });
});
