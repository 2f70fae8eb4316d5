import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2, SelectableValue } from '@grafana/data';
import { InlineField, InlineFieldRow, Input, MultiSelect, Text, useStyles2 } from '@grafana/ui';
import { LOG_ATTRS_PREFIX, LOG_SEARCH_FIELDS, logsQuerySchema, type LogLevel } from '@penguinmails/sysmon-contract';
import { testIds } from '../../../components/testIds';
import type { SysmonDataQuery } from '../../types';
import { LABEL_WIDTH } from './types';
import { useVariableValues, withHeldValues, type LoadValues } from './useVariableValues';

/** The log search language in one paragraph (DESIGN.md §5), shown under the search box and in its tooltip. */
export const LOG_SEARCH_HINT =
  'Words and "phrases" must all match; -word excludes; OR between terms; level:error or level:>=warn; ' +
  `${LOG_SEARCH_FIELDS.filter((field) => field !== 'level')
    .map((field) => `${field}:`)
    .join(', ')} match a field exactly; ${LOG_ATTRS_PREFIX}<key>:value an attribute. ` +
  'Quote values with spaces or colons ("a b"); a dashboard variable such as $search or service:$service works too.';

// The levels the schema accepts, in increasing severity.
const LEVELS = logsQuerySchema.shape.levels.unwrap().element.options as readonly LogLevel[];

interface Props {
  query: SysmonDataQuery;
  onChange: (query: SysmonDataQuery) => void;
  onRunQuery: () => void;
  variableNames: string[];
  loadValues?: LoadValues;
}

const optionsOf = (values: readonly string[], variableNames: string[]): Array<SelectableValue<string>> => [
  ...values.map((value) => ({ value, label: value })),
  ...variableNames.map((name) => ({ value: name, label: name, description: 'Dashboard variable' })),
];

const valuesOf = (selected: Array<SelectableValue<string>>) =>
  selected.map((option) => option.value).filter((value): value is string => Boolean(value));

/** The filters `logs` and `log_volume` share: search text, levels and services. */
export function LogFilterFields({ query, onChange, onRunQuery, variableNames, loadValues }: Props) {
  const styles = useStyles2(getStyles);
  // The services the service has seen, through the `service` variable query.
  const services = useVariableValues(loadValues, 'service', 'services');
  const idPrefix = `${query.refId}-${query.queryType}`;

  const setList = (key: 'levels' | 'services', values: string[]) => {
    const { [key]: _previous, ...rest } = query;
    onChange(values.length > 0 ? { ...rest, [key]: values } : rest);
    onRunQuery();
  };

  return (
    <>
      <InlineFieldRow>
        <InlineField
          label="Search"
          labelWidth={LABEL_WIDTH}
          grow
          htmlFor={`${idPrefix}-search`}
          tooltip={LOG_SEARCH_HINT}
        >
          <Input
            id={`${idPrefix}-search`}
            value={query.search ?? ''}
            placeholder='e.g. service:smtp level:>=warn "connection refused" -debug'
            onChange={(event) => onChange({ ...query, search: event.currentTarget.value })}
            onBlur={onRunQuery}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                onRunQuery();
              }
            }}
          />
        </InlineField>
      </InlineFieldRow>
      <div className={styles.hint} data-testid={testIds.datasource.logSearchHint}>
        <Text color="secondary" variant="bodySmall">
          {LOG_SEARCH_HINT}
        </Text>
      </div>
      <InlineFieldRow>
        <InlineField
          label="Levels"
          labelWidth={LABEL_WIDTH}
          htmlFor={`${idPrefix}-levels`}
          tooltip="Only these levels; none for every level"
        >
          <MultiSelect<string>
            inputId={`${idPrefix}-levels`}
            width={40}
            placeholder="every level"
            options={optionsOf(LEVELS, variableNames)}
            value={query.levels ?? []}
            onChange={(selected) => setList('levels', valuesOf(selected))}
          />
        </InlineField>
        <InlineField
          label="Services"
          labelWidth={LABEL_WIDTH}
          htmlFor={`${idPrefix}-services`}
          tooltip="Only these services; none for every service"
        >
          <MultiSelect<string>
            inputId={`${idPrefix}-services`}
            width={40}
            placeholder="every service"
            isLoading={services.loading}
            options={optionsOf(withHeldValues(services.values, query.services ?? []), variableNames)}
            value={query.services ?? []}
            allowCustomValue
            noOptionsMessage={services.error ?? 'No services logged in the last 24 hours'}
            onOpenMenu={services.load}
            onChange={(selected) => setList('services', valuesOf(selected))}
          />
        </InlineField>
      </InlineFieldRow>
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  hint: css({
    marginLeft: theme.spacing(LABEL_WIDTH + 0.5),
    marginBottom: theme.spacing(0.5),
    maxWidth: 720,
  }),
});
