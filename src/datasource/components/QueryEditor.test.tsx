import React from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryEditor } from './QueryEditor';
import type { SysmonDataSource } from '../datasource';
import { testIds } from '../../components/testIds';
import { QUERY_TYPES, QueryType } from '../../api/queryModel';

describe('QueryEditor', () => {
  it('offers every query type with its description', () => {
    render(
      <QueryEditor
        datasource={{} as SysmonDataSource}
        query={{ refId: 'A' }}
        onChange={jest.fn()}
        onRunQuery={jest.fn()}
      />
    );
    for (const type of QUERY_TYPES) {
      expect(screen.getByRole('radio', { name: type.label })).toBeInTheDocument();
      expect(screen.getByText(type.label).closest('label')).toHaveAttribute('title', type.description);
    }
    expect(screen.getByTestId(testIds.datasource.queryTypeDescription)).toHaveTextContent(
      'Reachability and latency of the service dependencies'
    );
  });

  it('defaults to health when the query has no type', () => {
    render(
      <QueryEditor
        datasource={{} as SysmonDataSource}
        query={{ refId: 'A' }}
        onChange={jest.fn()}
        onRunQuery={jest.fn()}
      />
    );
    expect(screen.getByRole('radio', { name: 'Health' })).toBeChecked();
  });

  it('writes the chosen query type into the query and runs it', async () => {
    const onChange = jest.fn();
    const onRunQuery = jest.fn();
    // A saved query of a type this version does not know: nothing is selected until the user picks one.
    const query = { refId: 'A', queryType: 'retired-type' as QueryType };
    render(
      <QueryEditor datasource={{} as SysmonDataSource} query={query} onChange={onChange} onRunQuery={onRunQuery} />
    );
    const health = screen.getByRole('radio', { name: 'Health' });
    expect(health).not.toBeChecked();

    await userEvent.click(health);

    expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: 'health' });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });
});
