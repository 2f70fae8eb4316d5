import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { testIds } from '../../../components/testIds';
import { JobsEditor, parseLimit } from './JobsEditor';
import { renderTypeEditor } from './editorTestUtils';

const initial = { refId: 'A', queryType: 'jobs' as const, state: 'failed' as const, limit: 100 };

describe('JobsEditor', () => {
  it('lists another state of a queue', async () => {
    const { last, onRunQuery } = renderTypeEditor(JobsEditor, initial);
    await userEvent.type(screen.getByLabelText('Queue'), '$queue');
    await userEvent.click(screen.getByLabelText('State'));
    await userEvent.click(await screen.findByText('delayed'));
    expect(last()).toEqual({ ...initial, queue: '$queue', state: 'delayed' });
    // Once for leaving the queue box, once for the state.
    expect(onRunQuery).toHaveBeenCalledTimes(2);
  });

  it('searches the ledger with the language hint shown, and runs on Enter', async () => {
    const { last, onRunQuery } = renderTypeEditor(JobsEditor, initial);
    expect(screen.getByTestId(testIds.datasource.jobsSearchHint)).toHaveTextContent('request_id:<id>');
    expect(screen.getByTestId(testIds.datasource.jobsSearchHint)).toHaveTextContent(
      'status:<queued|active|completed|failed|delayed|cancelled>'
    );
    await userEvent.type(screen.getByLabelText('Search'), 'status:failed "mailbox full"{enter}');
    expect(last()).toEqual({ ...initial, search: 'status:failed "mailbox full"' });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('shows the type’s defaults for a saved query without state or limit', () => {
    renderTypeEditor(JobsEditor, { refId: 'A', queryType: 'jobs', queue: 'q' });
    expect(screen.getByText('failed')).toBeInTheDocument();
    expect(screen.getByLabelText('Limit')).toHaveValue('100');
  });

  it('stores only a valid limit and marks an invalid one', async () => {
    const { last } = renderTypeEditor(JobsEditor, initial);
    const limit = screen.getByLabelText('Limit');
    await userEvent.clear(limit);
    await userEvent.type(limit, '250');
    expect(last().limit).toBe(250);
    await userEvent.type(limit, '0');
    expect(last().limit).toBe(250);
    expect(screen.getByText('A whole number from 1 to 1000')).toBeInTheDocument();
  });
});

describe('parseLimit', () => {
  it('accepts whole numbers from 1 to 1000', () => {
    expect(parseLimit('1')).toBe(1);
    expect(parseLimit(' 1000 ')).toBe(1000);
    expect(parseLimit('0')).toBeUndefined();
    expect(parseLimit('1001')).toBeUndefined();
    expect(parseLimit('2.5')).toBeUndefined();
    expect(parseLimit('')).toBeUndefined();
  });
});
