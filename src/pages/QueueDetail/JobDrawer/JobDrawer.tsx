import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, ClipboardButton, Collapse, Drawer, LoadingPlaceholder, Text, useStyles2 } from '@grafana/ui';
import type { SysmonClient } from '../../../api/client';
import type { JobDetail } from '@penguinmails/sysmon-contract';
import { RequestLogsLink } from '../../../components/RequestLogsLink/RequestLogsLink';
import { testIds } from '../../../components/testIds';
import { JobActionButtons } from '../JobActionButtons';
import { formatBytes } from '../../../utils/format';
import { JobTimeline } from './JobTimeline';
import { PayloadView } from './PayloadView';
import { useJobDetail } from './useJobDetail';

interface Props {
  client: SysmonClient;
  queue: string;
  jobId: string;
  onClose: () => void;
  /** Absent for Viewers. */
  onRetry?: (job: JobDetail) => void;
  onRemove?: (job: JobDetail) => void;
  reloadKey?: number;
}

/** Everything about one job: state, error and stack trace, payload, options, logs, timeline, ledger row. */
export function JobDrawer({ client, queue, jobId, onClose, onRetry, onRemove, reloadKey }: Props) {
  const styles = useStyles2(getStyles);
  const { job, error, loading } = useJobDetail(client, queue, jobId, reloadKey);

  return (
    <Drawer title={`Job ${jobId}`} subtitle={queue} onClose={onClose} size="md">
      <div className={styles.body} data-testid={testIds.jobDrawer.container} data-job={jobId}>
        {loading && !job && <LoadingPlaceholder text="Loading job…" data-testid={testIds.jobDrawer.loading} />}
        {error && (
          <Alert severity="error" title={`Could not load job ${jobId}`} data-testid={testIds.jobDrawer.error}>
            {error.message}
          </Alert>
        )}
        {job && <JobDetailView job={job} onRetry={onRetry} onRemove={onRemove} />}
      </div>
    </Drawer>
  );
}

