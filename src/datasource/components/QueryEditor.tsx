import React, { ComponentType } from 'react';
import { QueryEditorProps, SelectableValue } from '@grafana/data';
import { InlineField, RadioButtonGroup, Stack, Text } from '@grafana/ui';
import { DEFAULT_QUERY_TYPE, QUERY_TYPES, QueryType } from '@penguinmails/sysmon-contract';
import { testIds } from '../../components/testIds';
import type { SysmonDataSource } from '../datasource';
import { switchQueryType } from '../queryDefaults';
import type { SysmonDataQuery, SysmonDataSourceOptions } from '../types';
import { DriftEditor } from './editors/DriftEditor';
import { JobsEditor } from './editors/JobsEditor';
import { QueueMetricsEditor } from './editors/QueueMetricsEditor';
import { QueuesEditor } from './editors/QueuesEditor';
import { LABEL_WIDTH, TypeEditorProps } from './editors/types';
import { VariableEditor } from './editors/VariableEditor';

type Props = QueryEditorProps<SysmonDataSource, SysmonDataQuery, SysmonDataSourceOptions>;

// The description doubles as each button's tooltip and is shown under the selector for the chosen type.
const QUERY_TYPE_OPTIONS: Array<SelectableValue<QueryType>> = QUERY_TYPES.map((t) => ({
  value: t.value,
  label: t.label,
  description: t.description,
}));

/** The fields of each query type; health has none. */
const TYPE_EDITORS: Partial<Record<QueryType, ComponentType<TypeEditorProps>>> = {
  queues: QueuesEditor,
  queue_metrics: QueueMetricsEditor,
  jobs: JobsEditor,
  drift: DriftEditor,
  variable: VariableEditor,
};

/** Dashboard variables the queue and tier inputs offer; none when the data source has no template service. */
export function variableNamesOf(datasource: Partial<Pick<SysmonDataSource, 'getVariableNames'>>): string[] {
  return datasource.getVariableNames?.() ?? [];
}

export function QueryEditor({ query, onChange, onRunQuery, datasource }: Props) {
  const queryType = query.queryType ?? DEFAULT_QUERY_TYPE;
  const selected = QUERY_TYPES.find((t) => t.value === queryType);
  const TypeEditor = TYPE_EDITORS[queryType];

  const onQueryTypeChange = (value: QueryType) => {
    onChange(switchQueryType(query, value));
    onRunQuery();
  };

  return (
    <Stack direction="column" gap={1}>
      <InlineField label="Query type" labelWidth={LABEL_WIDTH} tooltip="What the service reports for this query">
        <div data-testid={testIds.datasource.queryTypeSelect}>
          <RadioButtonGroup<QueryType> options={QUERY_TYPE_OPTIONS} value={queryType} onChange={onQueryTypeChange} />
        </div>
      </InlineField>
      {selected && (
        <div data-testid={testIds.datasource.queryTypeDescription}>
          <Text color="secondary" variant="bodySmall">
            {selected.description}
          </Text>
        </div>
      )}
      {TypeEditor && (
        <TypeEditor
          query={query}
          onChange={onChange}
          onRunQuery={onRunQuery}
          variableNames={variableNamesOf(datasource)}
        />
      )}
    </Stack>
  );
}
