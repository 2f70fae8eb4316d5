import React, { useEffect, useRef } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Drawer, LoadingPlaceholder, Text, useStyles2 } from '@grafana/ui';
import { LOG_LABELS } from '@penguinmails/sysmon-contract';
import type { SysmonClient } from '../../api/client';
import { testIds } from '../../components/testIds';
import { LogLine } from './LogLine';
import { labelText, type ContextDirection, type LogRow } from './logsModel';
import { useLogContext } from './useLogContext';

interface Props {
  client: SysmonClient;
  lineId: string;
  /** The selected line, when it is among the lines on the page. */
  line?: LogRow;
  onClose: () => void;
}

/** What the same service logged just before and after one line; the line itself highlighted. */
export function LogContextDrawer({ client, lineId, line, onClose }: Props) {
  const styles = useStyles2(getStyles);
  const context = useLogContext(client, lineId, line);
  const [expanded, setExpanded] = React.useState<string | undefined>();
  const selectedRef = useRef<HTMLDivElement>(null);
  const selectedShown = context.rows.some((row) => row.id === lineId);
  useEffect(() => {
    selectedRef.current?.scrollIntoView?.({ block: 'center' });
  }, [selectedShown]);
  const service = labelText((line ?? context.rows.find((row) => row.id === lineId))?.labels[LOG_LABELS.service]);

  return (
    <Drawer
      title={`Context of line ${lineId}`}
      subtitle={service ? `Lines of ${service} around it, oldest first` : 'Lines of the same service around it'}
      onClose={onClose}
      size="lg"
    >
      <div className={styles.body} data-testid={testIds.logs.context.container} data-line={lineId}>
        <MoreButton direction="backward" state={context.backward} onLoad={context.loadMore} />
        {context.rows.length === 0 && (context.backward.loading || context.forward.loading) && (
          <LoadingPlaceholder text="Loading context…" />
        )}
        <div className={styles.lines}>
          {context.rows.map((row) => (
            <div
              key={row.id}
              ref={row.id === lineId ? selectedRef : undefined}
              data-testid={testIds.logs.context.row(row.id)}
              data-selected={String(row.id === lineId)}
            >
              <LogLine
                row={row}
                searchWords={[]}
                expanded={expanded === row.id}
                selected={row.id === lineId}
                onToggle={() => setExpanded(expanded === row.id ? undefined : row.id)}
              />
            </div>
          ))}
        </div>
        <MoreButton direction="forward" state={context.forward} onLoad={context.loadMore} />
      </div>
    </Drawer>
  );
}

function MoreButton({
  direction,
  state,
  onLoad,
}: {
  direction: ContextDirection;
  state: { loading: boolean; error?: string; exhausted: boolean };
  onLoad: (direction: ContextDirection) => Promise<void>;
}) {
  const older = direction === 'backward';
  return (
    <div>
      {state.error && (
        <Alert
          severity="error"
          title={`Could not load ${older ? 'earlier' : 'later'} lines`}
          data-testid={testIds.logs.context.error}
        >
          {state.error}
        </Alert>
      )}
      {state.exhausted && older ? (
        <Text color="secondary" variant="bodySmall">
          No earlier lines from this service.
        </Text>
      ) : (
        <Button
          size="sm"
          variant="secondary"
          icon={older ? 'arrow-up' : 'arrow-down'}
          disabled={state.loading}
          onClick={() => void onLoad(direction)}
          data-testid={older ? testIds.logs.context.older : testIds.logs.context.newer}
        >
          {state.loading
            ? 'Loading…'
            : older
              ? 'Load earlier lines'
              : state.exhausted
                ? 'No later lines yet: check again'
                : 'Load later lines'}
        </Button>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  body: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  lines: css({ border: `1px solid ${theme.colors.border.weak}`, borderRadius: theme.shape.radius.default }),
});