function JobDetailView({
  job,
  onRetry,
  onRemove,
}: {
  job: JobDetail;
  onRetry?: (job: JobDetail) => void;
  onRemove?: (job: JobDetail) => void;
}) {
  const styles = useStyles2(getStyles);
  const [open, setOpen] = React.useState<Record<string, boolean>>({ data: true, opts: false, ledger: false });
  const toggle = (key: string) => (isOpen: boolean) => setOpen((previous) => ({ ...previous, [key]: isOpen }));

  return (
    <>
      <div className={styles.facts}>
        <span data-testid={testIds.jobDrawer.state} data-state={job.state}>
          <Badge
            color={job.state === 'failed' ? 'red' : job.state === 'completed' ? 'green' : 'blue'}
            text={job.state}
          />
        </span>
        <span>{job.name}</span>
        <span data-testid={testIds.jobDrawer.attempts} data-value={job.attemptsMade}>
          {job.attemptsMade} {job.attemptsMade === 1 ? 'attempt' : 'attempts'}
          {typeof job.opts.attempts === 'number' ? ` of ${job.opts.attempts}` : ''}
        </span>
        <span>priority {job.priority}</span>
        <span>{formatBytes(job.dataBytes)}</span>
        {job.requestId && <RequestId requestId={job.requestId} start={job.timestamp} end={job.finishedOn} />}
        <span className={styles.actions}>
          <JobActionButtons
            job={job}
            state={job.state}
            onRetry={onRetry}
            onRemove={onRemove}
            retryTestId={testIds.jobDrawer.retry}
            removeTestId={testIds.jobDrawer.remove}
          />
        </span>
      </div>

      {job.failedReason && (
        <Alert severity="error" title="Failed reason" data-testid={testIds.jobDrawer.failedReason}>
          {job.failedReason}
        </Alert>
      )}

      {job.stacktrace.length > 0 && (
        <section>
          <h4 className={styles.heading}>Stack trace ({job.stacktrace.length})</h4>
          <pre className={styles.pre} data-testid={testIds.jobDrawer.stacktrace}>
            {job.stacktrace.join('\n\n')}
          </pre>
        </section>
      )}

      <section>
        <h4 className={styles.heading}>Timeline</h4>
        <JobTimeline job={job} />
      </section>

      <Collapse label="Data" isOpen={open.data} onToggle={toggle('data')}>
        <PayloadView
          value={job.data}
          truncated={job.dataTruncated}
          preview={job.dataPreview}
          bytes={job.dataBytes}
          testId={testIds.jobDrawer.data}
        />
      </Collapse>
      <Collapse label="Options" isOpen={open.opts} onToggle={toggle('opts')}>
        <PayloadView value={job.opts} testId={testIds.jobDrawer.opts} />
      </Collapse>

      <section>
        <h4 className={styles.heading}>Logs ({job.logs.length})</h4>
        {job.logs.length === 0 ? (
          <span className={styles.muted}>No job logs.</span>
        ) : (
          <pre className={styles.pre} data-testid={testIds.jobDrawer.logs}>
            {job.logs.join('\n')}
          </pre>
        )}
      </section>

      <Collapse label="Ledger row" isOpen={open.ledger} onToggle={toggle('ledger')}>
        <div data-testid={testIds.jobDrawer.ledger} data-present={String(job.ledger !== null)}>
          {job.ledger ? (
            <dl className={styles.ledger}>
              <dt>Status</dt>
              <dd>{job.ledger.status}</dd>
              <dt>Attempts</dt>
              <dd>{job.ledger.attempts}</dd>
              <dt>Created</dt>
              <dd>{dateTimeFormat(job.ledger.createdAt)}</dd>
              <dt>Started</dt>
              <dd>{job.ledger.startedAt ? dateTimeFormat(job.ledger.startedAt) : '—'}</dd>
              <dt>Finished</dt>
              <dd>{job.ledger.finishedAt ? dateTimeFormat(job.ledger.finishedAt) : '—'}</dd>
              <dt>Updated</dt>
              <dd>{dateTimeFormat(job.ledger.updatedAt)}</dd>
              <dt>Last error</dt>
              <dd className={styles.mono}>{job.ledger.lastError ?? '—'}</dd>
            </dl>
          ) : (
            <span className={styles.muted}>No ledger row for this job (see drift on the Queues page).</span>
          )}
        </div>
      </Collapse>
    </>
  );
}

/** The request id with a copy button, linking to the Logs page with every line of that request (around the job). */
function RequestId({ requestId, start, end }: { requestId: string; start: number; end: number | null }) {
  const styles = useStyles2(getStyles);
  return (
    <span className={styles.request} data-testid={testIds.jobDrawer.requestLink} data-value={requestId}>
      <Text color="secondary">Request</Text>
      <RequestLogsLink
        requestId={requestId}
        start={start}
        end={end}
        className={styles.mono}
        data-testid={testIds.jobDrawer.requestLogs}
      />
      <ClipboardButton
        getText={() => requestId}
        icon="copy"
        variant="secondary"
        fill="text"
        size="sm"
        aria-label="Copy request id"
      />
    </span>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  body: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  facts: css({ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: theme.spacing(2) }),
  request: css({ display: 'inline-flex', alignItems: 'center', gap: theme.spacing(0.5) }),
  actions: css({ marginLeft: 'auto', display: 'flex', gap: theme.spacing(1) }),
  heading: css({ fontSize: theme.typography.h6.fontSize, marginBottom: theme.spacing(1) }),
  pre: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    // Stack traces keep their lines; long lines scroll instead of wrapping into noise.
    whiteSpace: 'pre',
    overflow: 'auto',
    maxHeight: 360,
    margin: 0,
  }),
  mono: css({ fontFamily: theme.typography.fontFamilyMonospace, fontSize: theme.typography.bodySmall.fontSize }),
  muted: css({ color: theme.colors.text.secondary }),
  ledger: css({
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: theme.spacing(0.5, 2),
    margin: 0,
    dt: { color: theme.colors.text.secondary },
    dd: { margin: 0 },
  }),
});
