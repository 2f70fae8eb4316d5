import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Text, useStyles2 } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { GlossaryEntryCard } from './GlossaryEntryCard';
import { countText, type GlossaryGroup } from './glossaryModel';

/** One area (queues, infrastructure, …): its heading with how many entries match, and the entries. */
export function GlossaryArea({ group }: { group: GlossaryGroup }) {
  const styles = useStyles2(getStyles);
  const headingId = `glossary-area-${group.area}`;
  return (
    <section aria-labelledby={headingId} data-testid={testIds.glossary.area(group.area)}>
      <div className={styles.header}>
        <Text element="h2" variant="h4" id={headingId}>
          {group.label}
        </Text>
        <Text color="secondary" variant="bodySmall">
          {countText([group])}
        </Text>
      </div>
      <div className={styles.entries}>
        {group.entries.map((entry) => (
          <GlossaryEntryCard key={entry.id} entry={entry} />
        ))}
      </div>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  header: css({ display: 'flex', alignItems: 'baseline', gap: theme.spacing(2), marginBottom: theme.spacing(1) }),
  entries: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 480px), 1fr))',
    gap: theme.spacing(1.5),
    alignItems: 'start',
  }),
});
