import React from 'react';
import type { QueryEditorProps } from '@grafana/data';
import type { SysmonDataSource } from '../datasource';
import { QUERY_TYPE_REGISTRY } from '../queryTypeRegistry';
import type { SysmonDataQuery, SysmonDataSourceOptions } from '../types';
import { toVariableQuery } from '../variableQuery';
import { variableNamesOf } from './QueryEditor';
import { VariableEditor } from './editors/VariableEditor';

type Props = QueryEditorProps<SysmonDataSource, SysmonDataQuery, SysmonDataSourceOptions, SysmonDataQuery>;

/** The editor of a "Query" dashboard variable: always a `variable` query (queue names or tiers). */
export function VariableQueryEditor({ query, onChange, onRunQuery, datasource }: Props) {
  const variableQuery = toVariableQuery(query);
  return (
    <VariableEditor
      query={variableQuery}
      defaults={QUERY_TYPE_REGISTRY.variable.defaults}
      onChange={onChange}
      onRunQuery={onRunQuery ?? (() => undefined)}
      variableNames={variableNamesOf(datasource)}
    />
  );
}
