import React from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryEditor } from './QueryEditor';
import type { SysmonDataSource } from '../datasource';
import { testIds } from '../../components/testIds';
import { QUERY_TYPES, QueryType } from '@penguinmails/sysmon-contract';

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

  it('upgrades a query saved without a type to the default type, once, on mount', () => {
    const onChange = jest.fn();
    const saved = { refId: 'A', hide: false };
    const { rerender } = render(
      <QueryEditor datasource={{} as SysmonDataSource} query={saved} onChange={onChange} onRunQuery={jest.fn()} />
    );
    expect(screen.getByRole('radio', { name: 'Health' })).toBeChecked();
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange).toHaveBeenCalledWith({ refId: 'A', hide: false, queryType: 'health' });

    rerender(
      <QueryEditor datasource={{} as SysmonDataSource} query={saved} onChange={onChange} onRunQuery={jest.fn()} />
    );
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('leaves a query in the current shape as it is', () => {
    const onChange = jest.fn();
    render(
      <QueryEditor
        datasource={{} as SysmonDataSource}
        query={{ refId: 'A', queryType: 'jobs', queue: '$queue' }}
        onChange={onChange}
        onRunQuery={jest.fn()}
      />
    );
    expect(screen.getByRole('radio', { name: 'Jobs' })).toBeChecked();
    expect(onChange).not.toHaveBeenCalled();
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

/** The inputs labelled `label`, leaving out the query type radios (a type may be named like a field). */
const fieldsLabelled = (label: string) =>
  screen.queryAllByLabelText(label).filter((element) => element.getAttribute('type') !== 'radio');

describe('QueryEditor per query type', () => {
  const datasource = { getVariableNames: () => ['$queue', '$tier'] } as unknown as SysmonDataSource;

  it('applies the new type’s defaults when switching, keeping the queue', async () => {
    const onChange = jest.fn();
    const onRunQuery = jest.fn();
    render(
      <QueryEditor
        datasource={datasource}
        query={{ refId: 'A', queryType: 'drift', queue: '$queue' }}
        onChange={onChange}
        onRunQuery={onRunQuery}
      />
    );
    await userEvent.click(screen.getByRole('radio', { name: 'Queue metrics' }));
    expect(onChange).toHaveBeenCalledWith({
      refId: 'A',
      queryType: 'queue_metrics',
      field: 'depth',
      groupBy: 'queue',
      queue: '$queue',
    });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['health', [] as string[]],
    ['queues', ['Tier', 'Queue']],
    ['queue_metrics', ['Field', 'Tier', 'Queue']],
    ['jobs', ['Queue', 'State', 'Limit', 'Search']],
    ['drift', ['Queue']],
    ['variable', ['Tier']],
    ['logs', ['Search', 'Levels', 'Services', 'Limit']],
    ['log_volume', ['Search', 'Levels', 'Services']],
    ['log_context', ['Line id', 'Limit']],
    ['services', ['Service']],
    ['service_metrics', ['Metric', 'Service']],
    ['findings', ['Service']],
    ['ip_reputation', ['IP', 'List']],
    ['events', ['Service']],
  ])('shows the fields of a %s query', (queryType, labels) => {
    render(
      <QueryEditor
        datasource={datasource}
        query={{ refId: 'A', queryType: queryType as QueryType }}
        onChange={jest.fn()}
        onRunQuery={jest.fn()}
      />
    );
    const allLabels = [
      'Field',
      'Tier',
      'Queue',
      'State',
      'Limit',
      'Search',
      'Levels',
      'Services',
      'Line id',
      'Service',
    ];
    for (const label of [...allLabels, 'IP', 'List']) {
      // The query type buttons are radios labelled by type ("Services"); only the type's own fields count.
      const fields = fieldsLabelled(label);
      expect(fields).toHaveLength(labels.includes(label) ? 1 : 0);
    }
  });

  it('suggests the dashboard variables in the queue input', () => {
    const { container } = render(
      <QueryEditor
        datasource={datasource}
        query={{ refId: 'A', queryType: 'queues' }}
        onChange={jest.fn()}
        onRunQuery={jest.fn()}
      />
    );
    const options = Array.from(container.querySelectorAll('datalist option')).map((o) => o.getAttribute('value'));
    expect(options).toEqual(['$queue', '$tier']);
  });

  it('fills the services picker of a logs query from the data source', async () => {
    const variableValues = jest.fn().mockResolvedValue(['smtp', 'worker']);
    const withValues = { ...datasource, variableValues } as unknown as SysmonDataSource;
    render(
      <QueryEditor
        datasource={withValues}
        query={{ refId: 'A', queryType: 'logs' }}
        onChange={jest.fn()}
        onRunQuery={jest.fn()}
      />
    );
    await userEvent.click(fieldsLabelled('Services')[0]);
    expect(await screen.findByText('worker')).toBeInTheDocument();
    expect(variableValues).toHaveBeenCalledWith('service');
  }, 20_000);
});
