import React from 'react';
import { Link } from 'react-router-dom';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Badge, useStyles2 } from '@grafana/ui';
import { QUEUES_FRAME, type QueueSnapshot } from '@penguinmails/sysmon-contract';
import { queuePageUrl } from '../../api/urls';
import { FieldTooltip } from '../../components/FieldTooltip/FieldTooltip';
import { SeriesSparkline } from '../../components/SeriesSparkline/SeriesSparkline';
import { getTableStyles } from '../../components/tableStyles';
import { testIds } from '../../components/testIds';
import { formatCount, formatDrainEta, formatDuration, formatJobsPerMinute, formatNoData } from '../../utils/format';
import { PauseButton } from '../../components/PauseButton/PauseButton';
import type { PauseAction } from '../../components/PauseButton/queuePause';
import type { Points } from './queuesModel';

interface Props {
  queues: QueueSnapshot[];
  depthHistory: Map<string, Points>;
  /** Absent for Viewers: no action column at all. */
  onPauseQueue?: (queue: QueueSnapshot, action: PauseAction) => void;
}

const Q = QUEUES_FRAME.fields;

const COUNT_COLUMNS = [
  { field: 'waiting', label: 'Waiting', definition: Q.waiting },
  { field: 'prioritized', label: 'Prioritized', definition: Q.prioritized },
  { field: 'active', label: 'Active', definition: Q.active },
  { field: 'delayed', label: 'Delayed', definition: Q.delayed },
  { field: 'failed', label: 'Failed', definition: Q.failed },
] as const;

/** The rate and time columns after the counts, each with the contract field it shows (its tooltip). */
const RATE_COLUMNS = [
  { label: 'Oldest wait', definition: Q.oldestWaitMs },
  { label: 'Throughput', definition: Q.throughputPerMin },
  { label: 'Failures', definition: Q.failuresPerMin },
  { label: 'Workers', definition: Q.workers },
  { label: 'Drain ETA', definition: Q.drainEtaSeconds },
] as const;

/** Depth, the sparkline, the counts and the five rate columns: what a queue without data spans. */
const NUMBER_COLUMNS = 2 + COUNT_COLUMNS.length + RATE_COLUMNS.length;

/** One row per queue of a tier with its snapshot, depth sparkline and pause/resume. */
export function QueueTable({ queues, depthHistory, onPauseQueue }: Props) {
  const styles = useStyles2(getStyles);
  const table = useStyles2(getTableStyles, 0.75, 1);
  return (
    <table className={table.table}>
      <thead>
        <tr>
          <th>Queue</th>
          <th className={table.number}>
            <FieldTooltip field={Q.depth} data-testid={testIds.queues.columnHeader(Q.depth.name)}>
              Depth
            </FieldTooltip>
          </th>
          <th>Last 30 min</th>
          {[...COUNT_COLUMNS, ...RATE_COLUMNS].map((c) => (
            <th key={c.label} className={table.number}>
              <FieldTooltip field={c.definition} data-testid={testIds.queues.columnHeader(c.definition.name)}>
                {c.label}
              </FieldTooltip>
            </th>
          ))}
          {onPauseQueue && <th aria-label="Actions" />}
        </tr>
      </thead>
      <tbody>
        {queues.map((queue) => {
          const cell = (field: string, value: number | null, text: string) => (
            <td className={table.number} data-testid={testIds.queues.count(queue.name, field)} data-value={value ?? ''}>
              {text}
            </td>
          );
          return (
            <tr key={queue.name} data-testid={testIds.queues.row(queue.name)} data-paused={String(queue.paused)}>
              <td>
                <div className={styles.name}>
                  <Link to={queuePageUrl(queue.name)} data-testid={testIds.queues.link(queue.name)}>
                    {queue.name}
                  </Link>
                  {queue.paused && (
                    <span data-testid={testIds.queues.pausedBadge(queue.name)}>
                      <Badge color="orange" icon="pause" text="Paused" />
                    </span>
                  )}
                  {queue.error && <Badge color="red" icon="exclamation-triangle" text="Unreadable" />}
                </div>
              </td>
              {queue.error ? (
                // The service could not read this queue: its numbers are unknown, so none is shown (never zeros).
                <td colSpan={NUMBER_COLUMNS} className={styles.noData} data-testid={testIds.queues.noData(queue.name)}>
                  {formatNoData(queue.error)}
                </td>
              ) : (
                <>
                  {cell('depth', queue.depth, formatCount(queue.depth))}
                  <td>
                    <SeriesSparkline
                      points={depthHistory.get(queue.name) ?? []}
                      width={120}
                      height={24}
                      data-testid={testIds.queues.sparkline(queue.name)}
                    />
                  </td>
                  {COUNT_COLUMNS.map((c) => (
                    <React.Fragment key={c.field}>
                      {cell(c.field, queue.counts[c.field], formatCount(queue.counts[c.field]))}
                    </React.Fragment>
                  ))}
                  {cell('oldest_wait', queue.oldestWaitingAgeMs, formatDuration(queue.oldestWaitingAgeMs))}
                  {cell('throughput', queue.throughputPerMin, formatJobsPerMinute(queue.throughputPerMin))}
                  {cell('failures', queue.failuresPerMin, formatJobsPerMinute(queue.failuresPerMin))}
                  {cell('workers', queue.workers, formatCount(queue.workers))}
                  {cell('drain_eta', queue.drainEtaSeconds, formatDrainEta(queue.drainEtaSeconds, queue.depth))}
                </>
              )}
              {onPauseQueue && (
                <td className={styles.actions}>
                  <PauseButton
                    paused={queue.paused}
                    onPause={() => onPauseQueue(queue, 'pause')}
                    onResume={() => onPauseQueue(queue, 'resume')}
                    pauseTestId={testIds.queues.pause(queue.name)}
                    resumeTestId={testIds.queues.resume(queue.name)}
                  />
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  name: css({
    fontWeight: theme.typography.fontWeightMedium,
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'center',
    a: { color: theme.colors.text.link },
  }),
  actions: css({ textAlign: 'right', whiteSpace: 'nowrap' }),
  noData: css({ color: theme.colors.warning.text }),
});
