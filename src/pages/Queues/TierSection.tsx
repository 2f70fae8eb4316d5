import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Text, useStyles2 } from '@grafana/ui';
import type { QueueSnapshot } from '@penguinmails/sysmon-contract';
import { testIds } from '../../components/testIds';
import { PauseButton } from '../../components/PauseButton/PauseButton';
import type { PauseAction } from '../../components/PauseButton/queuePause';
import { QueueTable } from './QueueTable';
import { TIER_LABELS, tierSummary, type Points, type TierGroup } from './queuesModel';

interface Props {
  group: TierGroup;
  depthHistory: Map<string, Points>;
  /** Both absent for Viewers. */
  onPauseTier?: (group: TierGroup, action: PauseAction) => void;
  onPauseQueue?: (queue: QueueSnapshot, action: PauseAction) => void;
}

/** A tier heading with its totals and tier-wide pause/resume, then its queues. */
export function TierSection({ group, depthHistory, onPauseTier, onPauseQueue }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <section className={styles.section} data-testid={testIds.queues.tier(group.tier)} aria-label={`${group.tier} tier`}>
      <div className={styles.header}>
        <Text element="h3" variant="h5">
          {TIER_LABELS[group.tier]}
        </Text>
        <Text color="secondary" variant="bodySmall">
          <span data-testid={testIds.queues.tierSummary(group.tier)}>{tierSummary(group)}</span>
        </Text>
        {onPauseTier && (
          <div className={styles.actions}>
            <PauseButton
              paused={group.allPaused}
              label={`${group.tier} tier`}
              onPause={() => onPauseTier(group, 'pause')}
              onResume={() => onPauseTier(group, 'resume')}
              pauseTestId={testIds.queues.tierPause(group.tier)}
              resumeTestId={testIds.queues.tierResume(group.tier)}
            />
          </div>
        )}
      </div>
      <QueueTable queues={group.queues} depthHistory={depthHistory} onPauseQueue={onPauseQueue} />
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({
    padding: theme.spacing(2),
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    overflowX: 'auto',
  }),
  header: css({
    display: 'flex',
    alignItems: 'baseline',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(1),
  }),
  actions: css({ marginLeft: 'auto' }),
});
