import React from 'react';
import { Link } from 'react-router-dom';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Icon, Text, useStyles2 } from '@grafana/ui';
import type { QueueSnapshot } from '@penguinmails/sysmon-contract';
import { queuePageUrl } from '../../api/urls';
import { infraTestIds } from '../../components/infraTestIds';
import { getTableStyles } from '../../components/tableStyles';
import { formatElapsed } from '../../utils/elapsed';
import { formatCount, formatDuration, formatJobsPerMinute } from '../../utils/format';
import { tierOverview } from './overviewModel';

interface Props {
  queues: QueueSnapshot[];
}

const O = infraTestIds.overview;

/** Depth and failures per tier; queues backing up are named, highlighted, and link to their page. */
export function QueueSummary({ queues }: Props) {
  const styles = useStyles2(getStyles);
  const table = useStyles2(getTableStyles, 0.5, 1);
  const tiers = tierOverview(queues);
  if (tiers.length === 0) {
    return (
      <span data-testid={O.queuesEmpty}>
        <Text color="secondary">No BullMQ queues found under the configured prefixes.</Text>
      </span>
    );
  }
  return (
    <table className={table.table}>
      <thead>
        <tr>
          <th>Tier</th>
          <th className={table.number}>Depth</th>
          <th className={table.number}>Failures</th>
          <th>Backing up</th>
        </tr>
      </thead>
      <tbody>
        {tiers.map((tier) => (
          <tr
            key={tier.tier}
            data-testid={O.tier(tier.tier)}
            data-depth={tier.depth ?? ''}
            data-backing-up={tier.backingUp.length}
            className={tier.backingUp.length > 0 ? styles.alarming : undefined}
          >
            <td className={table.nowrap}>
              {tier.tier} <span className={styles.count}>({tier.queueCount})</span>
            </td>
            <td className={table.number}>
              {tier.depth === null ? 'no data' : formatCount(tier.depth)}
              {tier.unreadable > 0 && tier.depth !== null && (
                <span className={styles.count}> + {tier.unreadable} unread</span>
              )}
            </td>
            <td className={`${table.number} ${(tier.failuresPerMin ?? 0) > 0 ? styles.failing : ''}`}>
              {formatJobsPerMinute(tier.failuresPerMin)}
            </td>
            <td>
              {tier.backingUp.length === 0 ? (
                <span className={styles.count}>none</span>
              ) : (
                tier.backingUp.map((queue) => (
                  <Link
                    key={queue.name}
                    to={queuePageUrl(queue.name)}
                    className={styles.backlog}
                    data-testid={O.backlog(queue.name)}
                    title={`${formatCount(queue.depth)} waiting, oldest ${formatDuration(queue.oldestWaitingAgeMs)}`}
                  >
                    <Icon name="exclamation-triangle" size="sm" /> {queue.name}: {formatCount(queue.depth)} waiting,
                    oldest {formatElapsed(queue.oldestWaitingAgeMs)}
                  </Link>
                ))
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  count: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  alarming: css({ background: theme.colors.warning.transparent }),
  failing: css({ color: theme.colors.error.text }),
  // One per line, wrapping within the cell: a long queue name never widens the card.
  backlog: css({
    display: 'block',
    color: theme.colors.warning.text,
    overflowWrap: 'anywhere',
  }),
});
