import React from 'react';
import { QueryEditorProps, SelectableValue } from '@grafana/data';
import { InlineField, RadioButtonGroup, Stack, Text } from '@grafana/ui';
import { DEFAULT_QUERY_TYPE, QUERY_TYPES, QueryType } from '../../api/queryModel';
import { testIds } from '../../components/testIds';
import type { SysmonDataSource } from '../datasource';
import type { SysmonDataQuery, SysmonDataSourceOptions } from '../types';

type Props = QueryEditorProps<SysmonDataSource, SysmonDataQuery, SysmonDataSourceOptions>;

// The description doubles as each button's tooltip and is shown under the selector for the chosen type.
const QUERY_TYPE_OPTIONS: Array<SelectableValue<QueryType>> = QUERY_TYPES.map((t) => ({
  value: t.value,
  label: t.label,
  description: t.description,
}));

export function QueryEditor({ query, onChange, onRunQuery }: Props) {
  const queryType = query.queryType ?? DEFAULT_QUERY_TYPE;
  const selected = QUERY_TYPES.find((t) => t.value === queryType);

  const onQueryTypeChange = (value: QueryType) => {
    onChange({ ...query, queryType: value });
    onRunQuery();
  };

  return (
    <Stack direction="column" gap={1}>
      <InlineField label="Query type" labelWidth={14} tooltip="What the service reports for this query">
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
    </Stack>
  );
}
