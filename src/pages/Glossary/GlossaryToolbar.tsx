import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { FilterInput, RadioButtonGroup, Text, useStyles2 } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { KIND_FILTERS, type KindFilter } from './glossaryModel';

interface Props {
  search: string;
  kind: KindFilter;
  /** "3 metrics, 12 fields": what the search and the kind leave. */
  count: string;
  onSearch: (search: string) => void;
  onKind: (kind: KindFilter) => void;
}

/** The search box (names and words of the meaning), metrics / fields, and how many entries match. */
export function GlossaryToolbar({ search, kind, count, onSearch, onKind }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.toolbar}>
      <div className={styles.search}>
        <FilterInput
          value={search}
          onChange={onSearch}
          // The search is by words, not a regular expression: keep `.` and `_` as typed.
          escapeRegex={false}
          placeholder="Search by name or meaning, e.g. sysmon_queue_depth or “workers are stuck”"
          aria-label="Search the glossary"
          data-testid={testIds.glossary.search}
          autoFocus
        />
      </div>
      <RadioButtonGroup<KindFilter> options={[...KIND_FILTERS]} value={kind} onChange={onKind} />
      <Text color="secondary" variant="bodySmall">
        <span data-testid={testIds.glossary.count}>{count}</span>
      </Text>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  toolbar: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(2), flexWrap: 'wrap' }),
  search: css({ flex: '1 1 360px', maxWidth: 640 }),
});
