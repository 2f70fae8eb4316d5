import React, { useEffect, useRef } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { useVirtualizer } from '@tanstack/react-virtual';
import { LOG_LABELS } from '@penguinmails/sysmon-contract';
import { testIds } from '../../components/testIds';
import { LogDetails } from './LogDetails';
import { LogLine } from './LogLine';
import { labelText, type LogRow } from './logsModel';

interface Props {
  rows: LogRow[];
  searchWords: string[];
  expandedId?: string;
  onToggle: (id: string) => void;
  onFilter: (field: string, value: string) => void;
  onShowContext: (id: string) => void;
  /** Called when the last lines come into view (infinite scroll to older lines). */
  onReachEnd?: () => void;
  /** Reports whether the list is scrolled to its top (the newest line), for the live tail. */
  onAtTopChange?: (atTop: boolean) => void;
  /** Shown after the last line (load older, end of results). */
  footer?: React.ReactNode;
  height: number | string;
}

const COLLAPSED_ROW_PX = 24;
const EXPANDED_ROW_PX = 320;
/** Ask for older lines this many rows before the end. */
const END_MARGIN_ROWS = 30;

/**
 * The lines, newest first, virtualised: only the rows in view (plus a few) are in the DOM, so 10,000 lines
 * scroll smoothly. Expanded rows are taller; each row is measured (measureElement) so heights may vary.
 */
export function LogsList(props: Props) {
  const {
    rows,
    searchWords,
    expandedId,
    onToggle,
    onFilter,
    onShowContext,
    onReachEnd,
    onAtTopChange,
    footer,
    height,
  } = props;
  const styles = useStyles2(getStyles);
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = rows.length + (footer ? 1 : 0);

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (rows[index]?.id === expandedId ? EXPANDED_ROW_PX : COLLAPSED_ROW_PX),
    getItemKey: (index) => rows[index]?.id ?? 'footer',
    overscan: 12,
    // flushSync from a measuring ref warns in React 18 (inside a commit); a frame later is smooth enough.
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? items[items.length - 1].index : -1;

  useEffect(() => {
    if (onReachEnd && rows.length > 0 && lastIndex >= rows.length - END_MARGIN_ROWS) {
      onReachEnd();
    }
  }, [lastIndex, rows.length, onReachEnd]);

  // A line opened from a link may be far down: bring it into view once.
  const scrolledTo = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!expandedId || scrolledTo.current === expandedId) {
      return;
    }
    const index = rows.findIndex((row) => row.id === expandedId);
    if (index >= 0) {
      scrolledTo.current = expandedId;
      virtualizer.scrollToIndex(index, { align: 'start' });
    }
  }, [expandedId, rows, virtualizer]);

  return (
    <div
      ref={scrollRef}
      className={styles.scroll}
      style={{ height }}
      onScroll={(event) => onAtTopChange?.(event.currentTarget.scrollTop < COLLAPSED_ROW_PX / 2)}
      data-testid={testIds.logs.list}
      data-rows={rows.length}
      role="list"
      aria-label="Log lines"
    >
      <div className={styles.inner} style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = rows[item.index];
          return (
            <div
              key={item.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              className={styles.item}
              style={{ transform: `translateY(${item.start}px)` }}
              role="listitem"
            >
              {row ? (
                <div
                  data-testid={testIds.logs.row(row.id)}
                  data-id={row.id}
                  data-level={row.level}
                  data-service={labelText(row.labels[LOG_LABELS.service])}
                >
                  <LogLine
                    row={row}
                    searchWords={searchWords}
                    expanded={row.id === expandedId}
                    onToggle={() => onToggle(row.id)}
                  />
                  {row.id === expandedId && (
                    <LogDetails row={row} onFilter={onFilter} onShowContext={() => onShowContext(row.id)} />
                  )}
                </div>
              ) : (
                footer
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  scroll: css({
    overflowY: 'auto',
    overflowX: 'hidden',
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.primary,
    contain: 'strict',
  }),
  inner: css({ position: 'relative', width: '100%' }),
  item: css({ position: 'absolute', top: 0, left: 0, width: '100%' }),
});
