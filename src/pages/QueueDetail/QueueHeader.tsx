import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Badge, useStyles2 } from '@grafana/ui';
import type { QueueSnapshot } from '@penguinmails/sysmon-contract';
import { testIds } from '../../components/testIds';
import {
  formatCount,
  formatDrainEta,
  formatDuration,
  formatJobsPerMinute,
  formatNoData,
  formatPercent,
} from '../../utils/format';
import { PauseButton } from '../../components/PauseButton/PauseButton';
import type { PauseAction } from '../../components/PauseButton/queuePause';

interface Props {
  queue: QueueSnapshot;
  /** Absent for Viewers. */
  onPause?: (action: PauseAction) => void;
}

/**
 * The queue's snapshot as a row of facts, with its tier, paused badge and pause/resume; for a queue the service
 * could not read, "no data" and why in place of the facts (its numbers are unknown, not zero).
 */
export function QueueHeader({ queue, onPause }: Props) {
  const styles = useStyles2(getStyles);
  const facts: Array<{ field: string; label: string; value: number | null; text: string }> = [
    { field: 'depth', label: 'Depth', value: queue.depth, text: formatCount(queue.depth) },
    { field: 'waiting', label: 'Waiting', value: queue.counts.waiting, text: formatCount(queue.counts.waiting) },
    {
      field: 'prioritized',
      label: 'Prioritized',
      value: queue.counts.prioritized,
      text: formatCount(queue.counts.prioritized),
    },
    { field: 'active', label: 'Active', value: queue.counts.active, text: formatCount(queue.counts.active) },
    { field: 'delayed', label: 'Delayed', value: queue.counts.delayed, text: formatCount(queue.counts.delayed) },
    { field: 'failed', label: 'Failed', value: queue.counts.failed, text: formatCount(queue.counts.failed) },
    {
      field: 'oldest_wait',
      label: 'Oldest wait',
      value: queue.oldestWaitingAgeMs,
      text: formatDuration(queue.oldestWaitingAgeMs),
    },
    {
      field: 'throughput',
      label: 'Throughput',
      value: queue.throughputPerMin,
      text: formatJobsPerMinute(queue.throughputPerMin),
    },
    {
      field: 'failures',
      label: 'Failures',
      value: queue.failuresPerMin,
      text: `${formatJobsPerMinute(queue.failuresPerMin)} (${formatPercent(queue.failureRate)})`,
    },
    { field: 'workers', label: 'Workers', value: queue.workers, text: formatCount(queue.workers) },
    {
      field: 'drain_eta',
      label: 'Drain ETA',
      value: queue.drainEtaSeconds,
      text: formatDrainEta(queue.drainEtaSeconds, queue.depth),
    },
  ];
  return (
    <div className={styles.header} data-testid={testIds.queueDetail.header} data-paused={String(queue.paused)}>
      <div className={styles.badges}>
        <Badge color="blue" text={`${queue.tier} tier`} />
        {queue.paused && (
          <span data-testid={testIds.queueDetail.pausedBadge}>
            <Badge color="orange" icon="pause" text="Paused" />
          </span>
        )}
        {queue.error && <Badge color="red" icon="exclamation-triangle" text="Unreadable" />}
        {onPause && (
          <PauseButton
            paused={queue.paused}
            label={queue.name}
            onPause={() => onPause('pause')}
            onResume={() => onPause('resume')}
            pauseTestId={testIds.queueDetail.pause}
            resumeTestId={testIds.queueDetail.resume}
          />
        )}
      </div>
      {queue.error ? (
        <div className={styles.noData} data-testid={testIds.queueDetail.noData}>
          {formatNoData(queue.error)}
        </div>
      ) : (
        <dl className={styles.facts}>
          {facts.map((fact) => (
            <div key={fact.field} className={styles.fact}>
              <dt>{fact.label}</dt>
              <dd data-testid={testIds.queueDetail.count(fact.field)} data-value={fact.value ?? ''}>
                {fact.text}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  header: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1.5),
    padding: theme.spacing(2),
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
  }),
  badges: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1) }),
  facts: css({
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(3),
    margin: 0,
  }),
  noData: css({
    fontSize: theme.typography.h5.fontSize,
    color: theme.colors.warning.text,
  }),
  fact: css({
    dt: { color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize },
    dd: {
      margin: 0,
      fontSize: theme.typography.h4.fontSize,
      fontVariantNumeric: 'tabular-nums',
    },
  }),
});
