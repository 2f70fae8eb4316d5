import React from 'react';
import { Link } from 'react-router-dom';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, Icon, Text, useStyles2 } from '@grafana/ui';
import type { Finding } from '@penguinmails/sysmon-contract';
import { formatAgo } from '../../utils/elapsed';
import { findingLogsUrl } from '../../utils/infraUrls';
import { infraTestIds } from '../infraTestIds';
import { RelativeTime } from '../RelativeTime/RelativeTime';
import { SEVERITY_COLORS, SEVERITY_LABELS, sortFindings } from './findingsModel';

interface Props {
  findings: readonly Finding[];
  /** What "4 min ago" is measured from (the time of the data, so a stale list does not age). */
  now: number;
  /** Service ids to the labels the cards show ("smtp" → "SMTP"). */
  serviceLabels?: ReadonlyMap<string, string>;
  /** Show at most this many (most severe first), with a count of the rest. */
  limit?: number;
  /** Said when there are no active findings. */
  emptyText?: string;
}

/**
 * Active infrastructure problems, most severe first: severity, title, the service, the plain-language cause, when
 * it was first seen, and a link to the service's warnings and errors in the logs over the finding's window.
 */
export function FindingsList({ findings, now, serviceLabels, limit, emptyText = 'No active findings.' }: Props) {
  const styles = useStyles2(getStyles);
  if (findings.length === 0) {
    return (
      <span data-testid={infraTestIds.findings.empty}>
        <Text color="secondary">{emptyText}</Text>
      </span>
    );
  }
  const sorted = sortFindings(findings);
  const shown = limit === undefined ? sorted : sorted.slice(0, limit);
  const hidden = sorted.length - shown.length;
  return (
    <div>
      <ul className={styles.list} data-testid={infraTestIds.findings.list}>
        {shown.map((finding, index) => {
          const logsUrl = findingLogsUrl(finding);
          const service = serviceLabels?.get(finding.service) ?? finding.service;
          return (
            <li
              // Ids are unique while the service keeps them so; the index keeps React's keys unique regardless.
              key={`${finding.id}#${index}`}
              className={styles.item}
              data-testid={infraTestIds.findings.item(finding.id)}
              data-severity={finding.severity}
              data-service={finding.service}
            >
              <div className={styles.head}>
                <Badge color={SEVERITY_COLORS[finding.severity]} text={SEVERITY_LABELS[finding.severity]} />
                <span className={styles.title}>{finding.title}</span>
                <span className={styles.meta}>
                  {service} · first seen{' '}
                  <RelativeTime at={finding.firstSeen}>{formatAgo(finding.firstSeen, now)}</RelativeTime>
                </span>
                {logsUrl && (
                  <Link
                    to={logsUrl}
                    className={styles.logsLink}
                    data-testid={infraTestIds.findings.logsLink(finding.id)}
                    title={`Warnings and errors of ${finding.logs!.service} over this finding's window`}
                  >
                    <Icon name="document-info" size="sm" /> Search logs
                  </Link>
                )}
              </div>
              <div className={styles.cause}>{finding.cause}</div>
            </li>
          );
        })}
      </ul>
      {hidden > 0 && (
        <Text color="secondary" variant="bodySmall">
          and {hidden} more
        </Text>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({ listStyle: 'none', margin: 0, padding: 0 }),
  item: css({
    padding: theme.spacing(1, 0),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
    '&:last-child': { borderBottom: 'none' },
  }),
  head: css({ display: 'flex', flexWrap: 'wrap', alignItems: 'center', columnGap: theme.spacing(1), rowGap: 4 }),
  title: css({ fontWeight: theme.typography.fontWeightMedium }),
  meta: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  logsLink: css({
    marginLeft: 'auto',
    color: theme.colors.text.link,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
  }),
  cause: css({
    marginTop: 2,
    color: theme.colors.text.secondary,
    overflowWrap: 'anywhere',
  }),
});
