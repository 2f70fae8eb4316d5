import React from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { Stack, Text } from '@grafana/ui';
import type { SysmonDataSource } from '../datasource';
import { QUERY_TYPE_REGISTRY } from '../queryTypeRegistry';
import type { SysmonDataQuery, SysmonDataSourceOptions } from '../types';
import { variableNamesOf } from './QueryEditor';
import { EventsEditor } from './editors/EventsEditor';

type Props = QueryEditorProps<SysmonDataSource, SysmonDataQuery, SysmonDataSourceOptions>;

/** The annotation editor: always an `events` query (which events, optionally one service). */
export function EventsAnnotationEditor({ query, onChange, onRunQuery, datasource }: Props) {
  const entry = QUERY_TYPE_REGISTRY.events;
  return (
    <Stack direction="column" gap={1}>
      <Text color="secondary" variant="bodySmall">
        {entry.description}. Each event is drawn at its time with its title, text and tags.
      </Text>
      <EventsEditor
        query={{ ...query, queryType: 'events' }}
        defaults={entry.defaults}
        onChange={onChange}
        onRunQuery={onRunQuery ?? (() => undefined)}
        variableNames={variableNamesOf(datasource)}
        loadValues={datasource.variableValues ? (variable) => datasource.variableValues(variable) : undefined}
      />
    </Stack>
  );
}
