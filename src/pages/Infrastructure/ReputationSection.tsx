import React, { useEffect, useCallback, useState } from 'react';
import { Button, Text } from '@grafana/ui';
import type { ReputationSummary } from '@penguinmails/sysmon-contract';
import type { SysmonClient } from '../../api/client';
import { infraTestIds } from '../../components/infraTestIds';
import { RelativeTime } from '../../components/RelativeTime/RelativeTime';
import { StaleNotice } from '../../components/PolledContent/StaleNotice';
import { REPUTATION_POLL_INTERVAL_MS } from '../../constants';
import { usePolledResource } from '../../hooks/usePolledResource';
import { formatAgo } from '../../utils/elapsed';
import { reputationSummary } from './infrastructureModel';
import { ListingHistory } from './ListingHistory';
import { ReputationTable } from './ReputationTable';

const T = infraTestIds.infrastructure;
const LISTING_HISTORY_REFRESH_MS = 5 * 60_000;

/**
 * The entries change only with a reputation pass (every few minutes), so they are read again when the polled
 * summary says a pass finished (its checkedAt moved), and at most every REPUTATION_POLL_INTERVAL_MS otherwise.
 */
export function useReputation(
  client: SysmonClient,
  checkedAt: string | null,
  intervalMs = REPUTATION_POLL_INTERVAL_MS
) {
  const load = useCallback(() => client.reputation(), [client]);
  const polled = usePolledResource(load, intervalMs);
  const { refresh } = polled;
  useEffect(() => {
    if (checkedAt !== null) {
      void refresh();
    }
  }, [checkedAt, refresh]);
  return polled;
}

interface Props {
  client: SysmonClient;
  /** From the polled state: when the last pass ran and what it found, in numbers. */
  summary: ReputationSummary;
  now: number;
  className: string;
  headerClassName: string;
}

/** The sending IPs against the DNS lists: numbers, the table, the listing history. */
export function ReputationSection({ client, summary, now, className, headerClassName }: Props) {
  const [showListingHistory, setShowListingHistory] = useState(false);
  const { data, error, stale, receivedAt } = useReputation(client, summary.checkedAt);
  const entries = data?.entries ?? [];
  return (
    <section className={className} aria-label="Sending IP reputation" data-testid={T.reputation}>
      <div className={headerClassName}>
        <Text element="h2" variant="h4">
          Sending IP reputation
        </Text>
        {entries.length > 0 && (
          <Text color="secondary" variant="bodySmall">
            <span data-testid={T.reputationSummary}>{reputationSummary(entries)}</span>
            {' · checked '}
            {summary.checkedAt ? (
              <RelativeTime at={summary.checkedAt}>{formatAgo(summary.checkedAt, now)}</RelativeTime>
            ) : (
              'not yet'
            )}
          </Text>
        )}
      </div>
      <StaleNotice
        error={error}
        stale={stale}
        receivedAt={receivedAt}
        what="the reputation"
        errorTestId={T.reputationError}
        staleTestId={T.reputationStale}
      />
      {(data || summary.entries === 0) && <ReputationTable entries={entries} now={now} />}
      {entries.length > 0 && (
        <div>
          <Button
            size="sm"
            variant="secondary"
            fill="text"
            icon={showListingHistory ? 'angle-down' : 'angle-right'}
            onClick={() => setShowListingHistory((open) => !open)}
            aria-expanded={showListingHistory}
          >
            Listing history
          </Button>
          {showListingHistory && <ListingHistory client={client} refreshMs={LISTING_HISTORY_REFRESH_MS} />}
        </div>
      )}
    </section>
  );
}
