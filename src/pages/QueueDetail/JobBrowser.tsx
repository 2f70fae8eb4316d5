import React, { useCallback } from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { Button, LoadingPlaceholder, Pagination, Tab, TabsBar, Text, useStyles2 } from '@grafana/ui';
import type { SysmonClient } from '../../api/client';
import { JOB_STATES, type JobState, type JobSummary, type QueueCounts } from '@penguinmails/sysmon-contract';
import { RequestLogsLink } from '../../components/RequestLogsLink/RequestLogsLink';
import { getTableStyles } from '../../components/tableStyles';
import { testIds } from '../../components/testIds';
import { JobActionButtons } from './JobActionButtons';
import { usePolledResource } from '../../hooks/usePolledResource';
import { formatBytes, formatCount } from '../../utils/format';
import { clampPage, countInState, JOB_STATE_LABELS, JOBS_PAGE_SIZE, pageCount, pageStart } from './jobModel';

interface Props {
  client: SysmonClient;
  queue: string;
  counts?: QueueCounts;
  state: JobState;
  page: number;
  refreshMs: number;
  onStateChange: (state: JobState) => void;
  onPageChange: (page: number) => void;
  onOpenJob: (id: string) => void;
  /** Absent for Viewers. */
  onRetryJob?: (job: JobSummary) => void;
  onRemoveJob?: (job: JobSummary) => void;
  /** Bumped after an action so the list reloads at once. */
  reloadKey?: number;
}

/** Jobs of one state, one page at a time (the service reads only that page's range from Redis). */
export function JobBrowser(props: Props) {
  const { client, queue, counts, state, page, refreshMs, onOpenJob, onRetryJob, onRemoveJob } = props;
  const styles = useStyles2(getStyles);
  const table = useStyles2(getTableStyles);
  const start = pageStart(page);
  const load = useCallback(() => client.jobs(queue, state, start, JOBS_PAGE_SIZE), [client, queue, state, start]);
  const jobs = usePolledResource(load, refreshMs, `${queue}|${state}|${start}|${props.reloadKey ?? 0}`);
  const total = jobs.data?.total ?? countInState(counts, state) ?? 0;
  const shown = jobs.data?.jobs ?? [];

  return (
    <section className={styles.section}>
      <TabsBar>
        {JOB_STATES.map((s) => (
          <Tab
            key={s}
            label={JOB_STATE_LABELS[s]}
            active={s === state}
            counter={countInState(counts, s) ?? null}
            onChangeTab={() => props.onStateChange(s)}
            data-testid={testIds.queueDetail.stateTab(s)}
          />
        ))}
      </TabsBar>

      {!jobs.data && !jobs.error && (
        <LoadingPlaceholder text="Loading jobs…" data-testid={testIds.queueDetail.jobsLoading} />
      )}
      {jobs.error && (
        <span data-testid={testIds.queueDetail.jobsError}>
          <Text color="error">{`Could not load ${state} jobs: ${jobs.error.message}`}</Text>
        </span>
      )}
      {jobs.data && shown.length === 0 && (
        <span data-testid={testIds.queueDetail.jobsEmpty}>
          <Text color="secondary">{`No ${state} jobs.`}</Text>
        </span>
      )}
      {shown.length > 0 && (
        <>
          <span data-testid={testIds.queueDetail.jobsRange} data-total={total}>
            <Text color="secondary" variant="bodySmall">
              {`${formatCount(start + 1)}–${formatCount(start + shown.length)} of ${formatCount(total)}`}
            </Text>
          </span>
          <table className={table.table} data-testid={testIds.queueDetail.jobsTable}>
            <thead>
              <tr>
                <th>Job</th>
                <th>Name</th>
                <th>Created</th>
                <th className={table.number}>Attempts</th>
                <th>{state === 'failed' ? 'Failed reason' : state === 'delayed' ? 'Runs at' : 'Finished'}</th>
                <th>Request</th>
                <th className={table.number}>Size</th>
                {(onRetryJob || onRemoveJob) && <th aria-label="Actions" />}
              </tr>
            </thead>
            <tbody>
              {shown.map((job) => (
                <tr key={job.id} data-testid={testIds.queueDetail.jobRow(job.id)}>
                  <td>
                    <Button
                      fill="text"
                      size="sm"
                      onClick={() => onOpenJob(job.id)}
                      data-testid={testIds.queueDetail.jobOpen(job.id)}
                    >
                      {job.id}
                    </Button>
                  </td>
                  <td>{job.name}</td>
                  <td className={table.nowrap}>{dateTimeFormat(job.timestamp)}</td>
                  <td className={table.number}>{job.attemptsMade}</td>
                  <td className={table.truncated}>
                    {state === 'failed'
                      ? (job.failedReason ?? '')
                      : state === 'delayed'
                        ? job.delayUntil
                          ? dateTimeFormat(job.delayUntil)
                          : ''
                        : job.finishedOn
                          ? dateTimeFormat(job.finishedOn)
                          : ''}
                  </td>
                  <td className={table.mono}>
                    {job.requestId ? (
                      <RequestLogsLink requestId={job.requestId} start={job.timestamp} end={job.finishedOn} />
                    ) : (
                      ''
                    )}
                  </td>
                  <td className={table.number}>{formatBytes(job.dataBytes)}</td>
                  {(onRetryJob || onRemoveJob) && (
                    <td>
                      <div className={styles.actions}>
                        <JobActionButtons
                          job={job}
                          state={state}
                          onRetry={onRetryJob}
                          onRemove={onRemoveJob}
                          retryTestId={testIds.queueDetail.jobRetry(job.id)}
                          removeTestId={testIds.queueDetail.jobRemove(job.id)}
                        />
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <div data-testid={testIds.queueDetail.pagination} data-page={page} data-pages={pageCount(total)}>
        <Pagination
          currentPage={clampPage(page, total)}
          numberOfPages={pageCount(total)}
          onNavigate={(toPage) => props.onPageChange(toPage)}
          hideWhenSinglePage
        />
      </div>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  actions: css({ whiteSpace: 'nowrap', display: 'flex', gap: theme.spacing(1), justifyContent: 'flex-end' }),
});
