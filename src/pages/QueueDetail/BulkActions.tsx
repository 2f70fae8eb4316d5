import React, { useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Button, InlineField, Input, RadioButtonGroup, Text, useStyles2 } from '@grafana/ui';
import type { QueueSnapshot } from '@penguinmails/sysmon-contract';
import { testIds } from '../../components/testIds';
import {
  CLEAN_AGE_OPTIONS,
  cleanConfirmation,
  parseBulkCount,
  promoteDelayedConfirmation,
  retryFailedConfirmation,
} from './jobModel';
import type { Confirmation } from '../../components/ActionConfirm/useConfirmedAction';

export interface BulkActionHandlers {
  retryFailed: (count: number) => Promise<string>;
  promoteDelayed: (count: number) => Promise<string>;
  clean: (state: 'completed' | 'failed', olderThanMs: number, limit: number) => Promise<string>;
}

interface Props {
  queue: QueueSnapshot;
  ask: (confirmation: Confirmation, run: () => Promise<string>) => void;
  handlers: BulkActionHandlers;
}

const CLEAN_STATES = [
  { label: 'Completed', value: 'completed' as const },
  { label: 'Failed', value: 'failed' as const },
];

/** Bounded bulk actions: each takes a count, and its confirmation names how many jobs it will touch. */
export function BulkActions({ queue, ask, handlers }: Props) {
  const styles = useStyles2(getStyles);
  const [retryCount, setRetryCount] = useState('100');
  const [promoteCount, setPromoteCount] = useState('100');
  const [cleanState, setCleanState] = useState<'completed' | 'failed'>('completed');
  const [cleanAge, setCleanAge] = useState(CLEAN_AGE_OPTIONS[2].value);
  const [cleanLimit, setCleanLimit] = useState('1000');

  const retry = parseBulkCount(retryCount);
  const promote = parseBulkCount(promoteCount);
  const limit = parseBulkCount(cleanLimit);

  return (
    <section className={styles.section}>
      <Text element="h3" variant="h5">
        Bulk actions
      </Text>
      <div className={styles.row}>
        <InlineField label="Retry failed, up to" invalid={retry === null} error="1 to 100,000">
          <Input
            width={12}
            value={retryCount}
            onChange={(e) => setRetryCount(e.currentTarget.value)}
            data-testid={testIds.queueDetail.bulkRetryCount}
          />
        </InlineField>
        <Button
          variant="secondary"
          icon="sync"
          disabled={retry === null || queue.counts.failed === 0}
          data-testid={testIds.queueDetail.bulkRetry}
          onClick={() =>
            retry !== null && ask(retryFailedConfirmation(queue, retry), () => handlers.retryFailed(retry))
          }
        >
          Retry failed…
        </Button>
      </div>
      <div className={styles.row}>
        <InlineField label="Promote delayed, up to" invalid={promote === null} error="1 to 100,000">
          <Input
            width={12}
            value={promoteCount}
            onChange={(e) => setPromoteCount(e.currentTarget.value)}
            data-testid={testIds.queueDetail.bulkPromoteCount}
          />
        </InlineField>
        <Button
          variant="secondary"
          icon="bolt"
          disabled={promote === null || queue.counts.delayed === 0}
          data-testid={testIds.queueDetail.bulkPromote}
          onClick={() =>
            promote !== null && ask(promoteDelayedConfirmation(queue, promote), () => handlers.promoteDelayed(promote))
          }
        >
          Promote delayed…
        </Button>
      </div>
      <div className={styles.row}>
        <InlineField label="Clean">
          <span data-testid={testIds.queueDetail.bulkCleanState}>
            <RadioButtonGroup options={CLEAN_STATES} value={cleanState} onChange={(value) => setCleanState(value)} />
          </span>
        </InlineField>
        <InlineField label="older than">
          <span data-testid={testIds.queueDetail.bulkCleanAge}>
            <RadioButtonGroup options={CLEAN_AGE_OPTIONS} value={cleanAge} onChange={(value) => setCleanAge(value)} />
          </span>
        </InlineField>
        <InlineField label="limit" invalid={limit === null} error="1 to 100,000">
          <Input
            width={12}
            value={cleanLimit}
            onChange={(e) => setCleanLimit(e.currentTarget.value)}
            data-testid={testIds.queueDetail.bulkCleanLimit}
          />
        </InlineField>
        <Button
          variant="destructive"
          icon="trash-alt"
          disabled={limit === null || queue.counts[cleanState] === 0}
          data-testid={testIds.queueDetail.bulkClean}
          onClick={() =>
            limit !== null &&
            ask(cleanConfirmation(queue, cleanState, cleanAge, limit), () =>
              handlers.clean(cleanState, cleanAge, limit)
            )
          }
        >
          Clean…
        </Button>
      </div>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    padding: theme.spacing(2),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
  row: css({ display: 'flex', alignItems: 'flex-start', gap: theme.spacing(1), flexWrap: 'wrap' }),
});
