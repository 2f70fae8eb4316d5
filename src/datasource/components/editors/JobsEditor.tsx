import React, { useState } from 'react';
import type { SelectableValue } from '@grafana/data';
import { InlineField, InlineFieldRow, Input, Select, Stack, Text } from '@grafana/ui';
import { JOB_STATES, JobState, jobsQuerySchema, LEDGER_STATUSES } from '@penguinmails/sysmon-contract';
import { testIds } from '../../../components/testIds';
import { QueueInput } from './QueueInput';
import { LABEL_WIDTH, TypeEditorProps } from './types';

const STATE_OPTIONS: Array<SelectableValue<JobState>> = JOB_STATES.map((state) => ({ value: state, label: state }));

// The limit's range is the schema's (what the service accepts).
const LIMIT_SCHEMA = jobsQuerySchema.shape.limit.unwrap();
const MIN_JOBS_LIMIT = LIMIT_SCHEMA.minValue ?? 1;
const MAX_JOBS_LIMIT = LIMIT_SCHEMA.maxValue ?? Number.MAX_SAFE_INTEGER;

/** The ledger search language, shown under the search box (same as the Queue detail page's search). */
export const SEARCH_LANGUAGE_HINT =
  'Words must all match payload or last error; "a phrase" matches exactly; id:<jobId>, request_id:<id>, ' +
  `name:<job name>, status:<${LEDGER_STATUSES.join('|')}>, queue:<name>. With search text the ledger is searched ` +
  'and the state is ignored.';

/** Parses the limit box: digits only, within the schema's range, else undefined (invalid). */
export function parseLimit(text: string): number | undefined {
  if (!/^\d+$/.test(text.trim())) {
    return undefined;
  }
  const parsed = LIMIT_SCHEMA.safeParse(Number(text));
  return parsed.success ? parsed.data : undefined;
}

/** `jobs`: live jobs of one queue in one BullMQ state, or a search of the job ledger. */
export function JobsEditor({ query, defaults, onChange, onRunQuery, variableNames }: TypeEditorProps<'jobs'>) {
  // The box keeps what the user typed; the query only gets a valid limit.
  const [limitText, setLimitText] = useState(String(query.limit ?? defaults.limit));
  const limitInvalid = parseLimit(limitText) === undefined;
  const searching = Boolean(query.search?.trim());

  return (
    <>
      <InlineFieldRow>
        <QueueInput
          id={`${query.refId}-jobs-queue`}
          value={query.queue}
          variableNames={variableNames}
          placeholder={searching ? 'all queues, or $queue' : 'queue name or $queue (required)'}
          tooltip="Exact queue name or a dashboard variable; listing a state needs one queue, a search may span all"
          onChange={(queue) => onChange({ ...query, queue })}
          onCommit={onRunQuery}
        />
        <InlineField
          label="State"
          labelWidth={LABEL_WIDTH}
          disabled={searching}
          tooltip="BullMQ state to list (ignored while searching the ledger)"
        >
          <Select<JobState>
            inputId={`${query.refId}-jobs-state`}
            width={22}
            options={STATE_OPTIONS}
            value={query.state ?? defaults.state}
            onChange={(selected) => {
              if (selected.value) {
                onChange({ ...query, state: selected.value });
                onRunQuery();
              }
            }}
          />
        </InlineField>
        <InlineField
          label="Limit"
          labelWidth={LABEL_WIDTH}
          invalid={limitInvalid}
          error={`A whole number from ${MIN_JOBS_LIMIT} to ${MAX_JOBS_LIMIT}`}
          tooltip={`Most rows returned (${MIN_JOBS_LIMIT} to ${MAX_JOBS_LIMIT})`}
        >
          <Input
            id={`${query.refId}-jobs-limit`}
            width={10}
            inputMode="numeric"
            value={limitText}
            onChange={(event) => {
              const text = event.currentTarget.value;
              setLimitText(text);
              const limit = parseLimit(text);
              if (limit !== undefined) {
                onChange({ ...query, limit });
              }
            }}
            onBlur={onRunQuery}
          />
        </InlineField>
      </InlineFieldRow>
      <Stack direction="column" gap={0.5}>
        <InlineField label="Search" labelWidth={LABEL_WIDTH} grow tooltip="Search the job ledger instead of a state">
          <Input
            id={`${query.refId}-jobs-search`}
            value={query.search ?? ''}
            placeholder='e.g. status:failed "mailbox full" request_id:abc'
            onChange={(event) => onChange({ ...query, search: event.currentTarget.value })}
            onBlur={onRunQuery}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                onRunQuery();
              }
            }}
          />
        </InlineField>
        <div data-testid={testIds.datasource.jobsSearchHint}>
          <Text color="secondary" variant="bodySmall">
            {SEARCH_LANGUAGE_HINT}
          </Text>
        </div>
      </Stack>
    </>
  );
}
