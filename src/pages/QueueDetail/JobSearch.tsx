import React, { useCallback, useRef, useState } from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { Button, Input, RadioButtonGroup, Text, useStyles2 } from '@grafana/ui';
import type { SysmonClient } from '../../api/client';
import { errorMessage } from '../../api/errors';
import type { JobSearchResponse } from '@penguinmails/sysmon-contract';
import { RequestLogsLink } from '../../components/RequestLogsLink/RequestLogsLink';
import { getTableStyles } from '../../components/tableStyles';
import { testIds } from '../../components/testIds';
import { latestRequest } from '../../hooks/latestRequest';
import { SEARCH_HINT } from './jobModel';
import {
  cursorPager,
  DEFAULT_SEARCH_RANGE,
  emptySearchMessage,
  SEARCH_RANGE_OPTIONS,
  searchFrom,
  searchRangeHint,
  type CursorPager,
  type SearchRange,
} from './searchModel';

interface Props {
  client: SysmonClient;
  queue: string;
  onOpenJob: (id: string) => void;
}

interface SearchState {
  q: string;
  range: SearchRange;
  /** Fixed when the search is submitted, so paging walks the same window. */
  from: string;
  pager: CursorPager;
  loading: boolean;
  result?: JobSearchResponse;
  error?: string;
}

const PAGE_SIZE = 50;

/**
 * Search of the job ledger of this queue (ids, request ids, names, statuses, payload and error text) within a
 * chosen range back from now (the service looks back 24 hours only unless it gets `from`).
 */
export function JobSearch({ client, queue, onOpenJob }: Props) {
  const styles = useStyles2(getStyles);
  const table = useStyles2(getTableStyles);
  const [text, setText] = useState('');
  const [range, setRange] = useState<SearchRange>(DEFAULT_SEARCH_RANGE);
  const [search, setSearch] = useState<SearchState | undefined>();
  // A new search, range or page overtakes one still in flight: only the latest answer is shown.
  const searches = useRef(latestRequest());

  const run = useCallback(
    async (q: string, chosen: SearchRange, from: string, pager: CursorPager) => {
      const isLatest = searches.current.begin();
      const base = { q, range: chosen, from, pager };
      setSearch((previous) => ({ ...previous, ...base, loading: true, error: undefined }));
      try {
        const result = await client.searchJobs({ q, queue, from, limit: PAGE_SIZE, cursor: pager.current });
        if (isLatest()) {
          setSearch({ ...base, loading: false, result });
        }
      } catch (err) {
        if (isLatest()) {
          setSearch({ ...base, loading: false, error: errorMessage(err) });
        }
      }
    },
    [client, queue]
  );

  const submit = (q: string, chosen: SearchRange) => {
    if (q) {
      void run(q, chosen, searchFrom(chosen), cursorPager());
    }
  };

  const changeRange = (next: SearchRange) => {
    setRange(next);
    // A search on screen follows the new range.
    if (search) {
      submit(search.q, next);
    }
  };

  return (
    <section className={styles.section}>
      <form
        className={styles.form}
        onSubmit={(event) => {
          event.preventDefault();
          submit(text.trim(), range);
        }}
      >
        <Input
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          placeholder='Search the job ledger: words, "phrase", -word, id:, request_id:, name:, status:'
          data-testid={testIds.queueDetail.searchInput}
          aria-label="Search jobs"
        />
        <Button type="submit" icon="search" disabled={!text.trim()} data-testid={testIds.queueDetail.searchSubmit}>
          Search
        </Button>
      </form>
      <span data-testid={testIds.queueDetail.searchRange}>
        <RadioButtonGroup
          size="sm"
          options={SEARCH_RANGE_OPTIONS}
          value={range}
          onChange={changeRange}
          aria-label="Search range"
        />
      </span>
      <span data-testid={testIds.queueDetail.searchHint}>
        <Text color="secondary" variant="bodySmall">
          {`${searchRangeHint(range)} ${SEARCH_HINT}`}
        </Text>
      </span>

      {search?.error && (
        <span data-testid={testIds.queueDetail.searchError}>
          <Text color="error">{`Search failed: ${search.error}`}</Text>
        </span>
      )}
      {search?.result && search.result.rows.length === 0 && (
        <span data-testid={testIds.queueDetail.searchEmpty}>
          <Text color="secondary">{emptySearchMessage(search.range)}</Text>
        </span>
      )}
      {search?.result && search.result.rows.length > 0 && (
        <table className={table.table} data-testid={testIds.queueDetail.searchResults}>
          <thead>
            <tr>
              <th>Job</th>
              <th>Name</th>
              <th>Status</th>
              <th>Created</th>
              <th>Request</th>
              <th>Last error</th>
            </tr>
          </thead>
          <tbody>
            {search.result.rows.map((row) => (
              <tr key={`${row.queue}/${row.id}`} data-testid={testIds.queueDetail.searchRow(row.id)}>
                <td>
                  <Button fill="text" size="sm" onClick={() => onOpenJob(row.id)}>
                    {row.id}
                  </Button>
                </td>
                <td>{row.name}</td>
                <td>{row.status}</td>
                <td className={table.nowrap}>{dateTimeFormat(row.createdAt)}</td>
                <td className={table.mono}>
                  {row.requestId ? (
                    <RequestLogsLink requestId={row.requestId} start={row.createdAt} end={row.finishedAt} />
                  ) : (
                    ''
                  )}
                </td>
                <td className={table.truncated}>{row.lastError ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {search && (search.pager.hasPrevious || search.result?.nextCursor) && (
        <div className={styles.pager}>
          <Button
            size="sm"
            variant="secondary"
            icon="angle-left"
            disabled={!search.pager.hasPrevious || search.loading}
            onClick={() => void run(search.q, search.range, search.from, search.pager.previous())}
            data-testid={testIds.queueDetail.searchPrev}
          >
            Newer
          </Button>
          <Button
            size="sm"
            variant="secondary"
            icon="angle-right"
            disabled={!search.result?.nextCursor || search.loading}
            onClick={() =>
              search.result?.nextCursor &&
              void run(search.q, search.range, search.from, search.pager.next(search.result.nextCursor))
            }
            data-testid={testIds.queueDetail.searchNext}
          >
            Older
          </Button>
        </div>
      )}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  form: css({ display: 'flex', gap: theme.spacing(1), maxWidth: 900 }),
  pager: css({ display: 'flex', gap: theme.spacing(1) }),
});
