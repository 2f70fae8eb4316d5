import React, { useCallback, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { PluginPage } from '@grafana/runtime';
import { Stack, Text } from '@grafana/ui';
import type { JobState } from '@penguinmails/sysmon-contract';
import { ActionOutcomeAlert } from '../../components/ActionConfirm/ActionOutcomeAlert';
import { useConfirmedAction } from '../../components/ActionConfirm/useConfirmedAction';
import { pauseOrResumeQueue, queuePauseConfirmation } from '../../components/PauseButton/queuePause';
import { PolledContent } from '../../components/PolledContent/PolledContent';
import { testIds } from '../../components/testIds';
import { PLUGIN_BASE_URL, QUEUE_HISTORY_POLL_INTERVAL_MS, QUEUES_POLL_INTERVAL_MS, ROUTES } from '../../constants';
import { useCanOperate } from '../../hooks/useCanOperate';
import { usePolledResource } from '../../hooks/usePolledResource';
import { useSysmonClient } from '../../hooks/useSysmonClient';
import { formatCount } from '../../utils/format';
import { BulkActions, type BulkActionHandlers } from './BulkActions';
import { JobBrowser } from './JobBrowser';
import { JobDrawer } from './JobDrawer/JobDrawer';
import { parseJobState, removeJobConfirmation, retryJobConfirmation } from './jobModel';
import { JobSearch } from './JobSearch';
import { QueueCharts } from './QueueCharts';
import { QueueHeader } from './QueueHeader';

interface Props {
  datasourceUid: string;
  pollIntervalMs?: number;
  chartIntervalMs?: number;
}

/** One queue: snapshot, history charts, job browser, search, bulk actions and the job drawer (?job=<id>). */
export function QueueDetailPage({
  datasourceUid,
  pollIntervalMs = QUEUES_POLL_INTERVAL_MS,
  chartIntervalMs = QUEUE_HISTORY_POLL_INTERVAL_MS,
}: Props) {
  const queueName = useParams<{ queue: string }>().queue ?? '';
  const [searchParams, setSearchParams] = useSearchParams();
  const state = parseJobState(searchParams.get('state'));
  const page = Math.max(1, Number(searchParams.get('page')) || 1);
  const openJobId = searchParams.get('job');

  const client = useSysmonClient(datasourceUid);
  const canAct = useCanOperate(datasourceUid);
  const loadQueue = useCallback(() => client.queue(queueName), [client, queueName]);
  const snapshot = usePolledResource(loadQueue, pollIntervalMs, `${datasourceUid}|${queueName}`);
  const [reloadKey, setReloadKey] = useState(0);
  const afterAction = () => {
    setReloadKey((k) => k + 1);
    void snapshot.refresh();
  };
  const action = useConfirmedAction(afterAction);

  // URL is the state: ?state=&page=&job= so a view (and an open job) can be linked.
  const updateParams = (changes: Record<string, string | null>) => {
    setSearchParams((previous) => {
      const next = new URLSearchParams(previous);
      for (const [key, value] of Object.entries(changes)) {
        if (value === null) {
          next.delete(key);
        } else {
          next.set(key, value);
        }
      }
      return next;
    });
  };

  const queue = snapshot.data;
  // A queue the service could not read has zeros for counts on the wire: unknown, so they are not passed on (no
  // tab counters, no bulk actions whose confirmations would name them).
  const readableQueue = queue && !queue.error ? queue : undefined;
  const retryJob = (id: string) =>
    action.ask(retryJobConfirmation(queueName, id), async () => {
      const result = await client.retryJob(queueName, id);
      return `Job ${result.id} is ${result.state}`;
    });
  const removeJob = (id: string) =>
    action.ask(removeJobConfirmation(queueName, id), async () => {
      await client.removeJob(queueName, id);
      if (openJobId === id) {
        updateParams({ job: null });
      }
      return `Removed job ${id}`;
    });
  const bulk: BulkActionHandlers = {
    retryFailed: async (count) => `Retried ${formatCount((await client.retryFailed(queueName, count)).retried)} jobs`,
    promoteDelayed: async (count) =>
      `Promoted ${formatCount((await client.promoteDelayed(queueName, count)).promoted)} jobs`,
    clean: async (cleanState, olderThanMs, limit) =>
      `Removed ${formatCount((await client.clean(queueName, { state: cleanState, olderThanMs, limit })).removed)} ${cleanState} jobs`,
  };

  return (
    <PluginPage pageNav={{ text: queueName }}>
      <div data-testid={testIds.queueDetail.container} data-queue={queueName}>
        <Stack direction="column" gap={2}>
          <Text color="secondary" variant="bodySmall">
            <Link to={`${PLUGIN_BASE_URL}/${ROUTES.Queues}`}>All queues</Link>
          </Text>
          <ActionOutcomeAlert outcome={action.outcome} onRemove={action.clearOutcome} />
          <PolledContent
            resource={snapshot}
            what={`queue ${queueName}`}
            loadingText="Loading queue…"
            testIds={{
              loading: testIds.queueDetail.loading,
              error: testIds.queueDetail.error,
              stale: testIds.queueDetail.stale,
            }}
          >
            {(queueSnapshot) => (
              <QueueHeader
                queue={queueSnapshot}
                onPause={
                  canAct
                    ? (verb) =>
                        action.ask(queuePauseConfirmation(queueSnapshot, verb), () =>
                          pauseOrResumeQueue(client, queueName, verb)
                        )
                    : undefined
                }
              />
            )}
          </PolledContent>
          <QueueCharts client={client} queue={queueName} refreshMs={chartIntervalMs} />
          {readableQueue && canAct && <BulkActions queue={readableQueue} ask={action.ask} handlers={bulk} />}
          <JobBrowser
            client={client}
            queue={queueName}
            counts={readableQueue?.counts}
            state={state}
            page={page}
            refreshMs={pollIntervalMs}
            reloadKey={reloadKey}
            onStateChange={(next: JobState) => updateParams({ state: next, page: null })}
            onPageChange={(next) => updateParams({ page: next > 1 ? String(next) : null })}
            onOpenJob={(id) => updateParams({ job: id })}
            onRetryJob={canAct ? (job) => retryJob(job.id) : undefined}
            onRemoveJob={canAct ? (job) => removeJob(job.id) : undefined}
          />
          <Text element="h3" variant="h5">
            Search
          </Text>
          <JobSearch key={queueName} client={client} queue={queueName} onOpenJob={(id) => updateParams({ job: id })} />
        </Stack>
        {openJobId && (
          <JobDrawer
            client={client}
            queue={queueName}
            jobId={openJobId}
            reloadKey={reloadKey}
            onClose={() => updateParams({ job: null })}
            onRetry={canAct ? (job) => retryJob(job.id) : undefined}
            onRemove={canAct ? (job) => removeJob(job.id) : undefined}
          />
        )}
        {action.modal}
      </div>
    </PluginPage>
  );
}

export default QueueDetailPage;
