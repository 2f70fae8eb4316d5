import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Stack, Text, useStyles2 } from '@grafana/ui';
import type { QueueSnapshot } from '@penguinmails/sysmon-contract';
import { ActionOutcomeAlert } from '../../components/ActionConfirm/ActionOutcomeAlert';
import { useConfirmedAction } from '../../components/ActionConfirm/useConfirmedAction';
import { pauseOrResumeQueue, queuePauseConfirmation, type PauseAction } from '../../components/PauseButton/queuePause';
import { PolledContent } from '../../components/PolledContent/PolledContent';
import { PollStatus } from '../../components/PolledContent/PollStatus';
import { testIds } from '../../components/testIds';
import { DRIFT_POLL_INTERVAL_MS, QUEUE_HISTORY_POLL_INTERVAL_MS, QUEUES_POLL_INTERVAL_MS } from '../../constants';
import { useCanOperate } from '../../hooks/useCanOperate';
import { useSysmonClient } from '../../hooks/useSysmonClient';
import { DriftBanner } from './DriftBanner';
import {
  driftRecoveryConfirmation,
  driftRecoveryOutcome,
  driftRecoveryRequest,
  type RecoverableDrift,
} from './driftRecovery';
import { groupByTier, seriesByName, tierPauseConfirmation, type TierGroup } from './queuesModel';
import { TierSection } from './TierSection';
import { useQueuesData } from './useQueuesData';

interface Props {
  datasourceUid: string;
  /** Overridable so tests need not wait seconds. */
  pollIntervalMs?: number;
  historyIntervalMs?: number;
  driftIntervalMs?: number;
}

/** Every queue grouped by tier, live: counts, depth sparkline, rates, drain ETA; pause/resume for operators. */
export function QueuesPage({
  datasourceUid,
  pollIntervalMs = QUEUES_POLL_INTERVAL_MS,
  historyIntervalMs = QUEUE_HISTORY_POLL_INTERVAL_MS,
  driftIntervalMs = DRIFT_POLL_INTERVAL_MS,
}: Props) {
  const styles = useStyles2(getStyles);
  const client = useSysmonClient(datasourceUid);
  const canAct = useCanOperate(datasourceUid);
  const { snapshot, history, drift } = useQueuesData(
    client,
    { snapshotMs: pollIntervalMs, historyMs: historyIntervalMs, driftMs: driftIntervalMs },
    datasourceUid
  );
  const action = useConfirmedAction(() => void snapshot.refresh());

  const groups = useMemo(() => groupByTier(snapshot.data?.queues ?? []), [snapshot.data]);
  const depthHistory = useMemo(() => seriesByName(history.data), [history.data]);

  const pauseQueue = (queue: QueueSnapshot, verb: PauseAction) =>
    action.ask(queuePauseConfirmation(queue, verb), () => pauseOrResumeQueue(client, queue.name, verb));
  const pauseTier = (group: TierGroup, verb: PauseAction) =>
    action.ask(tierPauseConfirmation(group, verb), async () => {
      const result = verb === 'pause' ? await client.pauseTier(group.tier) : await client.resumeTier(group.tier);
      return `${result.paused ? 'Paused' : 'Resumed'} the ${result.tier} tier: ${result.queues.join(', ') || 'no queues'}`;
    });
  const recoverDrift = (recoverable: RecoverableDrift) =>
    action.ask(driftRecoveryConfirmation(recoverable), async (includeStarted) => {
      const result = await client.recoverDrift(driftRecoveryRequest(recoverable, includeStarted));
      // The service re-checks drift after a recovery: show the new report now, not at the next (slow) poll.
      void drift.refresh();
      return driftRecoveryOutcome(result);
    });

  return (
    <PluginPage>
      <div className={styles.container} data-testid={testIds.queues.container}>
        <Stack direction="column" gap={2}>
          <div className={styles.header}>
            <PollStatus
              updatedAt={snapshot.data?.generatedAt}
              paused={snapshot.paused}
              updatedTestId={testIds.queues.lastUpdated}
              pausedTestId={testIds.queues.pollingPaused}
            />
          </div>

          <DriftBanner report={drift.data} onRecover={canAct ? recoverDrift : undefined} />
          <ActionOutcomeAlert outcome={action.outcome} onRemove={action.clearOutcome} />
          <PolledContent
            resource={snapshot}
            what="queues"
            loadingText="Loading queues…"
            testIds={{ loading: testIds.queues.loading, error: testIds.queues.error, stale: testIds.queues.stale }}
          >
            {() =>
              groups.length === 0 ? (
                <span data-testid={testIds.queues.empty}>
                  <Text color="secondary">No BullMQ queues found under the configured prefixes.</Text>
                </span>
              ) : (
                <Stack direction="column" gap={2}>
                  {groups.map((group) => (
                    <TierSection
                      key={group.tier}
                      group={group}
                      depthHistory={depthHistory}
                      onPauseTier={canAct ? pauseTier : undefined}
                      onPauseQueue={canAct ? pauseQueue : undefined}
                    />
                  ))}
                </Stack>
              )
            }
          </PolledContent>
        </Stack>
        {action.modal}
      </div>
    </PluginPage>
  );
}

export default QueuesPage;

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ width: '100%' }),
  header: css({
    display: 'flex',
    alignItems: 'baseline',
    gap: theme.spacing(2),
    minHeight: theme.spacing(2),
  }),
});
