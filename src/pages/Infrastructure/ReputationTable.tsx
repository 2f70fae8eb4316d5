import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, type BadgeColor, Icon, Text, TextLink, useStyles2 } from '@grafana/ui';
import type { ReputationEntry } from '@penguinmails/sysmon-contract';
import { infraTestIds } from '../../components/infraTestIds';
import { RelativeTime } from '../../components/RelativeTime/RelativeTime';
import { getTableStyles } from '../../components/tableStyles';
import { formatAgo } from '../../utils/elapsed';
import { UNKNOWN } from '../../utils/format';
import {
  reputationMeaning,
  reputationReason,
  reputationState,
  sortReputation,
  type ReputationTone,
} from './infrastructureModel';

interface Props {
  entries: ReputationEntry[];
  now: number;
}

const T = infraTestIds.infrastructure;

const TONE_COLORS: Record<ReputationTone, BadgeColor> = {
  bad: 'red',
  good: 'green',
  neutral: 'blue',
  unknown: 'darkgrey',
};

/**
 * Every sending IP on every list: state (unknown is never shown as clean), what the codes mean, the list's TXT reason
 * (or why the state is unknown), since when it is listed, when it was checked, and the list's removal page.
 */
export function ReputationTable({ entries, now }: Props) {
  const styles = useStyles2(getStyles);
  const table = useStyles2(getTableStyles, 0.75, 1);
  if (entries.length === 0) {
    return (
      <div className={styles.empty} data-testid={T.reputationEmpty}>
        <Text element="p">No sending IPs are checked.</Text>
        <Text color="secondary" element="p">
          List the platform&apos;s sending IPs (IPv4 and IPv6) under <code>reputation.sendingIps</code> in the
          service&apos;s configuration file, and the DNS lists to ask under <code>reputation.zones</code>.
        </Text>
      </div>
    );
  }
  return (
    <div className={styles.scroll}>
      <table className={table.table}>
        <thead>
          <tr>
            <th>IP</th>
            <th>List</th>
            <th>State</th>
            <th>Meaning</th>
            <th>Reason</th>
            <th>Listed since</th>
            <th>Checked</th>
            <th aria-label="Delisting" />
          </tr>
        </thead>
        <tbody>
          {sortReputation(entries).map((entry) => {
            const state = reputationState(entry);
            const listedOnBlocklist = state.tone === 'bad';
            return (
              <tr
                key={`${entry.ip}|${entry.zone}`}
                data-testid={T.reputationRow(entry.ip, entry.zone)}
                data-state={entry.state}
                data-tone={state.tone}
              >
                <td className={table.mono}>{entry.ip}</td>
                <td className={table.nowrap}>
                  {entry.zoneLabel}
                  {entry.zoneKind === 'allow' && <span className={styles.kind}> (allowlist)</span>}
                </td>
                <td>
                  <Badge color={TONE_COLORS[state.tone]} text={state.label} />
                </td>
                <td>{reputationMeaning(entry) || UNKNOWN}</td>
                <td className={entry.state === 'unknown' ? styles.unknownReason : styles.reason}>
                  {reputationReason(entry)}
                </td>
                <td className={table.nowrap}>
                  {entry.since && listedOnBlocklist ? (
                    <RelativeTime at={entry.since}>{formatAgo(entry.since, now)}</RelativeTime>
                  ) : (
                    UNKNOWN
                  )}
                </td>
                <td className={table.nowrap}>
                  {entry.checkedAt ? (
                    <RelativeTime at={entry.checkedAt}>{formatAgo(entry.checkedAt, now)}</RelativeTime>
                  ) : (
                    'not yet'
                  )}
                </td>
                <td className={table.nowrap}>
                  {listedOnBlocklist && entry.delistUrl && (
                    <TextLink href={entry.delistUrl} external>
                      Request removal
                    </TextLink>
                  )}
                  {listedOnBlocklist && !entry.delistUrl && (
                    <span className={styles.kind}>
                      <Icon name="info-circle" size="sm" /> no removal page known
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  scroll: css({ overflowX: 'auto' }),
  kind: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  reason: css({ color: theme.colors.text.secondary, overflowWrap: 'anywhere', maxWidth: 420 }),
  unknownReason: css({ color: theme.colors.warning.text, overflowWrap: 'anywhere', maxWidth: 420 }),
  empty: css({
    padding: theme.spacing(2),
    border: `1px dashed ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
    p: { margin: 0 },
  }),
});
