import React, { useEffect } from 'react';
import { QueryEditorProps, SelectableValue } from '@grafana/data';
import { InlineField, RadioButtonGroup, Stack, Text } from '@grafana/ui';
import { migrateQuery, type QueryType } from '@penguinmails/sysmon-contract';
import { testIds } from '../../components/testIds';
import type { SysmonDataSource } from '../datasource';
import { QUERY_TYPE_ENTRIES, QUERY_TYPE_REGISTRY, queryTypeEntry } from '../queryTypeRegistry';
import { switchQueryType } from '../switchQueryType';
import type { SysmonDataQuery, SysmonDataSourceOptions } from '../types';
import { LABEL_WIDTH, TypeEditorProps } from './editors/types';

type Props = QueryEditorProps<SysmonDataSource, SysmonDataQuery, SysmonDataSourceOptions>;

// The description doubles as each button's tooltip and is shown under the selector for the chosen type.
const QUERY_TYPE_OPTIONS: Array<SelectableValue<QueryType>> = QUERY_TYPE_ENTRIES.map((entry) => ({
  value: entry.queryType,
  label: entry.label,
  description: entry.description,
}));

/** Dashboard variables the queue and tier inputs offer; none when the data source has no template service. */
export function variableNamesOf(datasource: Partial<Pick<SysmonDataSource, 'getVariableNames'>>): string[] {
  return datasource.getVariableNames?.() ?? [];
}

export function QueryEditor({ query: savedQuery, onChange, onRunQuery, datasource }: Props) {
  // A query saved in an older shape is shown upgraded, and stored upgraded once (the dashboard then saves it so).
  const query: SysmonDataQuery = migrateQuery(savedQuery, savedQuery.refId);
  const needsMigration = query !== savedQuery;
  useEffect(() => {
    if (needsMigration) {
      onChange(query);
    }
    // Once, on mount: the upgraded query comes back as the next savedQuery and needs nothing more.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const selected = queryTypeEntry(query.queryType);

  const onQueryTypeChange = (value: QueryType) => {
    onChange(switchQueryType(query, value));
    onRunQuery();
  };

  return (
    <Stack direction="column" gap={1}>
      <InlineField label="Query type" labelWidth={LABEL_WIDTH} tooltip="What the service reports for this query">
        <div data-testid={testIds.datasource.queryTypeSelect}>
          <RadioButtonGroup<QueryType>
            options={QUERY_TYPE_OPTIONS}
            value={query.queryType}
            onChange={onQueryTypeChange}
          />
        </div>
      </InlineField>
      {selected && (
        <div data-testid={testIds.datasource.queryTypeDescription}>
          <Text color="secondary" variant="bodySmall">
            {selected.description}
          </Text>
        </div>
      )}
      {selected && (
        <TypeEditor
          queryType={selected.queryType}
          query={query}
          onChange={onChange}
          onRunQuery={onRunQuery}
          variableNames={variableNamesOf(datasource)}
          loadValues={datasource.variableValues ? (variable) => datasource.variableValues(variable) : undefined}
        />
      )}
    </Stack>
  );
}

/** The registry's editor of one query type, given that type's defaults; nothing for a type without fields. */
function TypeEditor<T extends QueryType>({
  queryType,
  ...props
}: { queryType: T } & Omit<TypeEditorProps<T>, 'defaults'>) {
  const { Editor, defaults } = QUERY_TYPE_REGISTRY[queryType];
  return Editor ? <Editor {...props} defaults={defaults} /> : null;
}
