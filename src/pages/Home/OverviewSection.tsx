import React, { type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { css, cx } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { Icon, Text, useStyles2 } from '@grafana/ui';
import { infraTestIds } from '../../components/infraTestIds';
import { staleReason } from '../../components/PolledContent/staleReason';
import type { PolledState } from '../../hooks/polledState';

interface Props<T> {
  /** Names the section in test ids: services, findings, queues, logs. */
  id: string;
  title: string;
  /** The page this section summarises. */
  link: { to: string; text: string };
  resource: PolledState<T>;
  /** A short line beside the title (a count), once there is data. */
  summary?: (data: T) => ReactNode;
  children: (data: T) => ReactNode;
}

const O = infraTestIds.overview;

/**
 * One block of the overview: a title linking to its page, and its content; compact in-place notices for its own
 * read: "Loading…", "Unavailable: <why>" when nothing was loaded, and old content dimmed with "as of <time>" while
 * its polls fail (never passed off as live).
 */
export function OverviewSection<T>({ id, title, link, resource, summary, children }: Props<T>) {
  const styles = useStyles2(getStyles);
  const { data, error, stale, receivedAt } = resource;
  return (
    <section className={styles.section} aria-label={title}>
      <header className={styles.header}>
        <Text element="h2" variant="h5">
          {title}
        </Text>
        {data !== undefined && summary && (
          <Text color="secondary" variant="bodySmall">
            <span>{summary(data)}</span>
          </Text>
        )}
        <Link to={link.to} className={styles.link} data-testid={O.sectionLink(id)}>
          {link.text} <Icon name="arrow-right" size="sm" />
        </Link>
      </header>
      {data === undefined && !error && <Text color="secondary">Loading…</Text>}
      {data === undefined && error && (
        <div className={styles.error} data-testid={O.sectionError(id)}>
          <Icon name="exclamation-triangle" size="sm" /> Unavailable: {error.message}
        </div>
      )}
      {stale && error && (
        <div className={styles.stale} data-testid={O.sectionStale(id)}>
          <Icon name="exclamation-triangle" size="sm" /> As of{' '}
          {receivedAt ? dateTimeFormat(receivedAt) : 'the last good poll'}: {staleReason(error)}
        </div>
      )}
      {data !== undefined && <div className={cx(styles.content, stale && styles.dimmed)}>{children(data)}</div>}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    minWidth: 0,
    padding: theme.spacing(2),
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
  header: css({ display: 'flex', alignItems: 'baseline', gap: theme.spacing(1.5), flexWrap: 'wrap' }),
  link: css({
    marginLeft: 'auto',
    color: theme.colors.text.link,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
  }),
  error: css({ color: theme.colors.error.text, overflowWrap: 'anywhere' }),
  stale: css({ color: theme.colors.warning.text, fontSize: theme.typography.bodySmall.fontSize }),
  content: css({ minWidth: 0, overflowX: 'auto' }),
  dimmed: css({ opacity: 0.6 }),
});
